#pragma once
#include <memory>
#include <string>
#include <string_view>

#include <veza/core/clock.hpp>
#include <veza/health/health_probe.hpp>

#include "adapters/redis/redis_url.hpp"

namespace veza::adapters {

// Health probe "redis": a fresh hiredis connection (AUTH, SELECT as configured) and PING, which
// must answer PONG, all within the deadline. A fresh connection per check keeps the probe free
// of shared state, and the health cache keeps it to about one per second.
class VEZA_API RedisProbe final : public health::HealthProbe {
 public:
  // `invalid_argument` for a malformed URL. `clock` measures what is left before the deadline;
  // it must tell the time the HealthService's clock does (the system clock when null). It is
  // shared because a late check may outlive everything but the probe itself.
  static Result<std::shared_ptr<RedisProbe>> create(std::string_view url, bool critical = false,
                                                    std::shared_ptr<const Clock> clock = nullptr);
  RedisProbe(RedisEndpoint endpoint, bool critical, std::shared_ptr<const Clock> clock);

  [[nodiscard]] std::string name() const override { return "redis"; }
  [[nodiscard]] bool critical() const override { return critical_; }
  Result<void> check(health::Deadline deadline) override;

 private:
  RedisEndpoint endpoint_;
  bool critical_;
  std::shared_ptr<const Clock> clock_;
};

}  // namespace veza::adapters
