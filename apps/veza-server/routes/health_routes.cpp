// GET /healthz (alive), GET /readyz (503 while starting or draining), GET /metrics (Prometheus),
// GET /api/v1/health (the seed's enriched health: 200 ok|degraded, 503 down).
#include <memory>
#include <mutex>

#include <veza/health/health_report.hpp>
#include <veza/health/health_service.hpp>

#include "../app_context.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

Response healthz(Request&, AppContext&) { return json_response(200, R"({"status":"alive"})"); }

Response readyz(Request&, AppContext& app) {
  switch (app.state.load()) {
    case ServerState::ready: return json_response(200, R"({"status":"ready"})");
    case ServerState::starting: return json_response(503, R"({"status":"starting"})");
    case ServerState::draining: return json_response(503, R"({"status":"draining"})");
  }
  return json_response(503, R"({"status":"unknown"})");
}

Response metrics(Request&, AppContext& app) {
  return text_response(200, "text/plain; version=0.0.4; charset=utf-8", app.runtime.metrics().scrape());
}

// Whether two reports give the same JSON: the fields health::to_json writes (not the message,
// which is for logs). Keep in step with to_json.
bool same_json(const health::HealthReport& a, const health::HealthReport& b) {
  if (a.status != b.status || a.uptime_s != b.uptime_s || a.version != b.version || a.checks.size() != b.checks.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.checks.size(); ++i) {
    const auto& x = a.checks[i];
    const auto& y = b.checks[i];
    if (x.name != y.name || x.status != y.status || x.latency_ms != y.latency_ms) return false;
  }
  return true;
}

// The last report and its JSON. The health service hands out one cached report (stamped with the
// uptime in seconds) for VEZA_HEALTH_CACHE_MS, so the body changes at most about once a second:
// serialising it once per change rather than per request (the profile showed to_json's
// allocations). Shared by the I/O thread (cached reports) and the pool (fresh ones).
class HealthBodies {
 public:
  Response respond(const health::HealthReport& report) {
    Response res = json_response(report.status == health::HealthStatus::down ? 503 : 200, body_of(report));
    res.headers.emplace_back("Cache-Control", "no-store");
    return res;
  }

 private:
  std::string body_of(const health::HealthReport& report) {
    const std::lock_guard lock(mutex_);
    if (!last_ || !same_json(*last_, report)) {
      body_ = health::to_json(report);
      last_ = report;
    }
    return body_;
  }

  std::mutex mutex_;
  std::optional<health::HealthReport> last_;
  std::string body_;
};

}  // namespace

void add_health_routes(Router& router) {
  router.add({"GET", "/healthz", healthz, {}, true});
  router.add({"GET", "/readyz", readyz, {}, true});
  router.add({"GET", "/metrics", metrics, {}});
  auto bodies = std::make_shared<HealthBodies>();
  const auto health = [bodies](Request&, AppContext& app) { return bodies->respond(app.runtime.health().check()); };
  // Most health requests fall inside VEZA_HEALTH_CACHE_MS: answer those on the I/O thread.
  const auto cached_health = [bodies](Request&, AppContext& app) -> std::optional<Response> {
    auto report = app.runtime.health().cached();
    if (!report) return std::nullopt;
    return bodies->respond(*report);
  };
  router.add({"GET", "/api/v1/health", health, {}, false, cached_health});
}

}  // namespace veza::server
