#include <veza/identity/user_service.hpp>

#include <utility>

#include <veza/core/text.hpp>

namespace veza::identity {
namespace {

constexpr std::size_t kMaxDisplayNameChars = 100;

Error no_user_with_id(std::string_view id) {
  return make_error(ErrorCode::not_found, "no user with id " + std::string(id.substr(0, 64)));
}

}  // namespace

Result<User> UserService::create(const NewUser& input) {
  // Everything that needs no database is checked first, so invalid input never opens a transaction.
  auto email = validate_email(input.email);
  if (!email) return std::move(email).error();
  auto name = clean_text(input.display_name, "display name", kMaxDisplayNameChars);
  if (!name) return std::move(name).error();

  return transact<User>(db_, TxMode::write, [&](Transaction& tx) -> Result<User> {
    auto existing = tx.users().find_by_email(*email);
    if (!existing) return std::move(existing).error();
    if (*existing) {
      return make_error(ErrorCode::conflict, "a user with email " + *email + " already exists");
    }
    User user;
    user.id = ids_.next();
    user.email = *email;
    user.email_verified = input.email_verified;
    user.display_name = *name;
    user.role = input.role;
    user.created_at = clock_.now();
    // The repository re-checks uniqueness (a concurrent writer on another connection).
    VEZA_TRY_VOID(tx.users().insert(user));
    return user;
  });
}

Result<User> UserService::get(std::string_view id) {
  // A text that is not a UUID names no user; PostgreSQL would refuse it as a parameter anyway.
  if (!is_uuid(id)) return no_user_with_id(id);
  return transact<User>(db_, TxMode::read, [&](Transaction& tx) -> Result<User> {
    auto found = tx.users().find_by_id(id);
    if (!found) return std::move(found).error();
    if (!*found) return no_user_with_id(id);
    return std::move(**found);
  });
}

Result<User> UserService::get_by_email(std::string_view email) {
  const std::string_view wanted = trim(email);
  return transact<User>(db_, TxMode::read, [&](Transaction& tx) -> Result<User> {
    auto found = tx.users().find_by_email(wanted);
    if (!found) return std::move(found).error();
    if (!*found) return make_error(ErrorCode::not_found, "no user with email " + std::string(wanted.substr(0, 254)));
    return std::move(**found);
  });
}

}  // namespace veza::identity
