#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <veza/core/logger.hpp>
#include <veza/core/result.hpp>
#include <veza/persistence/database.hpp>
#include <veza/persistence/migrations.hpp>

namespace veza::adapters {

enum class SqlDialect { sqlite, postgresql };

struct SqlOptions {
  std::string url;            // sqlite://PATH (sqlite:///abs/path) or postgresql://user:pass@host:port/db
  std::size_t pool_size = 8;  // connections
  std::chrono::milliseconds busy_timeout{5000};  // SQLite busy timeout
  Logger* logger = nullptr;   // where unexpected database errors are logged (none: not logged)
};

// The SOCI adapter of the Database port (and the MigrationStore port), over a pool of
// connections. SQLite connections run in WAL mode with a busy timeout and foreign keys on;
// write transactions start with BEGIN IMMEDIATE. PostgreSQL sessions run in UTC.
class VEZA_API SqlDatabase final : public Database {
 public:
  // `invalid_argument` for a URL of another scheme or a malformed one; `unavailable` when the
  // database cannot be opened or reached (the message names the URL without its password).
  static Result<std::unique_ptr<SqlDatabase>> open(const SqlOptions& options);
  ~SqlDatabase() override;

  Result<void> run(TxMode mode, const std::function<Result<void>(Transaction&)>& work) override;

  [[nodiscard]] SqlDialect dialect() const noexcept;
  // Records and executes migrations on this database.
  MigrationStore& migration_store() noexcept;
  // A trivial query on a pooled connection (for health checks).
  Result<void> ping();

  struct Impl;

 private:
  explicit SqlDatabase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The migrations embedded in this binary for `dialect`, ascending by version.
VEZA_API std::vector<Migration> embedded_migrations(SqlDialect dialect);

}  // namespace veza::adapters
