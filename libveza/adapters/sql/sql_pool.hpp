#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include <veza/core/logger.hpp>
#include <veza/core/result.hpp>
#include <veza/persistence/database.hpp>

#include "adapters/sql/sql_database.hpp"
#include "adapters/sql/sql_statement_cache.hpp"
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

  // Leases a session, begins a transaction of `mode`, runs `work` with the session and the
  // statements already prepared on it, commits on success and rolls back on an error or
  // exception (which becomes `internal`).
  using Work = std::function<Result<void>(soci::session&, StatementCache&)>;
  Result<void> in_transaction(TxMode mode, const Work& work);

  // A trivial query on a leased session.
  Result<void> ping();

  void log(LogLevel level, std::string_view message, const LogFields& fields = {}) const;

 private:
  SqlPool(SqlUrl url, std::size_t size, std::chrono::milliseconds busy_timeout, Logger* logger);
  void connect(soci::session& sql);
  // Re-opens a PostgreSQL session whose connection broke (server restart, network), dropping
  // the statements prepared on the old connection first.
  void ensure_connected(soci::session& sql, StatementCache& statements);
  // BEGIN, COMMIT or ROLLBACK: prepared once per SQLite connection (each is a statement to
  // parse), sent as a simple query to PostgreSQL (one round trip either way).
  void control(soci::session& sql, StatementCache& statements, const std::string& text);

  SqlUrl url_;
  std::size_t size_;
  std::chrono::milliseconds busy_timeout_;
  Logger* logger_;
  soci::connection_pool pool_;
  // One per pooled session, by position; declared after pool_ so that the statements are
  // finalised before their sessions close.
  std::vector<StatementCache> statements_;
};

// Executes a script of several statements on the session's native connection (SOCI runs one
// statement per call), inside whatever transaction is open. Throws soci::soci_error on failure.
void exec_script(soci::session& sql, SqlDialect dialect, std::string_view script);

}  // namespace veza::adapters
