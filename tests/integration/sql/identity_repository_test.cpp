// Users and API tokens against real SQLite and PostgreSQL (the same cases for both).
#include <doctest/doctest.h>

#include <veza/identity/api_token.hpp>
#include <veza/identity/user.hpp>

#include "sql_test_db.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::identity::ApiToken;
using veza::identity::User;

TEST_SUITE("sql") {
  VEZA_SQL_TEST(user_round_trip, "an inserted user is found by id with every field") {
    User u;
    u.id = t.ids.next();
    u.email = "Ada@Example.org";
    u.email_verified = true;
    u.display_name = "Ada Lovelace";
    u.role = veza::identity::Role::admin;
    u.created_at = t.clock.now();
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.users().insert(u); }));

    auto found = veza::transact<std::optional<User>>(t.db(), TxMode::read,
                                                     [&](Transaction& tx) { return tx.users().find_by_id(u.id); });
    REQUIRE(found);
    REQUIRE(found->has_value());
    const User& f = **found;
    CHECK(f.id == u.id);
    CHECK(f.email == u.email);
    CHECK(f.email_verified);
    CHECK(f.display_name == "Ada Lovelace");
    CHECK(f.role == veza::identity::Role::admin);
    CHECK(f.created_at == u.created_at);
  }

  VEZA_SQL_TEST(user_without_email, "a user without email is stored with none and many such users coexist") {
    for (int i = 0; i < 2; ++i) {
      User u;
      u.id = t.ids.next();
      u.display_name = "Anonymous";
      u.created_at = t.clock.now();
      REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.users().insert(u); }));
      auto found = veza::transact<std::optional<User>>(t.db(), TxMode::read,
                                                       [&](Transaction& tx) { return tx.users().find_by_id(u.id); });
      REQUIRE(found);
      REQUIRE(found->has_value());
      CHECK_FALSE((*found)->email.has_value());
      CHECK_FALSE((*found)->email_verified);
    }
  }

  VEZA_SQL_TEST(user_duplicate_email, "a duplicate email differing only in case is a conflict and writes nothing") {
    t.add_user("ada@example.org");
    User dup;
    dup.id = t.ids.next();
    dup.email = "ADA@Example.ORG";
    dup.display_name = "Impostor";
    dup.created_at = t.clock.now();
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) { return tx.users().insert(dup); });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().message == "a user with this email already exists");

    auto found = veza::transact<std::optional<User>>(t.db(), TxMode::read,
                                                     [&](Transaction& tx) { return tx.users().find_by_id(dup.id); });
    REQUIRE(found);
    CHECK_FALSE(found->has_value());
  }

  VEZA_SQL_TEST(user_conflict_keeps_transaction, "after a refused insert the same transaction can still write") {
    t.add_user("ada@example.org");
    User dup;
    dup.id = t.ids.next();
    dup.email = "ada@example.org";
    dup.display_name = "Dup";
    dup.created_at = t.clock.now();
    User other = dup;
    other.id = t.ids.next();
    other.email = "grace@example.org";
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      auto refused = tx.users().insert(dup);
      REQUIRE_FALSE(refused);
      CHECK(refused.error().code == ErrorCode::conflict);
      return tx.users().insert(other);
    });
    REQUIRE(r);
    auto found = veza::transact<std::optional<User>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.users().find_by_email("grace@example.org"); });
    REQUIRE(found);
    CHECK(found->has_value());
  }

  VEZA_SQL_TEST(user_find_by_email, "find_by_email ignores case and returns nothing for an unknown address") {
    const User ada = t.add_user("Ada@Example.org");
    auto r = veza::transact<std::optional<User>>(t.db(), TxMode::read,
                                                 [&](Transaction& tx) { return tx.users().find_by_email("aDA@eXAMPLE.ORG"); });
    REQUIRE(r);
    REQUIRE(r->has_value());
    CHECK((*r)->id == ada.id);
    CHECK((*r)->email == std::optional<std::string>("Ada@Example.org"));

    auto none = veza::transact<std::optional<User>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.users().find_by_email("nobody@example.org"); });
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
  }

  VEZA_SQL_TEST(user_non_uuid_id, "a user id that is not a UUID finds nothing") {
    t.add_user("ada@example.org");
    for (const char* id : {"42", "not-a-uuid", "", "'; DROP TABLE users; --"}) {
      auto r = veza::transact<std::optional<User>>(t.db(), TxMode::read,
                                                   [&](Transaction& tx) { return tx.users().find_by_id(id); });
      REQUIRE(r);
      CHECK_FALSE(r->has_value());
    }
    auto upper = t.add_user("grace@example.org");
    std::string id = upper.id;
    for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto r = veza::transact<std::optional<User>>(t.db(), TxMode::read,
                                                 [&](Transaction& tx) { return tx.users().find_by_id(id); });
    REQUIRE(r);
    CHECK(r->has_value());  // a UUID in upper case names the same row in both dialects
  }

  VEZA_SQL_TEST(token_lifecycle, "an API token is found by hash and id and revoked exactly once") {
    const User ada = t.add_user("ada@example.org");
    ApiToken tok;
    tok.id = t.ids.next();
    tok.user_id = ada.id;
    tok.token_hash = std::string(64, 'a');
    tok.created_at = t.clock.now();
    tok.expires_at = t.clock.now() + std::chrono::hours{24};
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.api_tokens().insert(tok); }));

    auto by_hash = veza::transact<std::optional<ApiToken>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.api_tokens().find_by_hash(tok.token_hash); });
    REQUIRE(by_hash);
    REQUIRE(by_hash->has_value());
    CHECK((*by_hash)->id == tok.id);
    CHECK((*by_hash)->user_id == ada.id);
    CHECK((*by_hash)->expires_at == tok.expires_at);
    CHECK_FALSE((*by_hash)->revoked_at.has_value());

    auto missing = veza::transact<std::optional<ApiToken>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.api_tokens().find_by_hash(std::string(64, 'b')); });
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());

    t.clock.advance(std::chrono::minutes{5});
    const auto at = t.clock.now();
    auto first = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) { return tx.api_tokens().revoke(tok.id, at); });
    REQUIRE(first);
    CHECK(*first);
    auto second = veza::transact<bool>(t.db(), TxMode::write,
                                       [&](Transaction& tx) { return tx.api_tokens().revoke(tok.id, at + std::chrono::hours{1}); });
    REQUIRE(second);
    CHECK_FALSE(*second);
    auto unknown = veza::transact<bool>(t.db(), TxMode::write,
                                        [&](Transaction& tx) { return tx.api_tokens().revoke(t.ids.next(), at); });
    REQUIRE(unknown);
    CHECK_FALSE(*unknown);
    auto not_uuid = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) { return tx.api_tokens().revoke("x", at); });
    REQUIRE(not_uuid);
    CHECK_FALSE(*not_uuid);

    auto by_id = veza::transact<std::optional<ApiToken>>(t.db(), TxMode::read,
                                                         [&](Transaction& tx) { return tx.api_tokens().find_by_id(tok.id); });
    REQUIRE(by_id);
    REQUIRE(by_id->has_value());
    CHECK((*by_id)->revoked_at == std::optional<veza::Timestamp>(at));
  }

  VEZA_SQL_TEST(token_duplicate_hash, "a second API token with the same hash is a conflict") {
    const User ada = t.add_user("ada@example.org");
    ApiToken tok;
    tok.id = t.ids.next();
    tok.user_id = ada.id;
    tok.token_hash = std::string(64, 'c');
    tok.created_at = t.clock.now();
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.api_tokens().insert(tok); }));
    tok.id = t.ids.next();
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) { return tx.api_tokens().insert(tok); });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().message == "an API token with this hash already exists");
  }

  VEZA_SQL_TEST(token_list, "API tokens are listed per user in creation order") {
    const User ada = t.add_user("ada@example.org");
    const User grace = t.add_user("grace@example.org");
    std::vector<std::string> ada_ids;
    for (int i = 0; i < 3; ++i) {
      ApiToken tok;
      tok.id = t.ids.next();
      tok.user_id = i == 1 ? grace.id : ada.id;
      tok.token_hash = std::string(64, static_cast<char>('0' + i));
      tok.created_at = t.clock.now();
      t.clock.advance(std::chrono::seconds{1});
      if (i != 1) ada_ids.push_back(tok.id);
      REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.api_tokens().insert(tok); }));
    }
    auto list = veza::transact<std::vector<ApiToken>>(t.db(), TxMode::read,
                                                      [&](Transaction& tx) { return tx.api_tokens().list_for_user(ada.id); });
    REQUIRE(list);
    REQUIRE(list->size() == 2);
    CHECK((*list)[0].id == ada_ids[0]);
    CHECK((*list)[1].id == ada_ids[1]);
    auto none = veza::transact<std::vector<ApiToken>>(t.db(), TxMode::read,
                                                      [&](Transaction& tx) { return tx.api_tokens().list_for_user("nope"); });
    REQUIRE(none);
    CHECK(none->empty());
  }
}
