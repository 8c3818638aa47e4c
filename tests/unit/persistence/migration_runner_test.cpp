#include <veza/persistence/migrations.hpp>

#include <doctest/doctest.h>

#include "support/fake_clock.hpp"
#include "support/fake_migration_store.hpp"

namespace {

std::vector<veza::Migration> known_migrations() {
  return {
      {2, "add_reviews", "CREATE TABLE reviews (id TEXT);"},
      {1, "initial", "CREATE TABLE users (id TEXT);"},
      {3, "add_invoices", "CREATE TABLE invoices (id TEXT);"},
  };
}

}  // namespace

TEST_SUITE("persistence") {
  TEST_CASE("migration checksum is the lower-case hex SHA-256 of the SQL") {
    CHECK(veza::migration_checksum("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(veza::migration_checksum("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  TEST_CASE("migrate applies every pending migration in ascending order with checksum and time") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    veza::MigrationRunner runner(store, known_migrations(), clock);

    auto r = runner.migrate();
    REQUIRE(r);
    CHECK(*r == std::vector<int>{1, 2, 3});
    CHECK(store.executed == std::vector<int>{1, 2, 3});
    CHECK(store.ensure_calls >= 1);
    REQUIRE(store.rows.size() == 3);
    CHECK(store.rows[0].name == "initial");
    CHECK(store.rows[0].checksum == veza::migration_checksum("CREATE TABLE users (id TEXT);"));
    CHECK(store.rows[0].applied_at == clock.now());
  }

  TEST_CASE("a second migrate applies nothing") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    veza::MigrationRunner runner(store, known_migrations(), clock);
    REQUIRE(runner.migrate());
    store.executed.clear();

    auto again = runner.migrate();
    REQUIRE(again);
    CHECK(again->empty());
    CHECK(store.executed.empty());
  }

  TEST_CASE("status lists applied and pending migrations with current and latest versions") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    auto first = known_migrations();
    first.erase(first.begin());          // version 2
    first.pop_back();                    // version 3; only 1 remains
    veza::MigrationRunner old_binary(store, first, clock);
    REQUIRE(old_binary.migrate());

    veza::MigrationRunner runner(store, known_migrations(), clock);
    auto st = runner.status();
    REQUIRE(st);
    CHECK(st->current == 1);
    CHECK(st->latest == 3);
    REQUIRE(st->applied.size() == 1);
    CHECK(st->applied[0].version == 1);
    REQUIRE(st->pending.size() == 2);
    CHECK(st->pending[0].version == 2);
    CHECK(st->pending[1].version == 3);
    CHECK(store.executed == std::vector<int>{1});  // status never applies
  }

  TEST_CASE("an applied migration whose SQL changed is refused naming its version") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    REQUIRE(veza::MigrationRunner(store, known_migrations(), clock).migrate());

    auto edited = known_migrations();
    edited[0].sql += " -- tweak";  // version 2
    edited.push_back({4, "more", "SELECT 1;"});
    store.executed.clear();
    veza::MigrationRunner runner(store, edited, clock);

    auto r = runner.migrate();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == veza::ErrorCode::conflict);
    CHECK(r.error().message.find("002_add_reviews") != std::string::npos);
    CHECK(r.error().message.find("never edit an applied migration") != std::string::npos);
    CHECK(store.executed.empty());  // version 4 was not applied either
    CHECK_FALSE(runner.status());
  }

  TEST_CASE("a database holding a version the binary does not know is refused as database_newer") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    REQUIRE(veza::MigrationRunner(store, known_migrations(), clock).migrate());

    auto older = known_migrations();
    older.pop_back();  // the binary knows 1 and 2 only
    store.executed.clear();
    veza::MigrationRunner runner(store, older, clock);

    auto r = runner.migrate();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == veza::ErrorCode::conflict);
    CHECK(r.error().detail == "database_newer");
    CHECK(r.error().message.find("003_add_invoices") != std::string::npos);
    auto st = runner.status();
    REQUIRE_FALSE(st);
    CHECK(st.error().detail == "database_newer");
  }

  TEST_CASE("a failing migration stops the run at the previous version") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    store.fail_version = 2;
    veza::MigrationRunner runner(store, known_migrations(), clock);

    auto r = runner.migrate();
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("002_add_reviews") != std::string::npos);
    CHECK(store.executed == std::vector<int>{1, 2});  // 3 never attempted
    auto st = runner.status();
    REQUIRE(st);
    CHECK(st->current == 1);
    CHECK(st->pending.size() == 2);
  }

  TEST_CASE("a binary that knows no migrations reports version zero") {
    veza::testing::FakeClock clock;
    veza::testing::FakeMigrationStore store;
    veza::MigrationRunner runner(store, {}, clock);
    auto st = runner.status();
    REQUIRE(st);
    CHECK(st->current == 0);
    CHECK(st->latest == 0);
    CHECK(st->pending.empty());
  }
}
