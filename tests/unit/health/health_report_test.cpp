#include <veza/health/health_report.hpp>

#include <doctest/doctest.h>

using veza::health::DependencyHealth;
using veza::health::DependencyStatus;
using veza::health::HealthReport;
using veza::health::HealthStatus;

TEST_SUITE("health") {
  TEST_CASE("health: the health JSON has issue 4's shape: status, one key per dependency, checks, version, uptime") {
    HealthReport report;
    report.status = HealthStatus::degraded;
    report.version = "0.4.0";
    report.uptime_s = 3600;
    report.checks = {
        DependencyHealth{"db", true, DependencyStatus::ok, 1.2, ""},
        DependencyHealth{"redis", false, DependencyStatus::down, 500.0, "Redis at redis://127.0.0.1:6379 is unreachable"},
        DependencyHealth{"rabbitmq", false, DependencyStatus::ok, 12.3456, ""},
    };
    CHECK(veza::health::to_json(report) ==
          R"({"status":"degraded","db":"ok","redis":"down","rabbitmq":"ok",)"
          R"("checks":{"db":{"status":"ok","latency_ms":1.2},"redis":{"status":"down","latency_ms":500},)"
          R"("rabbitmq":{"status":"ok","latency_ms":12.346}},"version":"0.4.0","uptime_s":3600})");
  }

  TEST_CASE("health: the health JSON omits what is not configured and shows disabled without a latency") {
    HealthReport report;
    report.status = HealthStatus::ok;
    report.version = "dev \"quoted\"";
    report.checks = {
        DependencyHealth{"db", true, DependencyStatus::ok, 0.0, ""},
        DependencyHealth{"redis", false, DependencyStatus::disabled, 0.0, ""},
    };
    const auto json = veza::health::to_json(report);
    CHECK(json == R"({"status":"ok","db":"ok","redis":"disabled","checks":{"db":{"status":"ok","latency_ms":0},)"
                  R"("redis":{"status":"disabled"}},"version":"dev \"quoted\"","uptime_s":0})");
    CHECK(json.find("rabbitmq") == std::string::npos);
  }

  TEST_CASE("health: the health JSON never carries a probe's failure message") {
    HealthReport report;
    report.checks = {DependencyHealth{"redis", false, DependencyStatus::down, 3.0, "secret-host unreachable"}};
    CHECK(veza::health::to_json(report).find("secret-host") == std::string::npos);
  }

  TEST_CASE("health: status names are the API's words") {
    CHECK(veza::health::to_string(HealthStatus::ok) == "ok");
    CHECK(veza::health::to_string(HealthStatus::degraded) == "degraded");
    CHECK(veza::health::to_string(HealthStatus::down) == "down");
    CHECK(veza::health::to_string(DependencyStatus::disabled) == "disabled");
  }

  TEST_CASE("health: the JSON cache serialises again exactly when a field the JSON shows changes") {
    HealthReport report;
    report.status = HealthStatus::ok;
    report.version = "1";
    report.uptime_s = 10;
    report.checks = {DependencyHealth{"db", true, DependencyStatus::ok, 1.5, ""}};
    veza::health::HealthJsonCache cache;
    CHECK(cache.json(report) == veza::health::to_json(report));
    report.checks[0].message = "only for logs";
    CHECK(cache.json(report) == veza::health::to_json(report));  // unchanged text
    for (auto change : {+[](HealthReport& r) { r.uptime_s = 11; }, +[](HealthReport& r) { r.status = HealthStatus::down; },
                        +[](HealthReport& r) { r.checks[0].latency_ms = 2.0; },
                        +[](HealthReport& r) { r.checks[0].status = DependencyStatus::down; }}) {
      change(report);
      CHECK(cache.json(report) == veza::health::to_json(report));
    }
  }
}
