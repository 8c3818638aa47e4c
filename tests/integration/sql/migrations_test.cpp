// The migration runner over the real MigrationStore, with the embedded migrations and with
// hand-made ones, against real SQLite and PostgreSQL.
#include <doctest/doctest.h>

#include <veza/persistence/migrations.hpp>

#include "sql_test_db.hpp"

using veza::ErrorCode;
using veza::Migration;
using veza::MigrationRunner;
using veza::adapters::embedded_migrations;
using veza::adapters::SqlDialect;

namespace {

std::unique_ptr<veza::testing::SqlTestDb> blank(SqlDialect d) { return veza::testing::SqlTestDb::create(d, false); }

// Registers a migrations case for both dialects on an unmigrated database `t`.
#define VEZA_MIGRATION_TEST(fn, title)                                     \
  static void fn(veza::testing::SqlTestDb& t);                             \
  TEST_CASE("sqlite: " title) { fn(*blank(SqlDialect::sqlite)); }          \
  TEST_CASE("postgresql: " title) { fn(*blank(SqlDialect::postgresql)); }  \
  static void fn(veza::testing::SqlTestDb& t)

}  // namespace

TEST_SUITE("sql") {
  TEST_CASE("both dialects embed the same migration versions and names in ascending order") {
    const auto lite = embedded_migrations(SqlDialect::sqlite);
    const auto pg = embedded_migrations(SqlDialect::postgresql);
    REQUIRE_FALSE(lite.empty());
    REQUIRE(lite.size() == pg.size());
    for (std::size_t i = 0; i < lite.size(); ++i) {
      CHECK(lite[i].version == pg[i].version);
      CHECK(lite[i].name == pg[i].name);
      // Strictly ascending, not contiguous: numbers are reserved per issue (002 reviews, 003
      // invoices, 004 payments) and may land out of order; the runner applies every known
      // version not yet applied, in ascending order.
      CHECK(lite[i].version > (i == 0 ? 0 : lite[i - 1].version));
      CHECK_FALSE(lite[i].sql.empty());
    }
    CHECK(lite.front().name == "initial");
    CHECK(lite.front().version == 1);
  }

  VEZA_MIGRATION_TEST(fresh_migrates, "a fresh database migrates to the latest version and a second run applies nothing") {
    const auto known = embedded_migrations(t.dialect());
    MigrationRunner runner(t.db().migration_store(), known, t.clock);
    auto before = runner.status();
    REQUIRE(before);
    CHECK(before->current == 0);
    CHECK(before->latest == known.back().version);
    CHECK(before->pending.size() == known.size());

    auto first = runner.migrate();
    REQUIRE(first);
    CHECK(first->size() == known.size());
    CHECK(first->back() == known.back().version);

    auto second = runner.migrate();
    REQUIRE(second);
    CHECK(second->empty());

    auto after = runner.status();
    REQUIRE(after);
    CHECK(after->current == known.back().version);
    CHECK(after->pending.empty());
    REQUIRE(after->applied.size() == known.size());
    CHECK(after->applied[0].name == known[0].name);
    CHECK(after->applied[0].checksum == veza::migration_checksum(known[0].sql));
    CHECK(after->applied[0].applied_at == t.clock.now());

    // The schema works: the repositories can write.
    t.add_user("ada@example.org");
  }

  VEZA_MIGRATION_TEST(status_lists, "status lists applied and pending migrations") {
    std::vector<Migration> known = embedded_migrations(t.dialect());
    REQUIRE(MigrationRunner(t.db().migration_store(), known, t.clock).migrate());
    const int base = known.back().version;
    known.push_back({base + 1, "add_notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"});
    known.push_back({base + 2, "add_tags", "CREATE TABLE tags (id INTEGER PRIMARY KEY);"});
    MigrationRunner runner(t.db().migration_store(), known, t.clock);
    auto st = runner.status();
    REQUIRE(st);
    CHECK(st->current == base);
    CHECK(st->latest == base + 2);
    CHECK(st->applied.size() == known.size() - 2);  // versions may have gaps (reserved numbers)
    REQUIRE(st->pending.size() == 2);
    CHECK(st->pending[0].name == "add_notes");
    CHECK(st->pending[1].name == "add_tags");
    auto applied = runner.migrate();
    REQUIRE(applied);
    CHECK(*applied == std::vector<int>{base + 1, base + 2});
  }

  VEZA_MIGRATION_TEST(changed_checksum, "an edited applied migration is refused and names its version") {
    std::vector<Migration> known = embedded_migrations(t.dialect());
    REQUIRE(MigrationRunner(t.db().migration_store(), known, t.clock).migrate());
    known[0].sql += "\n-- an innocent-looking edit\n";
    known.push_back({known.back().version + 1, "later", "CREATE TABLE later (id INTEGER);"});
    MigrationRunner runner(t.db().migration_store(), known, t.clock);
    auto r = runner.migrate();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().message.find("001_initial") != std::string::npos);
    CHECK(r.error().message.find("never edit an applied migration") != std::string::npos);
    auto st = MigrationRunner(t.db().migration_store(), embedded_migrations(t.dialect()), t.clock).status();
    REQUIRE(st);
    CHECK(st->current == embedded_migrations(t.dialect()).back().version);  // `later` was not applied
  }

  VEZA_MIGRATION_TEST(newer_database, "a database migrated by a newer binary is refused as database_newer") {
    std::vector<Migration> newer = embedded_migrations(t.dialect());
    const int future = newer.back().version + 1;
    newer.push_back({future, "from_the_future", "CREATE TABLE future_things (id INTEGER);"});
    REQUIRE(MigrationRunner(t.db().migration_store(), newer, t.clock).migrate());

    MigrationRunner current(t.db().migration_store(), embedded_migrations(t.dialect()), t.clock);
    auto r = current.migrate();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().detail == "database_newer");
    CHECK(r.error().message.find("from_the_future") != std::string::npos);
    auto st = current.status();
    REQUIRE_FALSE(st);
    CHECK(st.error().detail == "database_newer");
  }

  VEZA_MIGRATION_TEST(failing_migration, "a migration failing midway leaves the database at the previous version") {
    std::vector<Migration> known = embedded_migrations(t.dialect());
    const int base = known.back().version;
    known.push_back({base + 1, "broken",
                     "CREATE TABLE half_done (id INTEGER);\n"
                     "INSERT INTO half_done (id) VALUES (1);\n"
                     "INSERT INTO no_such_table (id) VALUES (1);\n"});
    MigrationRunner runner(t.db().migration_store(), known, t.clock);
    auto r = runner.migrate();
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find(std::to_string(base + 1)) != std::string::npos);
    CHECK(r.error().message.find("no_such_table") != std::string::npos);

    auto st = runner.status();
    REQUIRE(st);
    CHECK(st->current == base);  // everything before it applied, it did not
    REQUIRE(st->pending.size() == 1);

    // Nothing of it is left: the same table can be created by the fixed migration.
    known.back().sql = "CREATE TABLE half_done (id INTEGER);";
    auto fixed = MigrationRunner(t.db().migration_store(), known, t.clock).migrate();
    REQUIRE(fixed);
    CHECK(*fixed == std::vector<int>{base + 1});
  }
}
