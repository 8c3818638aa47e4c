#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include <veza/core/logger.hpp>
#include <veza/core/result.hpp>
#include <veza/persistence/database.hpp>

#include "adapters/sql/sql_database.hpp"
#include "adapters/sql/sql_url.hpp"

namespace veza::adapters {

// A fixed pool of SOCI sessions, each set up for our dialect rules (SQLite: WAL, busy timeout,
// foreign keys; PostgreSQL: UTC), and the one place that begins, commits and rolls back.
class SqlPool {
 public:
  // Opens every connection up front so a wrong URL or a down server fails at start.
  static Result<std::unique_ptr<SqlPool>> open(const SqlUrl& url, std::size_t size,
                                               std::chrono::milliseconds busy_timeout, Logger* logger);
  ~SqlPool();
  SqlPool(const SqlPool&) = delete;
  SqlPool& operator=(const SqlPool&) = delete;

  [[nodiscard]] SqlDialect dialect() const noexcept { return url_.dialect; }
  [[nodiscard]] const std::string& display_url() const noexcept { return url_.display; }

  // Leases a session, begins a transaction of `mode`, runs `work`, commits on success and
  // rolls back on an error or exception (which becomes `internal`).
  Result<void> in_transaction(TxMode mode, const std::function<Result<void>(soci::session&)>& work);

  // A trivial query on a leased session.
  Result<void> ping();

  void log(LogLevel level, std::string_view message, const LogFields& fields = {}) const;

 private:
  SqlPool(SqlUrl url, std::size_t size, std::chrono::milliseconds busy_timeout, Logger* logger);
  void connect(soci::session& sql);
  // Re-opens a PostgreSQL session whose connection broke (server restart, network).
  void ensure_connected(soci::session& sql);

  SqlUrl url_;
  std::size_t size_;
  std::chrono::milliseconds busy_timeout_;
  Logger* logger_;
  soci::connection_pool pool_;
};

// Executes a script of several statements on the session's native connection (SOCI runs one
// statement per call), inside whatever transaction is open. Throws soci::soci_error on failure.
void exec_script(soci::session& sql, SqlDialect dialect, std::string_view script);

}  // namespace veza::adapters
