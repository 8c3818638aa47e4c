#include <veza/runtime/config.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string_view>
#include <thread>

#include <boost/program_options.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>

namespace veza {
namespace po = boost::program_options;
namespace {

// One setting: its flag name, default shown in help, meaning, and how it lands in Config.
struct Setting {
  const char* flag;
  const char* fallback;
  const char* meaning;
  std::function<Result<void>(Config&, const std::string&)> apply;
};

std::string env_name(std::string_view flag) {
  std::string out;
  // Provider settings keep the seed's names; ours carry the VEZA_ prefix.
  static constexpr std::string_view kUnprefixed[] = {"hyperswitch-", "discord-", "spotify-", "slack-"};
  bool prefixed = true;
  for (auto p : kUnprefixed) {
    if (flag.substr(0, p.size()) == p) prefixed = false;
  }
  if (prefixed) out = "VEZA_";
  for (char c : flag) out.push_back(c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  return out;
}

Error bad_value(std::string_view flag, std::string_view why) {
  return make_error(ErrorCode::invalid_argument, "invalid setting --" + std::string(flag) + " (" + env_name(flag) +
                                                     "): " + std::string(why));
}

template <class Int>
Result<Int> parse_uint(std::string_view flag, const std::string& text, Int min, Int max) {
  Int v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || v < min || v > max) {
    return bad_value(flag, "'" + text + "' is not a whole number in " + std::to_string(min) + ".." + std::to_string(max));
  }
  return v;
}

Result<double> parse_seconds(std::string_view flag, const std::string& text) {
  // from_chars for double is in GCC 12's libstdc++.
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || !std::isfinite(v) || v < 0 || v > 86400) {
    return bad_value(flag, "'" + text + "' is not a number of seconds in 0..86400 (fractions allowed)");
  }
  return v;
}

Result<void> non_empty(std::string_view flag, const std::string& text) {
  if (text.empty()) return bad_value(flag, "must not be empty");
  return ok();
}

// Builders for the common kinds of setting, so the table below stays one line per setting.
template <class Int>
Setting whole(const char* flag, const char* fallback, const char* meaning, Int Config::*member, Int min, Int max) {
  return {flag, fallback, meaning, [=](Config& c, const std::string& v) -> Result<void> {
            auto n = parse_uint<Int>(flag, v, min, max);
            if (!n) return n.error();
            c.*member = *n;
            return ok();
          }};
}

Setting seconds(const char* flag, const char* fallback, const char* meaning, double Config::*member) {
  return {flag, fallback, meaning, [=](Config& c, const std::string& v) -> Result<void> {
            auto n = parse_seconds(flag, v);
            if (!n) return n.error();
            c.*member = *n;
            return ok();
          }};
}

Setting text(const char* flag, const char* fallback, const char* meaning, std::string Config::*member) {
  return {flag, fallback, meaning, [=](Config& c, const std::string& v) -> Result<void> {
            VEZA_TRY_VOID(non_empty(flag, v));
            c.*member = v;
            return ok();
          }};
}

// Text where empty is a meaningful value ("none"), unlike text().
Setting text_or_empty(const char* flag, const char* meaning, std::string Config::*member) {
  return {flag, "", meaning, [=](Config& c, const std::string& v) -> Result<void> {
            c.*member = v;
            return ok();
          }};
}

Setting optional_text(const char* flag, const char* meaning, std::optional<std::string> Config::*member) {
  return {flag, "", meaning, [=](Config& c, const std::string& v) -> Result<void> {
            if (!v.empty()) c.*member = v;
            return ok();
          }};
}

Setting choice(const char* flag, const char* fallback, const char* meaning, std::string Config::*member,
               std::vector<std::string> allowed) {
  return {flag, fallback, meaning, [=](Config& c, const std::string& v) -> Result<void> {
            for (const auto& a : allowed) {
              if (v == a) {
                c.*member = v;
                return ok();
              }
            }
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            return bad_value(flag, "'" + v + "' is not one of " + list);
          }};
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {"database-url", "sqlite://./veza.db", "sqlite://PATH or postgresql://user:pass@host:port/db",
       [](Config& c, const std::string& v) -> Result<void> {
         if (v.rfind("sqlite://", 0) != 0 && v.rfind("postgresql://", 0) != 0 && v.rfind("postgres://", 0) != 0)
           return bad_value("database-url", "use sqlite://PATH or postgresql://user:pass@host:port/db");
         c.database_url = v;
         return ok();
       }},
      whole<std::size_t>("db-pool-size", "8", "connections in the database pool", &Config::db_pool_size, 1, 256),
      choice("migrate", "auto", "auto, true or false: apply pending migrations at server start (auto: on for SQLite)",
             &Config::migrate, {"auto", "true", "false"}),
      optional_text("redis-url", "redis://host:port/db (unset: in-process store)", &Config::redis_url),
      optional_text("rabbitmq-url", "amqp://user:pass@host:5672/vhost (unset: not probed)", &Config::rabbitmq_url),
      {"http-addr", "127.0.0.1:8080", "listen address HOST:PORT (port 0 picks a free port)",
       [](Config& c, const std::string& v) -> Result<void> {
         const auto colon = v.rfind(':');
         if (colon == std::string::npos || colon == 0) return bad_value("http-addr", "use HOST:PORT, e.g. 127.0.0.1:8080");
         auto port = parse_uint<unsigned>("http-addr", v.substr(colon + 1), 0, 65535);
         if (!port) return port.error();
         c.http_addr = v;
         return ok();
       }},
      whole<std::size_t>("worker-threads", "0",
                         "threads running database and file work (0: one per CPU, at least 2, for SQLite; 8 for PostgreSQL)",
                         &Config::worker_threads, 0, 512),
      whole<std::size_t>("provider-threads", "8",
                         "threads for requests that call Hyperswitch, Discord or Spotify (a slow provider then "
                         "holds up no other request)",
                         &Config::provider_threads, 1, 512),
      text("blob-dir", "./blobs", "directory of uploaded audio, content-addressed", &Config::blob_dir),
      whole<std::uint64_t>("max-body-bytes", "1048576", "largest JSON request body", &Config::max_body_bytes, 1,
                           std::uint64_t{1} << 30),
      whole<std::uint64_t>("max-upload-bytes", "209715200", "largest audio upload", &Config::max_upload_bytes, 1,
                           std::uint64_t{1} << 40),
      seconds("header-timeout", "10", "seconds to receive a whole request head", &Config::header_timeout_s),
      seconds("idle-timeout", "60", "seconds an idle keep-alive connection stays open", &Config::idle_timeout_s),
      seconds("shutdown-timeout", "30", "drain deadline on SIGTERM, seconds", &Config::shutdown_timeout_s),
      whole<unsigned>("probe-timeout-ms", "500", "each health probe's deadline", &Config::probe_timeout_ms, 1, 60000),
      whole<unsigned>("health-cache-ms", "1000", "reuse of health probe results (0: probe every request)",
                      &Config::health_cache_ms, 0, 600000),
      whole<unsigned>("review-report-threshold", "3", "reports that hide a review until an admin moderates it",
                      &Config::review_report_threshold, 1, 1000000),
      // Empty is allowed while payments are off; require_seller_identity names them once they are on.
      text_or_empty("seller-name", "invoice issuer's legal name (required once payments are enabled)",
                    &Config::seller_name),
      text_or_empty("seller-address", "invoice issuer's address; \\n separates lines", &Config::seller_address),
      text_or_empty("seller-vat-id", "invoice issuer's VAT number", &Config::seller_vat_id),
      text_or_empty("invoice-footer", "legal footer printed on every invoice and credit note (empty: no footer)",
                    &Config::invoice_footer),
      choice("invoice-locale", "fr", "money format on documents: fr (12,50 €) or en (€12.50)",
             &Config::invoice_locale, {"fr", "en"}),
      optional_text("hyperswitch-api-key", "Hyperswitch secret API key (unset: payments off)", &Config::hyperswitch_api_key),
      optional_text("hyperswitch-base-url", "Hyperswitch API URL (unset: sandbox, production in live mode)",
                    &Config::hyperswitch_base_url),
      {"hyperswitch-live-mode", "false", "true: production URL by default, and unsafe settings refuse to start",
       [](Config& c, const std::string& v) -> Result<void> {
         if (v != "true" && v != "false") return bad_value("hyperswitch-live-mode", "use true or false");
         c.hyperswitch_live_mode = v == "true";
         return ok();
       }},
      optional_text("hyperswitch-webhook-secret", "the profile's payment response hash key (webhook signatures)",
                    &Config::hyperswitch_webhook_secret),
      whole<unsigned>("http-connect-timeout-ms", "2000", "connect timeout of every outbound call",
                      &Config::http_connect_timeout_ms, 1, 600000),
      whole<unsigned>("http-timeout-ms", "10000", "time budget of every outbound call, retries included",
                      &Config::http_timeout_ms, 1, 600000),
      whole<unsigned>("refund-window-days", "14", "days a buyer may ask for a refund", &Config::refund_window_days, 0,
                      3650),
      seconds("reconcile-interval", "60", "seconds between the server's reconciliations (0: off)",
              &Config::reconcile_interval_s),
      seconds("reconcile-min-age", "300", "seconds a payment or refund stays pending before it is reconciled",
              &Config::reconcile_min_age_s),
      optional_text("discord-client-id", "Discord application id (unset: Discord sign-in off)", &Config::discord_client_id),
      optional_text("discord-client-secret", "Discord client secret", &Config::discord_client_secret),
      optional_text("discord-redirect-uri", "our Discord callback URL, exactly as registered", &Config::discord_redirect_uri),
      text("discord-base-url", "https://discord.com", "Discord's base URL (tests point it at a fake)",
           &Config::discord_base_url),
      optional_text("spotify-client-id", "Spotify client id (unset: Spotify sign-in off)", &Config::spotify_client_id),
      optional_text("spotify-client-secret", "Spotify client secret", &Config::spotify_client_secret),
      optional_text("spotify-redirect-uri", "our Spotify callback URL, exactly as registered", &Config::spotify_redirect_uri),
      text("spotify-accounts-url", "https://accounts.spotify.com", "Spotify accounts base URL (authorize, token)",
           &Config::spotify_accounts_url),
      text("spotify-api-url", "https://api.spotify.com", "Spotify Web API base URL (profile)", &Config::spotify_api_url),
      whole<unsigned>("login-rate-limit", "30", "OAuth sign-in starts per minute per client address",
                      &Config::login_rate_limit, 1, 1000000),
      {"trusted-proxies", "", "comma-separated proxy IPs whose X-Forwarded-For names the client (e.g. 127.0.0.1)",
       [](Config& c, const std::string& v) -> Result<void> {
         c.trusted_proxies.clear();
         std::size_t at = 0;
         while (at <= v.size()) {
           const std::size_t end = std::min(v.find(',', at), v.size());
           std::string ip = v.substr(at, end - at);
           ip.erase(0, ip.find_first_not_of(' '));
           ip.erase(ip.find_last_not_of(' ') + 1);
           if (!ip.empty()) {
             if (!boost::urls::parse_ipv4_address(ip) && !boost::urls::parse_ipv6_address(ip)) {
               return bad_value("trusted-proxies", "'" + ip + "' is not an IP address");
             }
             c.trusted_proxies.push_back(ip);
           }
           at = end + 1;
         }
         return ok();
       }},
      choice("log-level", "info", "debug, info, warn or error", &Config::log_level, {"debug", "info", "warn", "error"}),
  };
  return all;
}

