#include <veza/identity/user.hpp>

namespace veza::identity {

std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::user: return "user";
    case Role::admin: return "admin";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view text) noexcept {
  if (text == "user") return Role::user;
  if (text == "admin") return Role::admin;
  return std::nullopt;
}

}  // namespace veza::identity
