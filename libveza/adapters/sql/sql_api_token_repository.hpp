#pragma once
#include <soci/soci.h>

#include <veza/identity/api_token.hpp>

namespace veza::adapters {

// identity::ApiTokenRepository over one SOCI session (inside the caller's transaction).
class SqlApiTokenRepository final : public identity::ApiTokenRepository {
 public:
  explicit SqlApiTokenRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const identity::ApiToken& token) override;
  Result<std::optional<identity::ApiToken>> find_by_hash(std::string_view token_hash) override;
  Result<std::optional<identity::ApiToken>> find_by_id(std::string_view id) override;
  Result<std::vector<identity::ApiToken>> list_for_user(std::string_view user_id) override;
  Result<bool> revoke(std::string_view id, Timestamp at) override;

 private:
  Result<std::vector<identity::ApiToken>> query(const std::string& where, const std::string& value);

  soci::session& sql_;
};

}  // namespace veza::adapters
