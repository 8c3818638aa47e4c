#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>

namespace veza::adapters {

// The Metrics port over a prometheus-cpp registry (prometheus-cpp::core only: /metrics is served
// by our own HTTP stack, which calls scrape()). prometheus-cpp types stay behind a pimpl so the
// composition root, which includes this header, does not parse them.
class VEZA_API PrometheusMetrics final : public Metrics {
 public:
  // `logger` (optional, must outlive this) hears about misuse: invalid names, kind clashes.
  explicit PrometheusMetrics(Logger* logger = nullptr);
  ~PrometheusMetrics() override;
  PrometheusMetrics(const PrometheusMetrics&) = delete;
  PrometheusMetrics& operator=(const PrometheusMetrics&) = delete;

  Counter& counter(std::string_view name, std::string_view help, const MetricLabels& labels = {}) override;
  Gauge& gauge(std::string_view name, std::string_view help, const MetricLabels& labels = {}) override;
  Histogram& histogram(std::string_view name, std::string_view help, const MetricLabels& labels,
                       const std::vector<double>& buckets) override;
  [[nodiscard]] std::string scrape() const override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace veza::adapters
