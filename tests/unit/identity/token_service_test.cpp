#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "support/domain_fixture.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::identity::hash_token;
using veza::testing::DomainFixture;
using veza::testing::SequentialIds;

TEST_SUITE("identity") {
  TEST_CASE("a new token is veza_ plus 43 base64url characters and only its hash is stored") {
    DomainFixture f;
    const auto ada = f.make_user("ada@example.com");
    auto issued = f.tokens.create("ada@example.com", 30);
    REQUIRE(issued);
    const std::string& token = issued->token;
    CHECK(token.size() == 48);
    CHECK(token.rfind("veza_", 0) == 0);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 5) ==
          std::string::npos);
    CHECK(issued->record.user_id == ada.id);
    CHECK(issued->record.token_hash == hash_token(token));
    CHECK(issued->record.token_hash != token);
    REQUIRE(issued->record.expires_at);
    CHECK(*issued->record.expires_at == f.clock.now() + std::chrono::days{30});

    auto listed = f.tokens.list_for("ada@example.com");
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK((*listed)[0].token_hash == hash_token(token));
  }

  TEST_CASE("two tokens are different") {
    DomainFixture f;
    f.make_user("ada@example.com");
    auto a = f.tokens.create("ada@example.com", std::nullopt);
    auto b = f.tokens.create("ada@example.com", std::nullopt);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->token != b->token);
    CHECK_FALSE(a->record.expires_at);
  }

  TEST_CASE("hash_token is the lower-case hex SHA-256 of the text") {
    CHECK(hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  TEST_CASE("a lifetime outside 1..kMaxTokenDays is validation_failed") {
    DomainFixture f;
    f.make_user("ada@example.com");
    for (const int days : {0, -1, veza::identity::kMaxTokenDays + 1}) {
      INFO(days);
      auto r = f.tokens.create("ada@example.com", days);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    CHECK(f.tokens.create("ada@example.com", veza::identity::kMaxTokenDays));
  }

  TEST_CASE("a token for an unknown user is not_found") {
    DomainFixture f;
    auto r = f.tokens.create("nobody@example.com", std::nullopt);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::not_found);
  }

  TEST_CASE("a valid token authenticates its user") {
    DomainFixture f;
    const auto ada = f.make_user("ada@example.com");
    auto issued = f.tokens.create("ADA@example.com", 1);
    REQUIRE(issued);
    auto who = f.tokens.authenticate(issued->token);
    REQUIRE(who);
    CHECK(who->id == ada.id);
  }

  TEST_CASE("a malformed token is unauthenticated without a database lookup") {
    DomainFixture f;
    const auto before = f.db.transactions_begun();
    for (const std::string& bad : {std::string(), std::string("veza_short"), "xeza_" + std::string(43, 'A'),
                                  "veza_" + std::string(44, 'A'), "veza_" + std::string(42, 'A') + "="}) {
      INFO(bad);
      auto r = f.tokens.authenticate(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::unauthenticated);
    }
    CHECK(f.db.transactions_begun() == before);
  }

  TEST_CASE("unknown, revoked and expired tokens are refused with the same message") {
    DomainFixture f;
    f.make_user("ada@example.com");
    auto unknown = f.tokens.authenticate("veza_" + std::string(43, 'A'));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::unauthenticated);

    auto revoked_token = f.tokens.create("ada@example.com", std::nullopt);
    REQUIRE(revoked_token);
    REQUIRE(f.tokens.revoke(revoked_token->record.id));
    auto revoked = f.tokens.authenticate(revoked_token->token);
    REQUIRE_FALSE(revoked);
    CHECK(revoked.error().code == ErrorCode::unauthenticated);

    auto expiring = f.tokens.create("ada@example.com", 1);
    REQUIRE(expiring);
    f.clock.advance(24h - 1ms);
    CHECK(f.tokens.authenticate(expiring->token));
    f.clock.advance(1ms);  // expires_at <= now: expired at the exact instant
    auto expired = f.tokens.authenticate(expiring->token);
    REQUIRE_FALSE(expired);
    CHECK(expired.error().code == ErrorCode::unauthenticated);

    CHECK(unknown.error().message == revoked.error().message);
    CHECK(revoked.error().message == expired.error().message);
  }

  TEST_CASE("revoking sets revoked_at once, a second revoke is a conflict") {
    DomainFixture f;
    f.make_user("ada@example.com");
    auto issued = f.tokens.create("ada@example.com", std::nullopt);
    REQUIRE(issued);
    f.clock.advance(5s);
    auto revoked = f.tokens.revoke(issued->record.id);
    REQUIRE(revoked);
    REQUIRE(revoked->revoked_at);
    CHECK(*revoked->revoked_at == f.clock.now());
    auto again = f.tokens.revoke(issued->record.id);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);
  }

  TEST_CASE("revoking an unknown token id is not_found") {
    DomainFixture f;
    auto r = f.tokens.revoke(SequentialIds::nth(99));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::not_found);
    auto garbage = f.tokens.revoke("not-an-id");
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().code == ErrorCode::not_found);
  }

  TEST_CASE("listing tokens of an unknown user is not_found") {
    DomainFixture f;
    auto r = f.tokens.list_for("nobody@example.com");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::not_found);
  }
}
