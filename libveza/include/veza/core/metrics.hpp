#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <veza/core/export.hpp>

namespace veza {

// Label name/value pairs of one time series, e.g. {{"method","GET"},{"route","/api/v1/products/{id}"}}.
// Order does not matter; a series is identified by the set.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// Instruments are owned by the Metrics that made them and live as long as it does, so a hot
// path looks one up once (at start or on first use) and keeps the reference: recording is then
// one atomic update, with no lookup and no lock.
class VEZA_API Counter {
 public:
  virtual ~Counter() = default;
  // Adds `amount` (negative amounts are ignored: counters only go up).
  virtual void increment(double amount = 1.0) noexcept = 0;
};

class VEZA_API Gauge {
 public:
  virtual ~Gauge() = default;
  virtual void set(double value) noexcept = 0;
  virtual void increment(double amount = 1.0) noexcept = 0;
  virtual void decrement(double amount = 1.0) noexcept = 0;
};

class VEZA_API Histogram {
 public:
  virtual ~Histogram() = default;
  virtual void observe(double value) noexcept = 0;
};

// Port: counters, gauges and histograms with labels, exposed as Prometheus text. Thread-safe.
//
// The same name and label set always give the same instrument. `help` and (for histograms)
// `buckets` are taken at the first registration of a name and ignored afterwards. Misuse — an
// invalid metric or label name, or a name already registered as another kind — is a bug in the
// caller, not a runtime condition: it gives an instrument that records nothing (and the adapter
// logs it), so no exception crosses this port and no hot path has to check a result.
class VEZA_API Metrics {
 public:
  virtual ~Metrics() = default;
  virtual Counter& counter(std::string_view name, std::string_view help, const MetricLabels& labels = {}) = 0;
  virtual Gauge& gauge(std::string_view name, std::string_view help, const MetricLabels& labels = {}) = 0;
  // `buckets`: ascending upper bounds, without +Inf (always added).
  virtual Histogram& histogram(std::string_view name, std::string_view help, const MetricLabels& labels,
                               const std::vector<double>& buckets) = 0;
  // Every registered family in the Prometheus text exposition format (version 0.0.4).
  [[nodiscard]] virtual std::string scrape() const = 0;
};

// Latency buckets in seconds, 0.005 s to 10 s, including 0.5 (DESIGN's conventions). Inline so
// the port stays header-only: adapters and fakes need no domain source for it.
inline std::vector<double> default_latency_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

}  // namespace veza
