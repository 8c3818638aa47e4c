#pragma once
#include <soci/soci.h>

#include <veza/identity/user.hpp>

namespace veza::adapters {

// identity::UserRepository over one SOCI session (inside the caller's transaction).
class SqlUserRepository final : public identity::UserRepository {
 public:
  explicit SqlUserRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const identity::User& user) override;
  Result<std::optional<identity::User>> find_by_id(std::string_view id) override;
  Result<std::optional<identity::User>> find_by_email(std::string_view email) override;

 private:
  soci::session& sql_;
};

}  // namespace veza::adapters
