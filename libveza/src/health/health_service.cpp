#include <veza/health/health_service.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace veza::health {

struct HealthService::Probe {
  std::shared_ptr<HealthProbe> probe;
  std::string name;
  bool critical = false;
  Gauge* gauge = nullptr;
  // Set while a check runs; shared with its thread, which may outlive the service.
  std::shared_ptr<std::atomic<bool>> busy = std::make_shared<std::atomic<bool>>(false);
  std::optional<DependencyStatus> last;  // for logging transitions only (guarded by the run's caller)
};

// One run under way; callers arriving meanwhile wait for its report instead of probing again.
struct HealthService::Flight {
  bool done = false;
  HealthReport report;
  std::condition_variable cv;
};

// Counts probe threads alive, for the destructor's bounded wait.
struct HealthService::Running {
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t count = 0;
};

namespace {

// What one run's probe threads share with the caller. Held by shared_ptr by every thread, so a
// probe answering after the caller gave up writes into memory that is still alive.
struct Run {
  struct Slot {
    bool done = false;
    bool stamped = false;
    Result<void> result = ok();
    double latency_ms = 0.0;
  };
  explicit Run(std::size_t n) : slots(n), pending(n) {}
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<Slot> slots;
  std::size_t pending;
};

Result<void> call_probe(HealthProbe& probe, Deadline deadline) noexcept {
  // The port promises no exceptions; a probe that breaks that promise is reported down rather
  // than taking the process with it (an exception escaping a thread calls std::terminate).
  try {
    return probe.check(deadline);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("probe failed: ") + e.what());
  } catch (...) {
    return make_error(ErrorCode::internal, "probe failed with an unknown exception");
  }
}

double to_ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

HealthStatus overall(const std::vector<DependencyHealth>& checks) {
  HealthStatus status = HealthStatus::ok;
  for (const auto& c : checks) {
    if (c.status != DependencyStatus::down) continue;
    if (c.critical) return HealthStatus::down;
    status = HealthStatus::degraded;
  }
  return status;
}

}  // namespace

HealthService::HealthService(std::vector<std::shared_ptr<HealthProbe>> probes, const Clock& clock,
                             HealthOptions options, Metrics* metrics, Logger* logger)
    : clock_(clock),
      options_(std::move(options)),
      logger_(logger),
      started_(clock.monotonic()),
      running_(std::make_shared<Running>()) {
  for (auto& p : probes) {
    if (!p) continue;
    auto entry = std::make_shared<Probe>();
    entry->name = p->name();
    entry->critical = p->critical();
    entry->probe = std::move(p);
    if (metrics != nullptr) {
      // Looked up once here: each run then only sets the gauge.
      entry->gauge = &metrics->gauge("veza_health_status", "Whether a dependency answered its health probe (1 ok, 0 down)",
                                     {{"dependency", entry->name}});
    }
    probes_.push_back(std::move(entry));
  }
}

// Probe threads own what they touch (shared_ptr), so leaving them running is safe for this
// service; the bounded wait is for what their probes refer to, which the owner destroys next.
HealthService::~HealthService() {
  std::unique_lock lock(running_->mutex);
  running_->cv.wait_for(lock, options_.drain_timeout, [&] { return running_->count == 0; });
}

std::optional<HealthReport> HealthService::cached() {
  const std::lock_guard lock(mutex_);
  if (cached_ && options_.cache_ttl.count() > 0 && clock_.monotonic() - cached_at_ < options_.cache_ttl) {
    return stamped(*cached_);
  }
  return std::nullopt;
}

HealthReport HealthService::check() {
  std::unique_lock lock(mutex_);
  if (cached_ && options_.cache_ttl.count() > 0 && clock_.monotonic() - cached_at_ < options_.cache_ttl) {
    return stamped(*cached_);
  }
  if (in_flight_) {
    const auto flight = in_flight_;
    flight->cv.wait(lock, [&] { return flight->done; });
    return stamped(flight->report);
  }
  const auto flight = std::make_shared<Flight>();
  in_flight_ = flight;
  lock.unlock();

  HealthReport report;
  try {
    report = run_probes();
    publish(report);
  } catch (const std::exception& e) {
    // Only resource exhaustion gets here; waiting callers must still be released, and a
    // service that cannot even probe is not healthy.
    report = HealthReport{};
    report.version = options_.version;
    report.status = HealthStatus::down;
    if (logger_ != nullptr) logger_->log(LogLevel::error, "health check failed", {{"cause", e.what()}});
  }

  lock.lock();
  cached_ = report;
  cached_at_ = clock_.monotonic();
  flight->report = report;
  flight->done = true;
  in_flight_.reset();
  flight->cv.notify_all();
  return stamped(std::move(report));
}

