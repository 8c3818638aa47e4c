#pragma once
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <veza/core/metrics.hpp>

namespace veza::testing {

// The Metrics port in memory: tests read back what was recorded. scrape() writes one
// `name{labels} value` line per series (no HELP/TYPE, no histogram buckets).
class FakeMetrics final : public Metrics {
 public:
  Counter& counter(std::string_view name, std::string_view, const MetricLabels& labels = {}) override {
    return series(name, labels);
  }
  Gauge& gauge(std::string_view name, std::string_view, const MetricLabels& labels = {}) override {
    return series(name, labels);
  }
  Histogram& histogram(std::string_view name, std::string_view, const MetricLabels& labels,
                       const std::vector<double>&) override {
    return series(name, labels);
  }
  [[nodiscard]] std::string scrape() const override {
    const std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [key, s] : series_) out += key + " " + std::to_string(s->value()) + "\n";
    return out;
  }

  // The value of a series (sum of observations for a histogram), or nullopt if never registered.
  [[nodiscard]] std::optional<double> value(std::string_view name, const MetricLabels& labels = {}) const {
    const std::lock_guard lock(mutex_);
    const auto it = series_.find(key_of(name, labels));
    if (it == series_.end()) return std::nullopt;
    return it->second->value();
  }

 private:
  class Series final : public Counter, public Gauge, public Histogram {
   public:
    void increment(double amount) noexcept override { add(amount); }
    void decrement(double amount) noexcept override { add(-amount); }
    void set(double v) noexcept override {
      const std::lock_guard lock(mutex_);
      value_ = v;
    }
    void observe(double v) noexcept override { add(v); }
    [[nodiscard]] double value() const {
      const std::lock_guard lock(mutex_);
      return value_;
    }

   private:
    void add(double v) {
      const std::lock_guard lock(mutex_);
      value_ += v;
    }
    mutable std::mutex mutex_;
    double value_ = 0.0;
  };

  static std::string key_of(std::string_view name, MetricLabels labels) {
    std::sort(labels.begin(), labels.end());
    std::string key(name);
    key += "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i != 0) key += ",";
      key += labels[i].first + "=\"" + labels[i].second + "\"";
    }
    return key + "}";
  }

  Series& series(std::string_view name, const MetricLabels& labels) {
    const std::lock_guard lock(mutex_);
    auto& slot = series_[key_of(name, labels)];
    if (!slot) slot = std::make_unique<Series>();
    return *slot;
  }

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Series>> series_;
};

}  // namespace veza::testing
