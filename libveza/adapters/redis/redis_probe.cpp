#include "adapters/redis/redis_probe.hpp"

#include <utility>

#include "adapters/redis/redis_connection.hpp"
#include "adapters/system/system_clock.hpp"

namespace veza::adapters {

namespace {

std::chrono::milliseconds left(const Clock& clock, health::Deadline deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.monotonic());
}

}  // namespace

Result<std::shared_ptr<RedisProbe>> RedisProbe::create(std::string_view url, bool critical,
                                                       std::shared_ptr<const Clock> clock) {
  auto endpoint = parse_redis_url(url);
  if (!endpoint) return std::move(endpoint).error();
  return std::make_shared<RedisProbe>(std::move(*endpoint), critical, std::move(clock));
}

RedisProbe::RedisProbe(RedisEndpoint endpoint, bool critical, std::shared_ptr<const Clock> clock)
    : endpoint_(std::move(endpoint)),
      critical_(critical),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {}

Result<void> RedisProbe::check(health::Deadline deadline) {
  auto conn = RedisConnection::open(endpoint_, left(*clock_, deadline), left(*clock_, deadline));
  if (!conn) return std::move(conn).error();
  // The connect used part of the budget; PING gets only what remains.
  const auto remaining = left(*clock_, deadline);
  if (remaining.count() <= 0) {
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint_.display + ": connected, but no time left to PING");
  }
  VEZA_TRY_VOID(conn->set_timeout(remaining));
  auto reply = conn->command({"PING"});
  if (!reply) return std::move(reply).error();
  if (reply->type != RedisReply::Type::status || reply->text != "PONG") {
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint_.display + " answered PING with: " + reply->text);
  }
  return ok();
}

}  // namespace veza::adapters