po::options_description describe() {
  po::options_description desc("settings");
  for (const auto& s : settings()) desc.add_options()(s.flag, po::value<std::string>(), s.meaning);
  desc.add_options()("config", po::value<std::string>(), "INI file of settings (keys named like the flags)");
  return desc;
}

}  // namespace

Result<LoadedConfig> load_config(const std::vector<std::string>& args, const char* const* envp) {
  const po::options_description desc = describe();
  po::variables_map vm;
  LoadedConfig out;
  try {
    // Precedence: the first value stored for a key wins, so flags go in first, then the
    // environment, then the file.
    // No prefix guessing: a command's own option (`products create --seller`) must never be
    // taken for a setting it abbreviates (`--seller-name`), nor be refused as ambiguous.
    constexpr int kStyle = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    auto parsed = po::command_line_parser(args).options(desc).style(kStyle).allow_unregistered().run();
    out.unrecognized = po::collect_unrecognized(parsed.options, po::include_positional);
    po::store(parsed, vm);

    std::map<std::string, std::string> env_to_flag;
    for (const auto& s : settings()) env_to_flag[env_name(s.flag)] = s.flag;
    std::vector<std::string> env_args;
    for (const char* const* e = envp; e && *e; ++e) {
      const std::string_view kv(*e);
      const auto eq = kv.find('=');
      if (eq == std::string_view::npos) continue;
      const auto it = env_to_flag.find(std::string(kv.substr(0, eq)));
      if (it == env_to_flag.end()) continue;
      const std::string value(kv.substr(eq + 1));
      if (value.empty()) {
        // program_options refuses "--flag=" with nothing after the '=': an empty value (which
        // each setting then accepts or refuses by name) goes as a token of its own.
        env_args.push_back("--" + it->second);
        env_args.push_back(value);
      } else {
        env_args.push_back("--" + it->second + "=" + value);
      }
    }
    po::store(po::command_line_parser(env_args).options(desc).run(), vm);

    if (vm.count("config")) {
      const std::string path = vm["config"].as<std::string>();
      std::ifstream file(path);
      if (!file) return make_error(ErrorCode::invalid_argument, "cannot read the --config file '" + path + "'");
      po::store(po::parse_config_file(file, desc, /*allow_unregistered=*/false), vm);
    }
  } catch (const po::error& e) {
    return make_error(ErrorCode::invalid_argument, std::string("bad setting: ") + e.what());
  }
  for (const auto& s : settings()) {
    if (!vm.count(s.flag)) continue;
    VEZA_TRY_VOID(s.apply(out.config, vm[s.flag].as<std::string>()));
  }
  return out;
}

