#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza {

// A migration the binary knows (embedded at build time from migrations/<dialect>/NNN_name.sql).
struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string checksum;  // lower-case hex SHA-256 of the SQL as applied
  Timestamp applied_at{};
};

// Port: where migrations are recorded and executed (the SQL adapter).
class VEZA_API MigrationStore {
 public:
  virtual ~MigrationStore() = default;
  // Creates schema_migrations(version, name, checksum, applied_at) if it is missing.
  virtual Result<void> ensure_table() = 0;
  virtual Result<std::vector<AppliedMigration>> applied() = 0;
  // Executes the SQL and records (version, name, checksum, at) in ONE transaction: a failure
  // midway leaves the database at the previous version.
  virtual Result<void> apply(const Migration& migration, std::string_view checksum, Timestamp at) = 0;
};

struct MigrationStatus {
  int current = 0;  // highest applied version (0: none)
  int latest = 0;   // highest version the binary knows
  std::vector<AppliedMigration> applied;
  std::vector<Migration> pending;  // known, not applied, ascending
};

// Lower-case hex SHA-256 of a migration's SQL.
VEZA_API std::string migration_checksum(std::string_view sql);

// Applies pending migrations in ascending order, each in its own transaction. Refuses
// (`conflict`, naming the version) when an applied migration's checksum differs from the
// binary's, and (`conflict`, detail `database_newer`) when the database holds a version the
// binary does not know.
class VEZA_API MigrationRunner {
 public:
  MigrationRunner(MigrationStore& store, std::vector<Migration> known, const Clock& clock);

  Result<MigrationStatus> status();
  // The versions applied by this call (empty when up to date).
  Result<std::vector<int>> migrate();

 private:
  Result<MigrationStatus> check();

  MigrationStore& store_;
  std::vector<Migration> known_;
  const Clock& clock_;
};

}  // namespace veza
