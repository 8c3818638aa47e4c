#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/health/health_probe.hpp>
#include <veza/health/health_report.hpp>

namespace veza::health {

struct VEZA_API HealthOptions {
  std::chrono::milliseconds probe_timeout{500};  // VEZA_PROBE_TIMEOUT_MS, per probe
  std::chrono::milliseconds cache_ttl{1000};     // VEZA_HEALTH_CACHE_MS; 0: probe on every request
  std::string version;                           // reported as is
  std::vector<std::string> disabled;             // reported as "disabled" (e.g. "redis" when not configured)
  // How long the destructor waits for checks still running, so that a late DB ping does not
  // outlive the pool its FunctionProbe refers to in an orderly shutdown. Past it, they are left
  // to finish on their own (they only touch shared state).
  std::chrono::milliseconds drain_timeout{1000};
};

// Runs every probe concurrently, each on its own thread with its own timeout, and reports.
//
// It stops waiting for a late probe at its deadline without joining it (the thread is detached
// and keeps only shared state alive), so one hung dependency cannot hang the health endpoint.
// Concurrent callers share one run, and its report is reused for `cache_ttl`, so a storm of
// health requests becomes at most one probe of each dependency per `cache_ttl`.
// Thread-safe. Time comes only from `clock` (monotonic), which the caller keeps alive, like
// `metrics` and `logger` (both optional).
class VEZA_API HealthService {
 public:
  HealthService(std::vector<std::shared_ptr<HealthProbe>> probes, const Clock& clock, HealthOptions options,
                Metrics* metrics = nullptr, Logger* logger = nullptr);
  ~HealthService();
  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;

  // Returns within about probe_timeout (plus the wait for a run already under way). Also sets
  // veza_health_status{dependency} to 1 (ok) or 0 (down) after each run.
  HealthReport check();
  // The cached report when it is still fresh, without blocking or probing (nullopt otherwise):
  // lets the HTTP server answer from its I/O thread and skip the worker-pool hop.
  std::optional<HealthReport> cached();

 private:
  struct Probe;    // a probe and its per-dependency state
  struct Flight;   // the run under way, awaited by concurrent callers
  struct Running;  // probe threads alive, for the destructor's bounded wait

  HealthReport run_probes();
  void publish(const HealthReport& report);
  [[nodiscard]] HealthReport stamped(HealthReport report) const;

  std::vector<std::shared_ptr<Probe>> probes_;
  const Clock& clock_;
  HealthOptions options_;
  Logger* logger_;
  std::chrono::steady_clock::time_point started_;
  std::shared_ptr<Running> running_;  // probe threads still running, shared with them

  std::mutex mutex_;  // guards what follows
  std::shared_ptr<Flight> in_flight_;
  std::optional<HealthReport> cached_;
  std::chrono::steady_clock::time_point cached_at_{};
};

}  // namespace veza::health