Result<void> require_seller_identity(const Config& config) {
  std::string missing;
  const auto check = [&](const std::string& value, const char* flag) {
    if (value.find_first_not_of(" \t") == std::string::npos) missing += (missing.empty() ? "" : ", ") + env_name(flag);
  };
  check(config.seller_name, "seller-name");
  check(config.seller_address, "seller-address");
  check(config.seller_vat_id, "seller-vat-id");
  if (missing.empty()) return ok();
  return make_error(ErrorCode::invalid_argument,
                    "payments are enabled but invoices need the seller's identity: set " + missing);
}

std::string hyperswitch_base_url(const Config& config) {
  if (config.hyperswitch_base_url) return *config.hyperswitch_base_url;
  return config.hyperswitch_live_mode ? "https://api.hyperswitch.io" : "https://sandbox.hyperswitch.io";
}

Result<void> check_payment_settings(const Config& config) {
  if (!config.hyperswitch_live_mode) return ok();
  const auto missing = [](const char* flag) {
    return make_error(ErrorCode::invalid_argument, std::string("live mode (HYPERSWITCH_LIVE_MODE=true) requires ") +
                                                       env_name(flag) + " (--" + flag + ")");
  };
  if (!config.hyperswitch_api_key) return missing("hyperswitch-api-key");
  if (!config.hyperswitch_webhook_secret) return missing("hyperswitch-webhook-secret");
  if (hyperswitch_base_url(config).rfind("https://", 0) != 0) {
    return make_error(ErrorCode::invalid_argument,
                      "live mode (HYPERSWITCH_LIVE_MODE=true) requires an https:// HYPERSWITCH_BASE_URL "
                      "(--hyperswitch-base-url)");
  }
  return ok();
}

