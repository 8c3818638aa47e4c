#include <veza/runtime/runtime.hpp>

#include <algorithm>
#include <thread>
#include <utility>

#include <veza/core/in_process_key_value_store.hpp>
#include <veza/health/health_probe.hpp>

#include "adapters/amqp/amqp_probe.hpp"
#include "adapters/http/curl_http_client.hpp"
#include "adapters/hyperswitch/hyperswitch_gateway.hpp"
#include "adapters/metrics/prometheus_metrics.hpp"
#include "adapters/oauth/discord_provider.hpp"
#include "adapters/oauth/spotify_provider.hpp"
#include "adapters/pdf/qpdf_document_renderer.hpp"
#include "adapters/redis/redis_key_value_store.hpp"
#include "adapters/redis/redis_probe.hpp"
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
// The clock and the database are shared with the health probes, whose threads may outlive a
// request (a hung dependency) and must never touch freed memory.
struct Runtime::Impl {
  explicit Impl(Config cfg)
      : config(std::move(cfg)), logger(*clock, parse_level(config.log_level)), ids(*clock), metrics(&logger) {}

  Config config;
  std::shared_ptr<adapters::SystemClock> clock = std::make_shared<adapters::SystemClock>();
  adapters::StderrLogger logger;
  Uuid7Generator ids;
  adapters::PrometheusMetrics metrics;
  std::shared_ptr<adapters::SqlDatabase> db;
  std::unique_ptr<adapters::FilesystemBlobStore> blobs;
  std::unique_ptr<KeyValueStore> key_values;
  std::unique_ptr<identity::UserService> users;
  std::unique_ptr<identity::TokenService> tokens;
  std::unique_ptr<catalog::CatalogService> catalog;
  std::unique_ptr<orders::OrderService> orders;
  // Outbound HTTP exists only when payments or an OAuth provider is configured.
  std::unique_ptr<adapters::CurlHttpClient> http_transport;
  std::unique_ptr<payments::RetryingHttpClient> http;
  std::unique_ptr<adapters::HyperswitchGateway> gateway;
  std::unique_ptr<payments::PaymentService> payments;
  adapters::QpdfDocumentRenderer renderer;
  std::unique_ptr<invoicing::InvoiceService> invoices;
  std::unique_ptr<reviews::ReviewService> reviews;
  std::unique_ptr<health::HealthService> health;
  std::unique_ptr<identity::SessionService> sessions;
  std::vector<std::unique_ptr<identity::OAuthProvider>> oauth_providers;
  std::unique_ptr<identity::OAuthService> oauth;
};

