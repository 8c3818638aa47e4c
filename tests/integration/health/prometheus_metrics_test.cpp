#include "adapters/metrics/prometheus_metrics.hpp"

#include <memory>
#include <string>

#include <doctest/doctest.h>

#include <veza/health/health_service.hpp>

#include "support/fake_clock.hpp"
#include "support/fake_probe.hpp"

using veza::adapters::PrometheusMetrics;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_SUITE("health") {
  TEST_CASE("health: prometheus metrics: a counter with labels appears in the scrape with its HELP, TYPE and value") {
    PrometheusMetrics metrics;
    auto& c = metrics.counter("http_server_requests_total", "HTTP requests served",
                              {{"method", "GET"}, {"route", "/api/v1/products/{id}"}, {"status", "200"}});
    c.increment();
    c.increment(2);
    c.increment(-5);  // ignored: counters only go up
    const auto text = metrics.scrape();
    INFO(text);
    CHECK(contains(text, "# HELP http_server_requests_total HTTP requests served\n"));
    CHECK(contains(text, "# TYPE http_server_requests_total counter\n"));
    CHECK(contains(text, R"(http_server_requests_total{method="GET",route="/api/v1/products/{id}",status="200"} 3)"));
  }

  TEST_CASE("health: prometheus metrics: the same name and labels give the same instrument, in any label order") {
    PrometheusMetrics metrics;
    auto& a = metrics.counter("veza_things_total", "things", {{"a", "1"}, {"b", "2"}});
    auto& b = metrics.counter("veza_things_total", "things", {{"b", "2"}, {"a", "1"}});
    auto& other = metrics.counter("veza_things_total", "things", {{"a", "1"}, {"b", "3"}});
    CHECK(&a == &b);
    CHECK(&a != &other);
  }

  TEST_CASE("health: prometheus metrics: a gauge goes up, down and is set") {
    PrometheusMetrics metrics;
    auto& g = metrics.gauge("http_server_active_requests", "Requests in flight");
    g.increment();
    g.increment();
    g.decrement();
    CHECK(contains(metrics.scrape(), "http_server_active_requests 1"));
    g.set(7);
    const auto text = metrics.scrape();
    CHECK(contains(text, "# TYPE http_server_active_requests gauge\n"));
    CHECK(contains(text, "http_server_active_requests 7"));
  }

  TEST_CASE("health: prometheus metrics: a histogram with the default latency buckets has the 0.5 bucket, count and sum") {
    PrometheusMetrics metrics;
    auto& h = metrics.histogram("http_server_request_duration_seconds", "Request duration",
                                {{"method", "GET"}, {"route", "/api/v1/health"}, {"status", "200"}},
                                veza::default_latency_buckets());
    h.observe(0.3);
    h.observe(0.7);
    const auto text = metrics.scrape();
    INFO(text);
    CHECK(contains(text, "# TYPE http_server_request_duration_seconds histogram\n"));
    CHECK(contains(text, R"(http_server_request_duration_seconds_bucket{method="GET",route="/api/v1/health",status="200",le="0.5"} 1)"));
    CHECK(contains(text, R"(le="0.005"})"));
    CHECK(contains(text, R"(le="10"})"));
    CHECK(contains(text, R"(le="+Inf"} 2)"));
    CHECK(contains(text, R"(http_server_request_duration_seconds_count{method="GET",route="/api/v1/health",status="200"} 2)"));
    CHECK(contains(text, R"(http_server_request_duration_seconds_sum{method="GET",route="/api/v1/health",status="200"} 1)"));
  }

  TEST_CASE("health: prometheus metrics: misuse gives an instrument that records nothing instead of throwing") {
    PrometheusMetrics metrics;
    metrics.counter("veza_clash", "a counter").increment();
    auto& clash = metrics.gauge("veza_clash", "now a gauge");
    clash.set(5);
    auto& bad = metrics.counter("not a valid name", "bad");
    bad.increment();
    auto& bad_label = metrics.counter("veza_ok_name", "bad label", {{"bad label", "x"}});
    bad_label.increment();
    const auto text = metrics.scrape();
    CHECK(contains(text, "# TYPE veza_clash counter"));
    CHECK_FALSE(contains(text, "veza_clash 5"));
    CHECK_FALSE(contains(text, "not a valid name"));
  }

  TEST_CASE("health: prometheus metrics: the health service publishes veza_health_status per dependency") {
    PrometheusMetrics metrics;
    veza::testing::FakeClock clock;
    auto db = std::make_shared<veza::testing::FakeProbe>("db", true);
    auto redis = std::make_shared<veza::testing::FakeProbe>("redis", false);
    redis->fail();
    veza::health::HealthOptions options;
    options.probe_timeout = std::chrono::milliseconds(200);
    veza::health::HealthService service({db, redis}, clock, options, &metrics);
    service.check();
    const auto text = metrics.scrape();
    INFO(text);
    CHECK(contains(text, "# TYPE veza_health_status gauge"));
    CHECK(contains(text, R"(veza_health_status{dependency="db"} 1)"));
    CHECK(contains(text, R"(veza_health_status{dependency="redis"} 0)"));
  }
}
