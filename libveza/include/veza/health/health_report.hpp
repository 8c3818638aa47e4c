#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/export.hpp>

namespace veza::health {

// ok: everything up; degraded: a non-critical dependency is down (serve, 200);
// down: a critical one is (503).
enum class HealthStatus { ok, degraded, down };

// disabled: expected but not configured (Redis without VEZA_REDIS_URL uses the in-process store).
enum class DependencyStatus { ok, down, disabled };

struct VEZA_API DependencyHealth {
  std::string name;  // "db", "redis", "rabbitmq"
  bool critical = false;
  DependencyStatus status = DependencyStatus::down;
  double latency_ms = 0.0;  // how long the probe took (the timeout when it did not answer)
  std::string message;      // why it is down, for logs; never a secret, not sent to clients
};

struct VEZA_API HealthReport {
  HealthStatus status = HealthStatus::down;
  std::vector<DependencyHealth> checks;  // probes in the order given, then disabled ones
  std::string version;
  std::int64_t uptime_s = 0;

  // The named dependency, or nullptr.
  [[nodiscard]] const DependencyHealth* find(std::string_view name) const noexcept;
};

VEZA_API std::string_view to_string(HealthStatus status) noexcept;
VEZA_API std::string_view to_string(DependencyStatus status) noexcept;

// Issue 4's shape: {"status":…, "<dependency>":"ok|down|disabled" for each check, "checks":{
// "<dependency>":{"status":…,"latency_ms":…}, …},"version":…,"uptime_s":…}. A dependency not
// configured at all (RabbitMQ without VEZA_RABBITMQ_URL) is simply not in the report, so not in
// the JSON; a disabled one has no latency_ms.
VEZA_API std::string to_json(const HealthReport& report);

// to_json with memory: the last report and its JSON, serialised again only when a field the
// JSON shows has changed. The service hands out one cached report (uptime in whole seconds)
// for VEZA_HEALTH_CACHE_MS, so a health endpoint under load serialises about once a second
// instead of once per request. Thread-safe.
class VEZA_API HealthJsonCache {
 public:
  std::string json(const HealthReport& report);

 private:
  std::mutex mutex_;
  std::optional<HealthReport> last_;
  std::string json_;
};

}  // namespace veza::health
