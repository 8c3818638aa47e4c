#include "adapters/sql/sql_pool.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <mutex>

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

// Returns the session to the pool however the transaction ends.
class Lease {
 public:
  explicit Lease(soci::connection_pool& pool) : pool_(pool), pos_(pool.lease()) {}
  ~Lease() { pool_.give_back(pos_); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  soci::session& session() { return pool_.at(pos_); }
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

 private:
  soci::connection_pool& pool_;
  std::size_t pos_;
};

// Process-wide SQLite settings, which sqlite3_config accepts only before SQLite starts (a host
// process that already uses SQLite keeps its own, and only speed differs):
// - memory statistics off: they take one process-wide mutex on every allocation, so pooled
//   connections on different threads queued behind each other (a fifth of the server's time
//   in a profile of review reads); nothing reads them.
// - multi-thread mode: no mutex around every call on a connection (a tenth of a review page:
//   each column of each row is several calls). The pool leases a connection to one thread at
//   a time, which is all this mode asks. A host that shares one connection between threads
//   opens it with SQLITE_OPEN_FULLMUTEX, or starts SQLite before it opens a veza database.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) return;  // already started
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_initialize();
  });
}

sqlite_api::sqlite3* sqlite_handle(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

PGconn* pg_handle(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

void sqlite_exec(soci::session& sql, const std::string& script) {
  char* err = nullptr;
  const int rc = sqlite_api::sqlite3_exec(sqlite_handle(sql), script.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err != nullptr ? err : sqlite_api::sqlite3_errstr(rc);
    sqlite_api::sqlite3_free(err);
    throw soci::sqlite3_soci_error(message, rc);
  }
}

void pg_exec(soci::session& sql, const std::string& script) {
  PGconn* conn = pg_handle(sql);
  // PQexec runs every statement of the string; inside our open transaction block they all
  // belong to it, and the first failure aborts the rest.
  PGresult* res = PQexec(conn, script.c_str());
  const ExecStatusType status = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    PQclear(res);
    return;
  }
  std::string message = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  PQclear(res);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (sqlstate.substr(0, 2) == "08" || PQstatus(conn) != CONNECTION_OK) {
    throw soci::soci_error("Cannot establish connection to the database: " + message);
  }
  throw soci::soci_error(message);
}

}  // namespace

void exec_script(soci::session& sql, SqlDialect dialect, std::string_view script) {
  const std::string text(script);
  if (dialect == SqlDialect::sqlite) {
    sqlite_exec(sql, text);
  } else {
    pg_exec(sql, text);
  }
}

SqlPool::SqlPool(SqlUrl url, std::size_t size, std::chrono::milliseconds busy_timeout, Logger* logger)
    : url_(std::move(url)), size_(size), busy_timeout_(busy_timeout), logger_(logger), pool_(size), statements_(size) {}

SqlPool::~SqlPool() = default;

void SqlPool::log(LogLevel level, std::string_view message, const LogFields& fields) const {
  if (logger_ != nullptr) logger_->log(level, message, fields);
}

void SqlPool::connect(soci::session& sql) {
  if (url_.dialect == SqlDialect::sqlite) {
    configure_sqlite_once();
    sql.open(soci::sqlite3, url_.connect);
    // busy_timeout first: switching to WAL needs the lock another connection may hold.
    sqlite_exec(sql, "PRAGMA busy_timeout=" + std::to_string(busy_timeout_.count()) +
                         "; PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;");
  } else {
    sql.open(soci::postgresql, url_.connect);
    // libpq prints server notices to stderr by default; the library never prints, so they go
    // to our logger (and routine ones such as "already exists, skipping" are not sent).
    PQsetNoticeProcessor(
        pg_handle(sql),
        [](void* self, const char* message) {
          static_cast<const SqlPool*>(self)->log(LogLevel::info, "database notice", {{"notice", message}});
        },
        this);
    sql << "SET client_min_messages TO WARNING";
    sql << "SET TIME ZONE 'UTC'";
  }
}

