#include <veza/health/health_service.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "support/fake_clock.hpp"
#include "support/fake_metrics.hpp"
#include "support/fake_probe.hpp"

using namespace std::chrono_literals;
using veza::health::DependencyStatus;
using veza::health::HealthOptions;
using veza::health::HealthProbe;
using veza::health::HealthService;
using veza::health::HealthStatus;
using veza::testing::FakeClock;
using veza::testing::FakeMetrics;
using veza::testing::FakeProbe;

namespace {

// Probes that answer at once get a generous deadline: the service waits in real time, and a
// loaded CI machine must not turn a prompt answer into a timeout. Hang tests pass a short one.
HealthOptions options(std::chrono::milliseconds timeout = 2000ms, std::chrono::milliseconds cache = 1000ms) {
  HealthOptions o;
  o.probe_timeout = timeout;
  o.cache_ttl = cache;
  o.version = "1.2.3";
  return o;
}

// Releases hanging fakes when a test ends, even by a failed REQUIRE.
struct Release {
  std::vector<std::shared_ptr<FakeProbe>> probes;
  ~Release() {
    for (auto& p : probes) p->release();
  }
};

}  // namespace

TEST_SUITE("health") {
  TEST_CASE("health: all probes ok makes the service ok, with each dependency's status and the version") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    auto redis = std::make_shared<FakeProbe>("redis", false);
    HealthService service({db, redis}, clock, options());
    const auto report = service.check();
    CHECK(report.status == HealthStatus::ok);
    REQUIRE(report.checks.size() == 2);
    CHECK(report.checks[0].name == "db");
    CHECK(report.checks[0].status == DependencyStatus::ok);
    CHECK(report.checks[0].critical);
    CHECK(report.checks[1].name == "redis");
    CHECK(report.checks[1].status == DependencyStatus::ok);
    CHECK(report.version == "1.2.3");
    CHECK(db->calls() == 1);
    CHECK(redis->calls() == 1);
  }

  TEST_CASE("health: a critical dependency down makes the service down") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    auto redis = std::make_shared<FakeProbe>("redis", false);
    db->fail("connection refused");
    HealthService service({db, redis}, clock, options());
    const auto report = service.check();
    CHECK(report.status == HealthStatus::down);
    REQUIRE(report.find("db") != nullptr);
    CHECK(report.find("db")->status == DependencyStatus::down);
    CHECK(report.find("db")->message == "connection refused");
    CHECK(report.find("redis")->status == DependencyStatus::ok);
  }

  TEST_CASE("health: a non-critical dependency down makes the service degraded") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    auto redis = std::make_shared<FakeProbe>("redis", false);
    auto rabbit = std::make_shared<FakeProbe>("rabbitmq", false);
    redis->fail();
    HealthService service({db, redis, rabbit}, clock, options());
    const auto report = service.check();
    CHECK(report.status == HealthStatus::degraded);
    CHECK(report.find("redis")->status == DependencyStatus::down);
    CHECK(report.find("rabbitmq")->status == DependencyStatus::ok);
  }

  TEST_CASE("health: a probe that hangs is reported down at its timeout while the others answer") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    auto redis = std::make_shared<FakeProbe>("redis", false);
    redis->hang(5s);
    HealthService service({db, redis}, clock, options(1000ms));
    const Release release{{redis}};  // after the service: released before it drains

    const auto started = std::chrono::steady_clock::now();
    const auto report = service.check();
    const auto took = std::chrono::steady_clock::now() - started;

    CHECK(report.status == HealthStatus::degraded);
    CHECK(report.find("db")->status == DependencyStatus::ok);
    CHECK(report.find("redis")->status == DependencyStatus::down);
    CHECK(report.find("redis")->message == "no answer within 1000 ms");
    CHECK(report.find("redis")->latency_ms == doctest::Approx(1000.0));
    // Not a speed test: only proof that check() did not wait for the 5 s hang.
    CHECK(took < 4s);
  }

  TEST_CASE("health: a probe still running past its deadline is not started a second time") {
    FakeClock clock;
    auto redis = std::make_shared<FakeProbe>("redis", false);
    redis->hang(5s);
    HealthService service({redis}, clock, options(50ms, 0ms));
    const Release release{{redis}};
    CHECK(service.check().find("redis")->status == DependencyStatus::down);
    const auto again = service.check();
    CHECK(again.find("redis")->status == DependencyStatus::down);
    CHECK(again.find("redis")->message == "the previous check has not finished yet");
    CHECK(redis->calls() == 1);
  }

  TEST_CASE("health: a hung probe finishing after the service is gone touches no freed memory") {
    auto redis = std::make_shared<FakeProbe>("redis", false);
    redis->hang(5s);
    {
      FakeClock clock;
      HealthOptions o = options(20ms, 0ms);
      o.drain_timeout = 0ms;  // leave at once, as a process in a hurry would
      HealthService service({redis}, clock, o);
      CHECK(service.check().status == HealthStatus::degraded);
    }
    // The service and its clock are gone; the probe thread now returns into shared state only
    // (ASan would flag anything else).
    redis->release();
    redis.reset();
    std::this_thread::sleep_for(50ms);
  }

  TEST_CASE("health: results are reused within the cache time and probed again after it") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    HealthService service({db}, clock, options(2000ms, 1000ms));
    service.check();
    clock.advance(999ms);
    service.check();
    CHECK(db->calls() == 1);
    clock.advance(2ms);
    service.check();
    CHECK(db->calls() == 2);
  }

  TEST_CASE("health: cached() answers only from a fresh report and never probes") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    HealthService service({db}, clock, options(2000ms, 1000ms));
    CHECK_FALSE(service.cached());  // nothing probed yet
    CHECK(db->calls() == 0);
    service.check();
    auto fresh = service.cached();
    REQUIRE(fresh);
    CHECK(fresh->status == veza::health::HealthStatus::ok);
    clock.advance(1001ms);
    CHECK_FALSE(service.cached());  // stale: the caller must run check()
    CHECK(db->calls() == 1);
  }

  TEST_CASE("health: a zero cache time probes on every request") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    HealthService service({db}, clock, options(2000ms, 0ms));
    service.check();
    service.check();
    service.check();
    CHECK(db->calls() == 3);
  }

  TEST_CASE("health: a cached report still shows the current uptime") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    HealthService service({db}, clock, options(2000ms, 10'000ms));
    CHECK(service.check().uptime_s == 0);
    clock.advance(3500ms);
    CHECK(service.check().uptime_s == 3);
    CHECK(db->calls() == 1);
  }

  TEST_CASE("health: concurrent callers share one probe run") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    db->hang(5s);
    // No cache: only the sharing of the run under way can keep this to one probe.
    HealthService service({db}, clock, options(5000ms, 0ms));
    const Release release{{db}};
    std::vector<veza::health::HealthReport> reports(4);
    std::vector<std::thread> callers;
    callers.emplace_back([&] { reports[0] = service.check(); });
    REQUIRE(db->wait_for_calls(1));
    for (std::size_t i = 1; i < reports.size(); ++i) callers.emplace_back([&, i] { reports[i] = service.check(); });
    // Give the followers time to queue behind the run (not a timing assertion).
    std::this_thread::sleep_for(200ms);
    db->release();
    for (auto& t : callers) t.join();
    CHECK(db->calls() == 1);
    for (const auto& r : reports) CHECK(r.status == HealthStatus::ok);
  }

  TEST_CASE("health: each probe gets a deadline one timeout from now on the service's clock") {
    FakeClock clock;
    clock.advance(42ms);
    veza::health::Deadline seen{};
    auto probe = std::make_shared<veza::health::FunctionProbe>("db", true, [&](veza::health::Deadline d) {
      seen = d;
      return veza::ok();
    });
    HealthService service({probe}, clock, options(250ms));
    CHECK(service.check().status == HealthStatus::ok);
    CHECK(seen == clock.monotonic() + 250ms);
  }

  TEST_CASE("health: a probe that throws is reported down instead of ending the process") {
    FakeClock clock;
    auto probe = std::make_shared<veza::health::FunctionProbe>("db", true, [](veza::health::Deadline) -> veza::Result<void> {
      throw std::runtime_error("driver bug");
    });
    HealthService service({probe}, clock, options());
    const auto report = service.check();
    CHECK(report.status == HealthStatus::down);
    CHECK(report.find("db")->message == "probe failed: driver bug");
  }

  TEST_CASE("health: disabled dependencies are reported as disabled and do not degrade the service") {
    FakeClock clock;
    auto db = std::make_shared<FakeProbe>("db", true);
    HealthOptions o = options();
    o.disabled = {"redis"};
    HealthService service({db}, clock, o);
    const auto report = service.check();
    CHECK(report.status == HealthStatus::ok);
    REQUIRE(report.find("redis") != nullptr);
    CHECK(report.find("redis")->status == DependencyStatus::disabled);
    CHECK(report.find("rabbitmq") == nullptr);
  }

  TEST_CASE("health: each run sets veza_health_status per dependency: 1 ok, 0 down") {
    FakeClock clock;
    FakeMetrics metrics;
    auto db = std::make_shared<FakeProbe>("db", true);
    auto redis = std::make_shared<FakeProbe>("redis", false);
    redis->fail();
    HealthService service({db, redis}, clock, options(2000ms, 0ms), &metrics);
    service.check();
    CHECK(metrics.value("veza_health_status", {{"dependency", "db"}}) == 1.0);
    CHECK(metrics.value("veza_health_status", {{"dependency", "redis"}}) == 0.0);
    redis->succeed();
    service.check();
    CHECK(metrics.value("veza_health_status", {{"dependency", "redis"}}) == 1.0);
  }
}
