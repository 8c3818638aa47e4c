#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/key_value_store.hpp>

#include "adapters/redis/redis_connection.hpp"
#include "adapters/redis/redis_url.hpp"

namespace veza::adapters {

struct RedisStoreOptions {
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds command_timeout{500};
  // After a failed connect, calls fail at once with `unavailable` for this long instead of each
  // waiting out connect_timeout (they queue on one connection) while Redis is down.
  std::chrono::milliseconds reconnect_backoff{1000};
  std::string key_prefix;  // prepended to every key, e.g. "veza:" on a shared Redis
};

// The KeyValueStore port over one hiredis connection under a mutex (commands take well under a
// millisecond; one connection keeps it simple), connected on first use and reconnected after a
// failure. Needs Redis >= 6.2 (GETDEL). A command that fails is not retried: INCR or GETDEL may
// have run before the reply was lost.
class VEZA_API RedisKeyValueStore final : public KeyValueStore {
 public:
  // `invalid_argument` for a malformed URL; an unreachable server is not an error yet (the
  // server starts degraded and the store recovers when Redis does).
  static Result<std::unique_ptr<RedisKeyValueStore>> open(std::string_view url, const Clock& clock,
                                                          RedisStoreOptions options = {});
  RedisKeyValueStore(RedisEndpoint endpoint, const Clock& clock, RedisStoreOptions options);

  Result<void> put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  Result<std::optional<std::string>> get(std::string_view key) override;
  Result<std::optional<std::string>> take(std::string_view key) override;
  Result<WindowCount> increment(std::string_view key, std::chrono::milliseconds window) override;
  Result<bool> put_if_absent(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;

 private:
  // Runs one command on the (re)connected connection; the caller holds mutex_.
  Result<RedisReply> run(const std::vector<std::string_view>& args);
  Result<std::optional<std::string>> string_or_nil(const std::vector<std::string_view>& args);

  RedisEndpoint endpoint_;
  const Clock& clock_;
  RedisStoreOptions options_;
  std::mutex mutex_;
  std::optional<RedisConnection> conn_;
  std::optional<std::chrono::steady_clock::time_point> retry_after_;
};

}  // namespace veza::adapters
