#include "adapters/metrics/prometheus_metrics.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <tuple>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace veza::adapters {

namespace {

enum class Kind { counter, gauge, histogram };

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::counter: return "counter";
    case Kind::gauge: return "gauge";
    case Kind::histogram: return "histogram";
  }
  return "metric";
}

class PromCounter final : public Counter {
 public:
  explicit PromCounter(prometheus::Counter& c) : c_(c) {}
  void increment(double amount) noexcept override {
    if (amount > 0.0) c_.Increment(amount);
  }

 private:
  prometheus::Counter& c_;
};

class PromGauge final : public Gauge {
 public:
  explicit PromGauge(prometheus::Gauge& g) : g_(g) {}
  void set(double value) noexcept override { g_.Set(value); }
  void increment(double amount) noexcept override { g_.Increment(amount); }
  void decrement(double amount) noexcept override { g_.Decrement(amount); }

 private:
  prometheus::Gauge& g_;
};

class PromHistogram final : public Histogram {
 public:
  explicit PromHistogram(prometheus::Histogram& h) : h_(h) {}
  void observe(double value) noexcept override { h_.Observe(value); }

 private:
  prometheus::Histogram& h_;
};

// What a misused name gets: it records nothing, and the caller's hot path needs no check.
class NullInstrument final : public Counter, public Gauge, public Histogram {
 public:
  void increment(double) noexcept override {}
  void set(double) noexcept override {}
  void decrement(double) noexcept override {}
  void observe(double) noexcept override {}
};

prometheus::Labels to_labels(const MetricLabels& labels) {
  prometheus::Labels out;
  for (const auto& [k, v] : labels) out[k] = v;
  return out;
}

}  // namespace

struct PrometheusMetrics::Impl {
  explicit Impl(Logger* l) : logger(l) {}

  Logger* logger;
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  mutable std::mutex mutex;
  // Our wrappers, keyed by kind, name and label set, so a repeated lookup returns the same
  // object (and std::map never moves what it holds: references stay valid).
  std::map<std::tuple<Kind, std::string, prometheus::Labels>, std::unique_ptr<Counter>> counters;
  std::map<std::tuple<Kind, std::string, prometheus::Labels>, std::unique_ptr<Gauge>> gauges;
  std::map<std::tuple<Kind, std::string, prometheus::Labels>, std::unique_ptr<Histogram>> histograms;
  std::map<std::string, prometheus::Family<prometheus::Counter>*, std::less<>> counter_families;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*, std::less<>> gauge_families;
  std::map<std::string, prometheus::Family<prometheus::Histogram>*, std::less<>> histogram_families;
  std::map<std::string, std::vector<double>, std::less<>> histogram_buckets;
  NullInstrument null;

  void misuse(Kind kind, std::string_view name, const std::exception& e) {
    if (logger == nullptr) return;
    logger->log(LogLevel::error, "metric registration refused; the instrument records nothing",
                {{"metric", std::string(name)}, {"kind", std::string(kind_name(kind))}, {"cause", e.what()}});
  }

  template <class Family, class Builder>
  Family& family(std::map<std::string, Family*, std::less<>>& families, std::string_view name, std::string_view help,
                 Builder builder) {
    if (auto it = families.find(name); it != families.end()) return *it->second;
    Family& f = builder.Name(std::string(name)).Help(std::string(help)).Register(*registry);
    families.emplace(std::string(name), &f);
    return f;
  }
};

PrometheusMetrics::PrometheusMetrics(Logger* logger) : impl_(std::make_unique<Impl>(logger)) {}
PrometheusMetrics::~PrometheusMetrics() = default;

Counter& PrometheusMetrics::counter(std::string_view name, std::string_view help, const MetricLabels& labels) {
  auto key = std::make_tuple(Kind::counter, std::string(name), to_labels(labels));
  const std::lock_guard lock(impl_->mutex);
  if (auto it = impl_->counters.find(key); it != impl_->counters.end()) return *it->second;
  try {
    auto& fam = impl_->family(impl_->counter_families, name, help, prometheus::BuildCounter());
    auto& made = *impl_->counters.emplace(key, std::make_unique<PromCounter>(fam.Add(std::get<2>(key)))).first->second;
    return made;
  } catch (const std::exception& e) {
    impl_->misuse(Kind::counter, name, e);
    return impl_->null;
  }
}

Gauge& PrometheusMetrics::gauge(std::string_view name, std::string_view help, const MetricLabels& labels) {
  auto key = std::make_tuple(Kind::gauge, std::string(name), to_labels(labels));
  const std::lock_guard lock(impl_->mutex);
  if (auto it = impl_->gauges.find(key); it != impl_->gauges.end()) return *it->second;
  try {
    auto& fam = impl_->family(impl_->gauge_families, name, help, prometheus::BuildGauge());
    auto& made = *impl_->gauges.emplace(key, std::make_unique<PromGauge>(fam.Add(std::get<2>(key)))).first->second;
    return made;
  } catch (const std::exception& e) {
    impl_->misuse(Kind::gauge, name, e);
    return impl_->null;
  }
}

Histogram& PrometheusMetrics::histogram(std::string_view name, std::string_view help, const MetricLabels& labels,
                                        const std::vector<double>& buckets) {
  auto key = std::make_tuple(Kind::histogram, std::string(name), to_labels(labels));
  const std::lock_guard lock(impl_->mutex);
  if (auto it = impl_->histograms.find(key); it != impl_->histograms.end()) return *it->second;
  try {
    auto& fam = impl_->family(impl_->histogram_families, name, help, prometheus::BuildHistogram());
    // Every series of a family shares the first registration's buckets, or the family's
    // quantiles could not be aggregated across series.
    auto [b, inserted] = impl_->histogram_buckets.try_emplace(std::string(name), buckets);
    if (inserted && !std::is_sorted(b->second.begin(), b->second.end())) std::sort(b->second.begin(), b->second.end());
    auto& made =
        *impl_->histograms.emplace(key, std::make_unique<PromHistogram>(fam.Add(std::get<2>(key), b->second))).first->second;
    return made;
  } catch (const std::exception& e) {
    impl_->misuse(Kind::histogram, name, e);
    return impl_->null;
  }
}

std::string PrometheusMetrics::scrape() const {
  try {
    // Registry::Collect is thread-safe on its own; no need to hold our lock while serialising.
    return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
  } catch (const std::exception& e) {
    if (impl_->logger != nullptr) impl_->logger->log(LogLevel::error, "metrics scrape failed", {{"cause", e.what()}});
    return {};
  }
}

}  // namespace veza::adapters