namespace {

bool is_loopback_host(std::string_view host) { return host == "127.0.0.1" || host == "[::1]" || host == "localhost"; }

Result<void> check_url(const char* flag, const std::string& value, bool redirect, bool allow_localhost) {
  auto u = boost::urls::parse_absolute_uri(value);
  if (!u || (u->scheme() != "https" && u->scheme() != "http") || u->host().empty()) {
    return bad_value(flag, "use an absolute http(s):// URL");
  }
  if (!redirect) return ok();
  if (u->scheme() == "http" && !is_loopback_host(u->host())) {
    return bad_value(flag, "a redirect URI must be https:// (http:// only on a loopback address)");
  }
  if (!allow_localhost && u->host() == "localhost") {
    return bad_value(flag, "this provider refuses 'localhost': use http://127.0.0.1:PORT/...");
  }
  if (u->has_fragment()) return bad_value(flag, "a redirect URI must not carry a #fragment");
  return ok();
}

Result<void> check_provider(const char* id_flag, const std::optional<std::string>& id, const char* secret_flag,
                            const std::optional<std::string>& secret, const char* redirect_flag,
                            const std::optional<std::string>& redirect, bool allow_localhost) {
  if (!id) return ok();
  if (!secret) return bad_value(secret_flag, std::string("required when ") + env_name(id_flag) + " is set");
  if (!redirect) return bad_value(redirect_flag, std::string("required when ") + env_name(id_flag) + " is set");
  return check_url(redirect_flag, *redirect, true, allow_localhost);
}

}  // namespace

Result<void> check_oauth_settings(const Config& c) {
  VEZA_TRY_VOID(check_provider("discord-client-id", c.discord_client_id, "discord-client-secret", c.discord_client_secret,
                               "discord-redirect-uri", c.discord_redirect_uri, true));
  VEZA_TRY_VOID(check_provider("spotify-client-id", c.spotify_client_id, "spotify-client-secret", c.spotify_client_secret,
                               "spotify-redirect-uri", c.spotify_redirect_uri, false));
  VEZA_TRY_VOID(check_url("discord-base-url", c.discord_base_url, false, true));
  VEZA_TRY_VOID(check_url("spotify-accounts-url", c.spotify_accounts_url, false, true));
  return check_url("spotify-api-url", c.spotify_api_url, false, true);
}

std::string config_help() {
  std::ostringstream os;
  os << "Settings (flag > environment > --config FILE > default):\n";
  for (const auto& s : settings()) {
    os << "  --" << s.flag << " (" << env_name(s.flag) << ")";
    if (*s.fallback) os << " [" << s.fallback << "]";
    os << "\n      " << s.meaning << "\n";
  }
  os << "  --config FILE\n      INI file of settings, keys named like the flags\n";
  return os.str();
}

std::size_t worker_threads_for(const Config& config) {
  if (config.worker_threads != 0) return config.worker_threads;
  if (config.database_url.rfind("sqlite://", 0) != 0) return 8;
  return std::max<std::size_t>(2, std::thread::hardware_concurrency());
}

}  // namespace veza
