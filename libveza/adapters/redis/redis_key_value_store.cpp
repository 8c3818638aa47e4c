#include "adapters/redis/redis_key_value_store.hpp"

#include <utility>

namespace veza::adapters {

namespace {

// One round trip, atomic: the first increment of a window sets its expiry, later ones leave it.
// A counter found without an expiry (never by our API) gets one rather than living forever.
constexpr std::string_view kIncrementScript = R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {n, t}
)lua";

Result<void> check_ttl(std::chrono::milliseconds ttl, std::string_view what) {
  if (ttl.count() <= 0) return make_error(ErrorCode::invalid_argument, std::string(what) + " must be positive");
  return ok();
}

}  // namespace

Result<std::unique_ptr<RedisKeyValueStore>> RedisKeyValueStore::open(std::string_view url, const Clock& clock,
                                                                     RedisStoreOptions options) {
  auto endpoint = parse_redis_url(url);
  if (!endpoint) return std::move(endpoint).error();
  return std::make_unique<RedisKeyValueStore>(std::move(*endpoint), clock, std::move(options));
}

RedisKeyValueStore::RedisKeyValueStore(RedisEndpoint endpoint, const Clock& clock, RedisStoreOptions options)
    : endpoint_(std::move(endpoint)), clock_(clock), options_(std::move(options)) {}

Result<RedisReply> RedisKeyValueStore::run(const std::vector<std::string_view>& args) {
  if (conn_ && conn_->broken()) conn_.reset();
  if (!conn_) {
    const auto now = clock_.monotonic();
    if (retry_after_ && now < *retry_after_) {
      return make_error(ErrorCode::unavailable, "Redis at " + endpoint_.display + " is unavailable (retrying shortly)");
    }
    auto opened = RedisConnection::open(endpoint_, options_.connect_timeout, options_.command_timeout);
    if (!opened) {
      retry_after_ = clock_.monotonic() + options_.reconnect_backoff;
      return std::move(opened).error();
    }
    retry_after_.reset();
    conn_.emplace(std::move(*opened));
  }
  auto reply = conn_->command(args);
  if (!reply) return std::move(reply).error();
  if (reply->type == RedisReply::Type::error) {
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint_.display + " refused a command: " + reply->text);
  }
  return reply;
}

Result<std::optional<std::string>> RedisKeyValueStore::string_or_nil(const std::vector<std::string_view>& args) {
  auto reply = run(args);
  if (!reply) return std::move(reply).error();
  if (reply->type == RedisReply::Type::nil) return std::optional<std::string>{};
  if (reply->type == RedisReply::Type::string) return std::optional<std::string>{std::move(reply->text)};
  return make_error(ErrorCode::unavailable, "Redis at " + endpoint_.display + " gave an unexpected reply");
}

Result<void> RedisKeyValueStore::put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  VEZA_TRY_VOID(check_ttl(ttl, "ttl"));
  const std::string k = options_.key_prefix + std::string(key);
  const std::string ms = std::to_string(ttl.count());
  const std::lock_guard lock(mutex_);
  auto reply = run({"SET", k, value, "PX", ms});
  if (!reply) return std::move(reply).error();
  return ok();
}

Result<std::optional<std::string>> RedisKeyValueStore::get(std::string_view key) {
  const std::string k = options_.key_prefix + std::string(key);
  const std::lock_guard lock(mutex_);
  return string_or_nil({"GET", k});
}

Result<std::optional<std::string>> RedisKeyValueStore::take(std::string_view key) {
  const std::string k = options_.key_prefix + std::string(key);
  const std::lock_guard lock(mutex_);
  return string_or_nil({"GETDEL", k});
}

Result<WindowCount> RedisKeyValueStore::increment(std::string_view key, std::chrono::milliseconds window) {
  VEZA_TRY_VOID(check_ttl(window, "window"));
  const std::string k = options_.key_prefix + std::string(key);
  const std::string ms = std::to_string(window.count());
  const std::lock_guard lock(mutex_);
  auto reply = run({"EVAL", kIncrementScript, "1", k, ms});
  if (!reply) return std::move(reply).error();
  if (reply->type != RedisReply::Type::array || reply->elements.size() != 2 ||
      reply->elements[0].type != RedisReply::Type::integer || reply->elements[1].type != RedisReply::Type::integer) {
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint_.display + " gave an unexpected reply to INCR");
  }
  return WindowCount{reply->elements[0].integer, std::chrono::milliseconds{reply->elements[1].integer}};
}

Result<bool> RedisKeyValueStore::put_if_absent(std::string_view key, std::string_view value,
                                               std::chrono::milliseconds ttl) {
  VEZA_TRY_VOID(check_ttl(ttl, "ttl"));
  const std::string k = options_.key_prefix + std::string(key);
  const std::string ms = std::to_string(ttl.count());
  const std::lock_guard lock(mutex_);
  auto reply = run({"SET", k, value, "PX", ms, "NX"});
  if (!reply) return std::move(reply).error();
  // OK when set, nil when the key was there.
  return reply->type == RedisReply::Type::status;
}

}  // namespace veza::adapters
