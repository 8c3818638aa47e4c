#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::identity {

// Only the SHA-256 of the token is stored; the token itself is shown once, at creation.
struct ApiToken {
  std::string id;
  std::string user_id;
  std::string token_hash;  // lower-case hex SHA-256 of the whole token text
  Timestamp created_at{};
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> revoked_at;
};

// Port: API token persistence. `insert` fails with `conflict` on a duplicate hash.
class VEZA_API ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Result<void> insert(const ApiToken& token) = 0;
  virtual Result<std::optional<ApiToken>> find_by_hash(std::string_view token_hash) = 0;
  virtual Result<std::optional<ApiToken>> find_by_id(std::string_view id) = 0;
  virtual Result<std::vector<ApiToken>> list_for_user(std::string_view user_id) = 0;
  // Sets revoked_at when the token exists and is not revoked yet; returns whether it did.
  virtual Result<bool> revoke(std::string_view id, Timestamp at) = 0;
};

}  // namespace veza::identity
