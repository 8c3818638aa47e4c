#include <doctest/doctest.h>

#include <string>

#include "support/domain_fixture.hpp"

using veza::ErrorCode;
using veza::identity::NewUser;
using veza::identity::Role;
using veza::testing::DomainFixture;
using veza::testing::SequentialIds;

TEST_SUITE("identity") {
  TEST_CASE("creating a user stores a trimmed email, the cleaned name, an id and the clock's time") {
    DomainFixture f;
    auto r = f.users.create({"  Ada@Example.com ", "  Ada Lovelace ", Role::admin, true});
    REQUIRE(r);
    CHECK(r->id == SequentialIds::nth(1));
    REQUIRE(r->email);
    CHECK(*r->email == "Ada@Example.com");
    CHECK(r->display_name == "Ada Lovelace");
    CHECK(r->role == Role::admin);
    CHECK(r->email_verified);
    CHECK(r->created_at == f.clock.now());

    auto again = f.users.get(r->id);
    REQUIRE(again);
    CHECK(again->display_name == "Ada Lovelace");
  }

  TEST_CASE("a second user with the same email in another case is a conflict") {
    DomainFixture f;
    REQUIRE(f.users.create({"ada@example.com", "Ada"}));
    auto r = f.users.create({"ADA@example.COM", "Other Ada"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().message.find("already exists") != std::string::npos);
  }

  TEST_CASE("invalid email or display name is refused and changes nothing") {
    DomainFixture f;
    SUBCASE("email without @") {
      auto r = f.users.create({"not-an-email", "Ada"});
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    SUBCASE("empty display name") {
      auto r = f.users.create({"ada@example.com", "   "});
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    SUBCASE("display name over 100 characters") {
      auto r = f.users.create({"ada@example.com", std::string(101, 'a')});
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    SUBCASE("display name that is not UTF-8") {
      auto r = f.users.create({"ada@example.com", "Ada \xff"});
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    CHECK(f.db.commits() == 0);
    CHECK_FALSE(f.users.get_by_email("ada@example.com"));
  }

  TEST_CASE("a display name of exactly 100 characters is accepted") {
    DomainFixture f;
    CHECK(f.users.create({"ada@example.com", std::string(100, 'a')}));
  }

  TEST_CASE("users are found by email case-insensitively") {
    DomainFixture f;
    const auto ada = f.make_user("Ada@Example.com");
    auto r = f.users.get_by_email("ada@example.com");
    REQUIRE(r);
    CHECK(r->id == ada.id);
  }

  TEST_CASE("unknown ids and emails are not_found") {
    DomainFixture f;
    auto by_id = f.users.get(SequentialIds::nth(42));
    REQUIRE_FALSE(by_id);
    CHECK(by_id.error().code == ErrorCode::not_found);
    auto not_uuid = f.users.get("42");
    REQUIRE_FALSE(not_uuid);
    CHECK(not_uuid.error().code == ErrorCode::not_found);
    auto by_email = f.users.get_by_email("nobody@example.com");
    REQUIRE_FALSE(by_email);
    CHECK(by_email.error().code == ErrorCode::not_found);
  }

  TEST_CASE("a database failure while creating a user is returned and stores nothing") {
    DomainFixture f;
    f.db.fail_next_commit();
    auto r = f.users.create({"ada@example.com", "Ada"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    CHECK_FALSE(f.users.get_by_email("ada@example.com"));
  }
}
