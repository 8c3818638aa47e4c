#pragma once
#include <soci/soci.h>

#include <veza/identity/oauth.hpp>

namespace veza::adapters {

// identity::OAuthIdentityRepository over one SOCI session (inside the caller's transaction).
class SqlOAuthIdentityRepository final : public identity::OAuthIdentityRepository {
 public:
  explicit SqlOAuthIdentityRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const identity::OAuthIdentity& identity) override;
  Result<std::optional<identity::OAuthIdentity>> find(std::string_view provider,
                                                      std::string_view provider_user_id) override;
  Result<std::vector<identity::OAuthIdentity>> list_for_user(std::string_view user_id) override;
  Result<bool> remove(std::string_view user_id, std::string_view provider) override;

 private:
  soci::session& sql_;
};

}  // namespace veza::adapters
