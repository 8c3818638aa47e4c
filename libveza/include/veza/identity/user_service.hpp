#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/identity/user.hpp>
#include <veza/persistence/database.hpp>

namespace veza::identity {

struct NewUser {
  std::string email;
  std::string display_name;
  Role role = Role::user;
  bool email_verified = true;  // an operator creating a user vouches for the address
};

// Users: creation with validation, lookup.
class VEZA_API UserService {
 public:
  UserService(Database& db, IdGenerator& ids, const Clock& clock) : db_(db), ids_(ids), clock_(clock) {}

  // `invalid_argument`/`validation_failed` on a bad email or name; `conflict` on a taken email.
  Result<User> create(const NewUser& input);
  Result<User> get(std::string_view id);
  Result<User> get_by_email(std::string_view email);

 private:
  Database& db_;
  IdGenerator& ids_;
  const Clock& clock_;
};

}  // namespace veza::identity
