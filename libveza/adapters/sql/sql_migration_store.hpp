#pragma once
#include <veza/persistence/migrations.hpp>

#include "adapters/sql/sql_pool.hpp"

namespace veza::adapters {

// The MigrationStore port on a SqlPool: schema_migrations is ours (not a migration file), and
// each migration's script and its record commit in one write transaction.
class SqlMigrationStore final : public MigrationStore {
 public:
  explicit SqlMigrationStore(SqlPool& pool) : pool_(pool) {}
  Result<void> ensure_table() override;
  Result<std::vector<AppliedMigration>> applied() override;
  Result<void> apply(const Migration& migration, std::string_view checksum, Timestamp at) override;

 private:
  SqlPool& pool_;
};

}  // namespace veza::adapters
