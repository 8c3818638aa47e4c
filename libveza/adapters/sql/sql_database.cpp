#include "adapters/sql/sql_database.hpp"

#include "adapters/sql/sql_migration_store.hpp"
#include "adapters/sql/sql_pool.hpp"
#include "adapters/sql/sql_transaction.hpp"
#include "adapters/sql/sql_url.hpp"

namespace veza::adapters {

struct SqlDatabase::Impl {
  std::unique_ptr<SqlPool> pool;
  SqlMigrationStore migrations;

  explicit Impl(std::unique_ptr<SqlPool> p) : pool(std::move(p)), migrations(*pool) {}
};

SqlDatabase::SqlDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqlDatabase::~SqlDatabase() = default;

Result<std::unique_ptr<SqlDatabase>> SqlDatabase::open(const SqlOptions& options) {
  auto url = parse_sql_url(options.url);
  if (!url) return std::move(url).error();
  auto pool = SqlPool::open(*url, options.pool_size, options.busy_timeout, options.logger);
  if (!pool) {
    if (options.logger != nullptr) {
      options.logger->log(LogLevel::error, "cannot open the database", {{"error", pool.error().message}});
    }
    return std::move(pool).error();
  }
  return std::unique_ptr<SqlDatabase>(new SqlDatabase(std::make_unique<Impl>(std::move(*pool))));
}

Result<void> SqlDatabase::run(TxMode mode, const std::function<Result<void>(Transaction&)>& work) {
  std::vector<std::function<void()>> committed;
  auto r = impl_->pool->in_transaction(mode, [&](soci::session& sql, StatementCache& statements) {
    SqlTransaction tx(sql, statements);
    auto done = work(tx);
    committed = tx.take_after_commit();  // run below, only once the pool has committed
    return done;
  });
  if (r) {
    for (auto& effect : committed) effect();
  }
  if (!r && (r.error().code == ErrorCode::internal || r.error().code == ErrorCode::unavailable)) {
    impl_->pool->log(LogLevel::error, "database transaction failed",
                     {{"database", impl_->pool->display_url()}, {"error", r.error().message}});
  }
  return r;
}

SqlDialect SqlDatabase::dialect() const noexcept { return impl_->pool->dialect(); }

MigrationStore& SqlDatabase::migration_store() noexcept { return impl_->migrations; }

Result<void> SqlDatabase::ping() { return impl_->pool->ping(); }

}  // namespace veza::adapters
