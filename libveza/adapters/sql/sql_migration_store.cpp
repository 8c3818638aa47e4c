#include "adapters/sql/sql_migration_store.hpp"

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

// The one table no migration creates: the runner needs it before the first migration.
constexpr const char* kSqliteTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr const char* kPostgresqlTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)";

}  // namespace

Result<void> SqlMigrationStore::ensure_table() {
  return pool_.in_transaction(TxMode::write, [&](soci::session& sql, StatementCache&) {
    return guarded("creating schema_migrations", [&]() -> Result<void> {
      sql << (pool_.dialect() == SqlDialect::sqlite ? kSqliteTable : kPostgresqlTable);
      return {};
    });
  });
}

Result<std::vector<AppliedMigration>> SqlMigrationStore::applied() {
  std::vector<AppliedMigration> out;
  auto r = pool_.in_transaction(TxMode::read, [&](soci::session& sql, StatementCache&) {
    return guarded("reading schema_migrations", [&]() -> Result<void> {
      int version = 0;
      std::string name, checksum, applied_at;
      soci::statement st = (sql.prepare << "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
                            soci::into(version), soci::into(name), soci::into(checksum), soci::into(applied_at));
      if (st.execute(true)) {
        do {
          auto at = read_timestamp(applied_at, "schema_migrations.applied_at");
          if (!at) return std::move(at).error();
          out.push_back(AppliedMigration{version, name, checksum, *at});
        } while (st.fetch());
      }
      return {};
    });
  });
  if (!r) return std::move(r).error();
  return out;
}

Result<void> SqlMigrationStore::apply(const Migration& migration, std::string_view checksum, Timestamp at) {
  const std::string sum(checksum);
  return pool_.in_transaction(TxMode::write, [&](soci::session& sql, StatementCache&) {
    return guarded("applying a migration", [&]() -> Result<void> {
      if (pool_.dialect() == SqlDialect::postgresql) {
        // Two instances migrating at once (blue-green start) queue here instead of racing
        // through the same DDL; SQLite's BEGIN IMMEDIATE already serialises writers.
        sql << "LOCK TABLE schema_migrations IN EXCLUSIVE MODE";
      }
      int already = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::into(already),
          soci::use(migration.version);
      if (already > 0) return {};  // applied by a concurrent migrator in the meantime
      exec_script(sql, pool_.dialect(), migration.sql);
      const std::string when = format_timestamp(at);
      sql << "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (:v, :name, :sum, :at)",
          soci::use(migration.version), soci::use(migration.name), soci::use(sum), soci::use(when);
      return {};
    });
  });
}

}  // namespace veza::adapters