HealthReport HealthService::run_probes() {
  const auto start = clock_.monotonic();
  const Deadline deadline = start + options_.probe_timeout;
  const auto run = std::make_shared<Run>(probes_.size());

  for (std::size_t i = 0; i < probes_.size(); ++i) {
    const auto& entry = probes_[i];
    auto& slot = run->slots[i];
    if (entry->busy->exchange(true)) {
      // Its previous check is still running past its deadline: starting another would only
      // pile up threads on a dependency that is not answering.
      const std::lock_guard lock(run->mutex);
      slot.done = slot.stamped = true;
      slot.result = make_error(ErrorCode::unavailable, "the previous check has not finished yet");
      slot.latency_ms = to_ms(options_.probe_timeout);
      --run->pending;
      continue;
    }
    {
      const std::lock_guard lock(running_->mutex);
      ++running_->count;
    }
    try {
      std::thread([run, i, probe = entry->probe, busy = entry->busy, running = running_, deadline] {
        Result<void> result = call_probe(*probe, deadline);
        busy->store(false);
        {
          const std::lock_guard lock(run->mutex);
          run->slots[i].result = std::move(result);
          run->slots[i].done = true;
          --run->pending;
          run->cv.notify_all();
        }
        const std::lock_guard lock(running->mutex);
        --running->count;
        running->cv.notify_all();
      }).detach();
    } catch (const std::system_error& e) {
      entry->busy->store(false);
      {
        const std::lock_guard lock(running_->mutex);
        --running_->count;
      }
      const std::lock_guard lock(run->mutex);
      slot.done = slot.stamped = true;
      slot.result = make_error(ErrorCode::unavailable, std::string("could not start the probe: ") + e.what());
      --run->pending;
    }
  }

  {
    std::unique_lock lock(run->mutex);
    // The predicate runs on this thread each time it wakes (a probe finished), so latencies are
    // read from the Clock here: probe threads never touch the clock, which may be gone by the
    // time a late one finishes. wait_for measures the timeout itself, in real time.
    run->cv.wait_for(lock, options_.probe_timeout, [&] {
      for (auto& s : run->slots) {
        if (s.done && !s.stamped) {
          s.latency_ms = to_ms(clock_.monotonic() - start);
          s.stamped = true;
        }
      }
      return run->pending == 0;
    });
  }

  HealthReport report;
  report.version = options_.version;
  const std::lock_guard lock(run->mutex);
  for (std::size_t i = 0; i < probes_.size(); ++i) {
    const auto& slot = run->slots[i];
    DependencyHealth dep;
    dep.name = probes_[i]->name;
    dep.critical = probes_[i]->critical;
    if (!slot.done) {
      dep.status = DependencyStatus::down;
      dep.latency_ms = to_ms(options_.probe_timeout);
      dep.message = "no answer within " + std::to_string(options_.probe_timeout.count()) + " ms";
    } else {
      dep.status = slot.result ? DependencyStatus::ok : DependencyStatus::down;
      dep.latency_ms = slot.latency_ms;
      if (!slot.result) dep.message = slot.result.error().message;
    }
    report.checks.push_back(std::move(dep));
  }
  for (const auto& name : options_.disabled) {
    DependencyHealth dep;
    dep.name = name;
    dep.status = DependencyStatus::disabled;
    report.checks.push_back(std::move(dep));
  }
  report.status = overall(report.checks);
  return report;
}

void HealthService::publish(const HealthReport& report) {
  // Called by the one caller running probes, so `last` needs no lock of its own.
  for (std::size_t i = 0; i < probes_.size(); ++i) {
    auto& entry = *probes_[i];
    const auto& dep = report.checks[i];
    if (entry.gauge != nullptr) entry.gauge->set(dep.status == DependencyStatus::ok ? 1.0 : 0.0);
    // Log transitions only: a down dependency polled every second would otherwise flood the log.
    if (logger_ != nullptr && entry.last != dep.status) {
      if (dep.status == DependencyStatus::down) {
        logger_->log(LogLevel::warn, "dependency down", {{"dependency", dep.name}, {"reason", dep.message}});
      } else if (entry.last) {
        logger_->log(LogLevel::info, "dependency up", {{"dependency", dep.name}});
      }
    }
    entry.last = dep.status;
  }
}

HealthReport HealthService::stamped(HealthReport report) const {
  const auto up = clock_.monotonic() - started_;
  report.uptime_s = std::chrono::duration_cast<std::chrono::seconds>(up).count();
  return report;
}

}  // namespace veza::health
