#include <veza/runtime/runtime.hpp>

#include <utility>

#include "adapters/sql/sql_database.hpp"
#include "adapters/storage/filesystem_blob_store.hpp"
#include "adapters/system/stderr_logger.hpp"
#include "adapters/system/system_clock.hpp"

namespace veza {
namespace {
LogLevel parse_level(const std::string& name) {
  if (name == "debug") return LogLevel::debug;
  if (name == "warn") return LogLevel::warn;
  if (name == "error") return LogLevel::error;
  return LogLevel::info;
}
}  // namespace

// Members in dependency order: each is built from the ones above it and destroyed before them.
struct Runtime::Impl {
  Impl(Config cfg, std::unique_ptr<adapters::SqlDatabase> database,
       std::unique_ptr<adapters::FilesystemBlobStore> blob_store)
      : config(std::move(cfg)),
        logger(clock, parse_level(config.log_level)),
        ids(clock),
        db(std::move(database)),
        blobs(std::move(blob_store)),
        users(*db, ids, clock),
        tokens(*db, ids, clock),
        catalog(*db, ids, clock),
        orders(*db, ids, clock) {}

  Config config;
  adapters::SystemClock clock;
  adapters::StderrLogger logger;
  Uuid7Generator ids;
  std::unique_ptr<adapters::SqlDatabase> db;
  std::unique_ptr<adapters::FilesystemBlobStore> blobs;
  identity::UserService users;
  identity::TokenService tokens;
  catalog::CatalogService catalog;
  orders::OrderService orders;
};

Result<std::unique_ptr<Runtime>> Runtime::open(const Config& config) {
  auto db = adapters::SqlDatabase::open({config.database_url, config.db_pool_size});
  if (!db) return std::move(db).error();
  auto blobs = adapters::FilesystemBlobStore::open(config.blob_dir);
  if (!blobs) return std::move(blobs).error();
  auto impl = std::make_unique<Impl>(config, std::move(*db), std::move(*blobs));
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

const Config& Runtime::config() const noexcept { return impl_->config; }
const Clock& Runtime::clock() const noexcept { return impl_->clock; }
Logger& Runtime::logger() noexcept { return impl_->logger; }
Database& Runtime::database() noexcept { return *impl_->db; }
catalog::BlobStore& Runtime::blobs() noexcept { return *impl_->blobs; }
identity::UserService& Runtime::users() noexcept { return impl_->users; }
identity::TokenService& Runtime::tokens() noexcept { return impl_->tokens; }
catalog::CatalogService& Runtime::catalog() noexcept { return impl_->catalog; }
orders::OrderService& Runtime::orders() noexcept { return impl_->orders; }

Result<MigrationStatus> Runtime::migration_status() {
  MigrationRunner runner(impl_->db->migration_store(), adapters::embedded_migrations(impl_->db->dialect()),
                         impl_->clock);
  return runner.status();
}

Result<std::vector<int>> Runtime::migrate() {
  MigrationRunner runner(impl_->db->migration_store(), adapters::embedded_migrations(impl_->db->dialect()),
                         impl_->clock);
  auto applied = runner.migrate();
  if (applied) {
    for (int v : *applied) impl_->logger.log(LogLevel::info, "migration applied", {{"version", std::to_string(v)}});
  }
  return applied;
}

}  // namespace veza
