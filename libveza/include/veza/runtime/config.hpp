#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <veza/core/result.hpp>

namespace veza {

// Every setting, parsed once (flag > environment > --config file > default) and passed down.
// Names: flag `--db-pool-size` ↔ environment `VEZA_DB_POOL_SIZE` ↔ file key `db-pool-size`;
// provider settings keep the seed's names (`--hyperswitch-api-key` ↔ `HYPERSWITCH_API_KEY`).
struct Config {
  std::string database_url = "sqlite://./veza.db";
  std::size_t db_pool_size = 8;
  std::string migrate = "auto";  // at server start: auto (on for SQLite) | true | false
  std::optional<std::string> redis_url;
  std::optional<std::string> rabbitmq_url;
  std::string http_addr = "127.0.0.1:8080";
  std::size_t worker_threads = 0;    // 0: worker_threads_for() picks by database
  std::size_t provider_threads = 8;  // requests that call Hyperswitch, Discord or Spotify
  std::string blob_dir = "./blobs";
  std::uint64_t max_body_bytes = 1048576;
  std::uint64_t max_upload_bytes = 209715200;
  double header_timeout_s = 10;
  double idle_timeout_s = 60;
  double shutdown_timeout_s = 30;
  unsigned probe_timeout_ms = 500;
  unsigned health_cache_ms = 1000;
  unsigned review_report_threshold = 3;  // reports that hide a review until moderated
  std::string log_level = "info";  // debug|info|warn|error
  // Payments (issue 5): enabled when hyperswitch_api_key is set.
  std::optional<std::string> hyperswitch_api_key;
  std::optional<std::string> hyperswitch_base_url;  // unset: sandbox, or production in live mode
  bool hyperswitch_live_mode = false;
  std::optional<std::string> hyperswitch_webhook_secret;
  unsigned http_connect_timeout_ms = 2000;
  unsigned http_timeout_ms = 10000;
  unsigned refund_window_days = 14;
  double reconcile_interval_s = 60;  // 0: the server does not reconcile on its own
  double reconcile_min_age_s = 300;
  // Invoice issuer (Article 226 of the EU VAT directive) and how documents read.
  std::string seller_name;
  std::string seller_address;  // "\n" (or a literal \n in the setting) separates lines
  std::string seller_vat_id;
  std::string invoice_footer;
  std::string invoice_locale = "fr";  // fr|en
  // OAuth login (issue 8): a provider is enabled when its client id is set.
  std::optional<std::string> discord_client_id, discord_client_secret, discord_redirect_uri;
  std::string discord_base_url = "https://discord.com";
  std::optional<std::string> spotify_client_id, spotify_client_secret, spotify_redirect_uri;
  std::string spotify_accounts_url = "https://accounts.spotify.com";
  std::string spotify_api_url = "https://api.spotify.com";
  unsigned login_rate_limit = 30;  // OAuth login starts per minute per client address
  // Peers whose X-Forwarded-For names the real client (HAProxy on loopback): comma-separated IPs.
  std::vector<std::string> trusted_proxies;
};

// The threads that run database and file work: `worker_threads` when set, else one per CPU (at
// least 2) for SQLite, whose work is all CPU (more threads than cores only take turns and starve
// the I/O thread), and 8 for PostgreSQL, whose threads mostly wait on round trips.
VEZA_API std::size_t worker_threads_for(const Config& config);

struct LoadedConfig {
  Config config;
  std::vector<std::string> unrecognized;  // arguments that are not settings, in order (commands, their options)
};

// Parses settings out of `args` (argv without the program name), the environment `envp`
// (NULL-terminated, like environ) and the INI file named by `--config FILE`. Arguments that are
// not settings are returned untouched in `unrecognized`. A bad value is `invalid_argument`
// naming the setting.
VEZA_API Result<LoadedConfig> load_config(const std::vector<std::string>& args, const char* const* envp);

// Live mode refuses unsafe payment settings, naming the one to fix (never its value):
// HYPERSWITCH_API_KEY, HYPERSWITCH_WEBHOOK_SECRET and an https:// base URL are required.
VEZA_API Result<void> check_payment_settings(const Config& config);
// The base URL payments use: HYPERSWITCH_BASE_URL, else sandbox (production in live mode).
VEZA_API std::string hyperswitch_base_url(const Config& config);

// An enabled OAuth provider needs its secret and an absolute redirect URI (https, or http on a
// loopback address; Spotify refuses `localhost`); base URLs must be absolute http(s) URLs.
// `invalid_argument` naming the setting to fix.
VEZA_API Result<void> check_oauth_settings(const Config& config);

// One line per setting: flag, environment variable, default, meaning (for --help).
VEZA_API std::string config_help();

// Invoices name their issuer: once payments are enabled, a missing seller identity must stop
// the program at start. `invalid_argument` naming every missing setting (VEZA_SELLER_NAME,
// VEZA_SELLER_ADDRESS, VEZA_SELLER_VAT_ID); the payments work calls it when it turns payments on.
VEZA_API Result<void> require_seller_identity(const Config& config);

}  // namespace veza
