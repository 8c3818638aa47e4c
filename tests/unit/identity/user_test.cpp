#include <doctest/doctest.h>

#include <veza/identity/user.hpp>

using veza::identity::parse_role;
using veza::identity::Role;

TEST_SUITE("identity") {
  TEST_CASE("roles round-trip through their snake_case names") {
    for (const Role role : {Role::user, Role::admin}) {
      const auto parsed = parse_role(veza::identity::to_string(role));
      REQUIRE(parsed);
      CHECK(*parsed == role);
    }
    CHECK(veza::identity::to_string(Role::admin) == "admin");
  }

  TEST_CASE("parsing a role refuses unknown and differently cased names") {
    CHECK_FALSE(parse_role("Admin"));
    CHECK_FALSE(parse_role(""));
    CHECK_FALSE(parse_role("root"));
  }
}