void SqlPool::ensure_connected(soci::session& sql, StatementCache& statements) {
  if (url_.dialect != SqlDialect::postgresql) return;
  // PQstatus is local (no round trip); a connection that failed a query reports BAD.
  if (PQstatus(pg_handle(sql)) == CONNECTION_OK) return;
  log(LogLevel::warn, "reconnecting a pooled database connection", {{"database", url_.display}});
  // A prepared statement deallocates itself through its session's connection, which close() frees.
  statements.clear();
  sql.close();
  connect(sql);
}

Result<std::unique_ptr<SqlPool>> SqlPool::open(const SqlUrl& url, std::size_t size, std::chrono::milliseconds busy_timeout,
                                               Logger* logger) {
  if (size == 0) return make_error(ErrorCode::invalid_argument, "the database pool size must be at least 1");
  if (busy_timeout.count() < 0) return make_error(ErrorCode::invalid_argument, "the busy timeout may not be negative");
  std::unique_ptr<SqlPool> pool(new SqlPool(url, size, busy_timeout, logger));
  for (std::size_t i = 0; i < size; ++i) {
    try {
      pool->connect(pool->pool_.at(i));
    } catch (const std::exception& e) {
      Error err = sql_error(e, "opening the database " + url.display);
      // Whatever went wrong, the database could not be opened: the caller cannot fix a
      // bug of ours here, but it can fix the URL or start the server.
      err.code = ErrorCode::unavailable;
      return err;
    }
  }
  return pool;
}

void SqlPool::control(soci::session& sql, StatementCache& statements, const std::string& text) {
  if (url_.dialect == SqlDialect::postgresql) {
    sql << text;
    return;
  }
  statements.run<PlainStatement>(
      text, [&] { return std::make_unique<PlainStatement>(sql, text); }, [](PlainStatement& st) { st.execute(); });
}

Result<void> SqlPool::in_transaction(TxMode mode, const Work& work) {
  static const std::string kBeginWrite = "BEGIN IMMEDIATE", kBeginRead = "BEGIN", kPgBeginWrite = "BEGIN",
                           kPgBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ", kCommit = "COMMIT",
                           kRollback = "ROLLBACK";
  Lease lease(pool_);
  soci::session& sql = lease.session();
  StatementCache& statements = statements_[lease.position()];
  try {
    ensure_connected(sql, statements);
    if (url_.dialect == SqlDialect::sqlite) {
      // SOCI's begin() is a deferred BEGIN: a read that later writes can fail busy at once.
      control(sql, statements, mode == TxMode::write ? kBeginWrite : kBeginRead);
    } else {
      // Reads see one snapshot, like SQLite's read transaction; writes use row locks.
      control(sql, statements, mode == TxMode::write ? kPgBeginWrite : kPgBeginRead);
    }
  } catch (const std::exception& e) {
    return sql_error(e, "beginning a transaction");
  }

  auto rollback = [&] {
    try {
      control(sql, statements, kRollback);
    } catch (const std::exception& e) {
      // The transaction is gone either way (a broken connection rolls back server-side).
      log(LogLevel::warn, "rollback failed", {{"error", e.what()}});
    }
  };

  Result<void> r;
  try {
    r = work(sql, statements);
  } catch (const std::exception& e) {
    rollback();
    log(LogLevel::error, "transaction work threw", {{"error", e.what()}});
    return make_error(ErrorCode::internal, std::string("the transaction failed: ") + e.what());
  } catch (...) {
    rollback();
    return make_error(ErrorCode::internal, "the transaction failed: unknown exception");
  }
  if (!r) {
    rollback();
    return r;
  }
  try {
    control(sql, statements, kCommit);
  } catch (const std::exception& e) {
    rollback();
    return sql_error(e, "committing a transaction");
  }
  return {};
}

Result<void> SqlPool::ping() {
  Lease lease(pool_);
  soci::session& sql = lease.session();
  return guarded("pinging the database", [&]() -> Result<void> {
    ensure_connected(sql, statements_[lease.position()]);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return {};
  });
}

}  // namespace veza::adapters