namespace {

Result<void> wire_health(Runtime::Impl& rt) {
  std::vector<std::shared_ptr<health::HealthProbe>> probes;
  std::shared_ptr<adapters::SqlDatabase> db = rt.db;
  probes.push_back(std::make_shared<health::FunctionProbe>("db", true, [db](health::Deadline) { return db->ping(); }));
  health::HealthOptions options;
  options.probe_timeout = std::chrono::milliseconds(rt.config.probe_timeout_ms);
  options.cache_ttl = std::chrono::milliseconds(rt.config.health_cache_ms);
  options.version = VEZA_VERSION;
  if (rt.config.redis_url) {
    auto redis = adapters::RedisProbe::create(*rt.config.redis_url, false, rt.clock);
    if (!redis) return std::move(redis).error();
    probes.push_back(std::move(*redis));
  } else {
    options.disabled.push_back("redis");  // in-process store: reported, never probed
  }
  if (rt.config.rabbitmq_url) {
    auto amqp = adapters::AmqpProbe::create(*rt.config.rabbitmq_url, false, rt.clock);
    if (!amqp) return std::move(amqp).error();
    probes.push_back(std::move(*amqp));
  }
  rt.health = std::make_unique<health::HealthService>(std::move(probes), *rt.clock, std::move(options), &rt.metrics,
                                                      &rt.logger);
  return ok();
}

invoicing::InvoiceSettings invoice_settings(const Config& config) {
  invoicing::InvoiceSettings s;
  s.seller.name = config.seller_name;
  // Environment variables hold one line; a literal \n in the address separates its lines.
  for (std::size_t i = 0; i < config.seller_address.size(); ++i) {
    if (config.seller_address.compare(i, 2, "\\n") == 0) {
      s.seller.address.push_back('\n');
      ++i;
    } else {
      s.seller.address.push_back(config.seller_address[i]);
    }
  }
  s.seller.vat_id = config.seller_vat_id;
  s.footer = config.invoice_footer;
  s.locale = invoicing::parse_locale(config.invoice_locale).value_or(invoicing::Locale::fr);
  return s;
}

adapters::CurlHttpClient& http_transport(Runtime::Impl& rt) {
  if (!rt.http_transport) {
    rt.http_transport = std::make_unique<adapters::CurlHttpClient>(adapters::CurlOptions{
        std::chrono::milliseconds(rt.config.http_connect_timeout_ms), std::chrono::milliseconds(rt.config.http_timeout_ms)});
  }
  return *rt.http_transport;
}

// OAuth calls go straight to the transport, without RetryingHttpClient: a code exchange must
// never be re-sent, and a user waiting on a sign-in is better served by a prompt 502.
Result<void> wire_oauth(Runtime::Impl& rt) {
  const Config& c = rt.config;
  VEZA_TRY_VOID(check_oauth_settings(c));
  rt.sessions = std::make_unique<identity::SessionService>(rt.ids, *rt.clock, *rt.db);
  identity::OAuthOptions options;
  options.login_rate_limit = c.login_rate_limit;
  rt.oauth = std::make_unique<identity::OAuthService>(*rt.db, *rt.key_values, *rt.sessions, rt.ids, *rt.clock,
                                                       &rt.metrics, &rt.logger, options);
  if (c.discord_client_id) {
    adapters::DiscordSettings d{c.discord_base_url, *c.discord_client_id, c.discord_client_secret.value_or(""),
                                c.discord_redirect_uri.value_or("")};
    d.user_agent = "DiscordBot (https://veza.example, " VEZA_VERSION ")";
    rt.oauth_providers.push_back(adapters::make_discord_provider(d, http_transport(rt)));
  }
  if (c.spotify_client_id) {
    adapters::SpotifySettings sp{c.spotify_accounts_url, c.spotify_api_url, *c.spotify_client_id,
                                 c.spotify_client_secret.value_or(""), c.spotify_redirect_uri.value_or("")};
    rt.oauth_providers.push_back(adapters::make_spotify_provider(sp, http_transport(rt)));
  }
  for (auto& p : rt.oauth_providers) rt.oauth->add_provider(*p);
  return ok();
}

Result<void> wire_payments(Runtime::Impl& rt) {
  const Config& c = rt.config;
  VEZA_TRY_VOID(check_payment_settings(c));
  if (c.hyperswitch_api_key) {
    http_transport(rt);
    payments::RetryPolicy policy;
    policy.budget = std::chrono::milliseconds(c.http_timeout_ms);
    // Service calls run on worker threads (the server's pool, the CLI's main thread), never on
    // an I/O thread, so a short blocking wait between retries is acceptable here.
    rt.http = std::make_unique<payments::RetryingHttpClient>(*rt.http_transport, *rt.clock, policy,
                                                             [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); });
    adapters::HyperswitchOptions options{hyperswitch_base_url(c), *c.hyperswitch_api_key,
                                         c.hyperswitch_webhook_secret.value_or("")};
    rt.gateway = std::make_unique<adapters::HyperswitchGateway>(std::move(options), *rt.http, *rt.clock, rt.logger, &rt.metrics);
  }
  payments::PaymentOptions options;
  options.refund_window_days = static_cast<int>(c.refund_window_days);
  rt.payments = std::make_unique<payments::PaymentService>(*rt.db, *rt.orders, rt.gateway.get(), rt.ids, *rt.clock,
                                                           rt.logger, &rt.metrics, options);
  return ok();
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::open(const Config& config) {
  auto impl = std::make_unique<Impl>(config);
  adapters::SqlOptions sql{config.database_url, config.db_pool_size};
  sql.logger = &impl->logger;
  auto db = adapters::SqlDatabase::open(sql);
  if (!db) return std::move(db).error();
  impl->db = std::move(*db);
  auto blobs = adapters::FilesystemBlobStore::open(config.blob_dir);
  if (!blobs) return std::move(blobs).error();
  impl->blobs = std::move(*blobs);
  if (config.redis_url) {
    auto kv = adapters::RedisKeyValueStore::open(*config.redis_url, *impl->clock);
    if (!kv) return std::move(kv).error();
    impl->key_values = std::move(*kv);
  } else {
    impl->key_values = std::make_unique<InProcessKeyValueStore>(*impl->clock);
  }
  Impl& rt = *impl;
  rt.users = std::make_unique<identity::UserService>(*rt.db, rt.ids, *rt.clock);
  rt.tokens = std::make_unique<identity::TokenService>(*rt.db, rt.ids, *rt.clock);
  rt.catalog = std::make_unique<catalog::CatalogService>(*rt.db, rt.ids, *rt.clock);
  rt.orders = std::make_unique<orders::OrderService>(*rt.db, rt.ids, *rt.clock);
  rt.reviews = std::make_unique<reviews::ReviewService>(
      *rt.db, rt.ids, *rt.clock, &rt.metrics,
      reviews::ReviewOptions{static_cast<std::int32_t>(std::min<unsigned>(config.review_report_threshold, 1000000))});
  rt.orders->add_participant(*rt.reviews);
  rt.invoices = std::make_unique<invoicing::InvoiceService>(*rt.db, rt.ids, *rt.clock, rt.renderer, rt.metrics,
                                                            invoice_settings(config), &rt.logger);
  rt.orders->add_participant(*rt.invoices);
  VEZA_TRY_VOID(wire_payments(rt));
  VEZA_TRY_VOID(wire_oauth(rt));
  VEZA_TRY_VOID(wire_health(rt));
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

const Config& Runtime::config() const noexcept { return impl_->config; }
const Clock& Runtime::clock() const noexcept { return *impl_->clock; }
Logger& Runtime::logger() noexcept { return impl_->logger; }
IdGenerator& Runtime::ids() noexcept { return impl_->ids; }
Metrics& Runtime::metrics() noexcept { return impl_->metrics; }
Database& Runtime::database() noexcept { return *impl_->db; }
catalog::BlobStore& Runtime::blobs() noexcept { return *impl_->blobs; }
KeyValueStore& Runtime::key_values() noexcept { return *impl_->key_values; }
health::HealthService& Runtime::health() noexcept { return *impl_->health; }
identity::UserService& Runtime::users() noexcept { return *impl_->users; }
identity::TokenService& Runtime::tokens() noexcept { return *impl_->tokens; }
identity::SessionService& Runtime::sessions() noexcept { return *impl_->sessions; }
identity::OAuthService& Runtime::oauth() noexcept { return *impl_->oauth; }
catalog::CatalogService& Runtime::catalog() noexcept { return *impl_->catalog; }
orders::OrderService& Runtime::orders() noexcept { return *impl_->orders; }
payments::PaymentService& Runtime::payments() noexcept { return *impl_->payments; }
invoicing::InvoiceService& Runtime::invoices() noexcept { return *impl_->invoices; }
reviews::ReviewService& Runtime::reviews() noexcept { return *impl_->reviews; }

Result<MigrationStatus> Runtime::migration_status() {
  MigrationRunner runner(impl_->db->migration_store(), adapters::embedded_migrations(impl_->db->dialect()),
                         *impl_->clock);
  return runner.status();
}

Result<std::vector<int>> Runtime::migrate() {
  MigrationRunner runner(impl_->db->migration_store(), adapters::embedded_migrations(impl_->db->dialect()),
                         *impl_->clock);
  auto applied = runner.migrate();
  if (applied) {
    for (int v : *applied) impl_->logger.log(LogLevel::info, "migration applied", {{"version", std::to_string(v)}});
  }
  return applied;
}

}  // namespace veza
