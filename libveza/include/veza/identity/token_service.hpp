#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/identity/api_token.hpp>
#include <veza/identity/user.hpp>
#include <veza/persistence/database.hpp>

namespace veza::identity {

struct IssuedToken {
  std::string token;  // shown once; only its hash is stored
  ApiToken record;
};

// The longest lifetime `create` accepts, in days (ten years).
inline constexpr int kMaxTokenDays = 3650;

// API tokens: 32 random bytes (OpenSSL), prefixed `veza_`, base64url; SHA-256 stored.
class VEZA_API TokenService {
 public:
  TokenService(Database& db, IdGenerator& ids, const Clock& clock) : db_(db), ids_(ids), clock_(clock) {}

  // `not_found` for an unknown user; `validation_failed` unless 1 <= expires_in_days <= kMaxTokenDays.
  Result<IssuedToken> create(std::string_view user_email, std::optional<int> expires_in_days);
  // The token's user; `unauthenticated` for a malformed, unknown, revoked or expired token.
  Result<User> authenticate(std::string_view token);
  // `not_found` for an unknown id; `conflict` when already revoked.
  Result<ApiToken> revoke(std::string_view token_id);
  Result<std::vector<ApiToken>> list_for(std::string_view user_email);

 private:
  Database& db_;
  IdGenerator& ids_;
  const Clock& clock_;
};

// Lower-case hex SHA-256 of `token` (what the repository stores).
VEZA_API std::string hash_token(std::string_view token);

}  // namespace veza::identity
