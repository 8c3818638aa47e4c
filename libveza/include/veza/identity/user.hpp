#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::identity {

enum class Role { user, admin };

VEZA_API std::string_view to_string(Role role) noexcept;
VEZA_API std::optional<Role> parse_role(std::string_view text) noexcept;

struct User {
  std::string id;
  std::optional<std::string> email;  // unique case-insensitively when set
  bool email_verified = false;
  std::string display_name;
  Role role = Role::user;
  Timestamp created_at{};
};

// Port: user persistence. `insert` fails with `conflict` on a duplicate email.
class VEZA_API UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<void> insert(const User& user) = 0;
  virtual Result<std::optional<User>> find_by_id(std::string_view id) = 0;
  // Case-insensitive match.
  virtual Result<std::optional<User>> find_by_email(std::string_view email) = 0;
};

}  // namespace veza::identity
