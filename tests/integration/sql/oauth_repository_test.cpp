// OAuth identities and login sessions against real SQLite and PostgreSQL (the same cases for both).
#include <doctest/doctest.h>

#include <veza/identity/api_token.hpp>
#include <veza/identity/oauth.hpp>

#include "sql_test_db.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::identity::ApiToken;
using veza::identity::OAuthIdentity;

namespace {

OAuthIdentity identity_for(veza::testing::SqlTestDb& t, const std::string& user_id, const std::string& provider,
                           const std::string& key) {
  OAuthIdentity i;
  i.id = t.ids.next();
  i.user_id = user_id;
  i.provider = provider;
  i.provider_user_id = key;
  i.email = "Nelly@Example.com";
  i.email_verified = true;
  i.created_at = t.clock.now();
  return i;
}

veza::Result<void> insert(veza::testing::SqlTestDb& t, const OAuthIdentity& i) {
  return t.db().run(TxMode::write, [&](Transaction& tx) { return tx.oauth_identities().insert(i); });
}

}  // namespace

TEST_SUITE("sql") {
  VEZA_SQL_TEST(oauth_identity_round_trip, "an identity is found by (provider, key) and listed for its user") {
    const auto user = t.add_user("nelly@example.com");
    const OAuthIdentity d = identity_for(t, user.id, "discord", "80351110224678912");
    REQUIRE(insert(t, d));
    auto found = veza::transact<std::optional<OAuthIdentity>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.oauth_identities().find("discord", "80351110224678912");
    });
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->user_id == user.id);
    CHECK((*found)->email == d.email);
    CHECK((*found)->email_verified);
    CHECK((*found)->created_at == d.created_at);
    auto none = veza::transact<std::optional<OAuthIdentity>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.oauth_identities().find("spotify", "80351110224678912");
    });
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
  }

  VEZA_SQL_TEST(oauth_identity_uniqueness, "a provider account links once, and a user holds one identity per provider") {
    const auto a = t.add_user("a@example.com");
    const auto b = t.add_user("b@example.com");
    REQUIRE(insert(t, identity_for(t, a.id, "discord", "1")));
    auto taken = insert(t, identity_for(t, b.id, "discord", "1"));
    REQUIRE_FALSE(taken);
    CHECK(taken.error().code == ErrorCode::conflict);
    CHECK(taken.error().message.find("already linked") != std::string::npos);
    auto second = insert(t, identity_for(t, a.id, "discord", "2"));
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::conflict);
    CHECK(second.error().message.find("already has an identity") != std::string::npos);
    REQUIRE(insert(t, identity_for(t, a.id, "spotify", "1")));  // same key, other provider

    auto listed = veza::transact<std::vector<OAuthIdentity>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.oauth_identities().list_for_user(a.id);
    });
    REQUIRE(listed);
    REQUIRE(listed->size() == 2);
    CHECK((*listed)[0].provider == "discord");
    auto removed = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) {
      return tx.oauth_identities().remove(a.id, "discord");
    });
    REQUIRE(removed);
    CHECK(*removed);
    REQUIRE(insert(t, identity_for(t, b.id, "discord", "1")));  // free again
  }

  VEZA_SQL_TEST(sessions_table, "sessions are stored by hash in their own table, apart from API tokens") {
    const auto user = t.add_user("s@example.com");
    ApiToken s;
    s.id = t.ids.next();
    s.user_id = user.id;
    s.token_hash = "feedface";
    s.created_at = t.clock.now();
    s.expires_at = s.created_at + std::chrono::days{30};
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.sessions().insert(s); }));
    auto as_session = veza::transact<std::optional<ApiToken>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.sessions().find_by_hash("feedface");
    });
    auto as_token = veza::transact<std::optional<ApiToken>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.api_tokens().find_by_hash("feedface");
    });
    REQUIRE(as_session);
    REQUIRE(as_token);
    CHECK(as_session->has_value());
    CHECK_FALSE(as_token->has_value());
    CHECK((*as_session)->expires_at == s.expires_at);
    auto revoked = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) {
      return tx.sessions().revoke(s.id, t.clock.now());
    });
    REQUIRE(revoked);
    CHECK(*revoked);
  }
}
