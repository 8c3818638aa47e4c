// GET /healthz (alive), GET /readyz (503 while starting or draining), GET /metrics (Prometheus),
// GET /api/v1/health (the seed's enriched health: 200 ok|degraded, 503 down).
#include <memory>

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

Response respond(health::HealthJsonCache& bodies, const health::HealthReport& report) {
  Response res = json_response(report.status == health::HealthStatus::down ? 503 : 200, bodies.json(report));
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace

void add_health_routes(Router& router) {
  router.add({"GET", "/healthz", healthz, {}, true});
  router.add({"GET", "/readyz", readyz, {}, true});
  router.add({"GET", "/metrics", metrics, {}});
  auto bodies = std::make_shared<health::HealthJsonCache>();
  const auto health = [bodies](Request&, AppContext& app) { return respond(*bodies, app.runtime.health().check()); };
  // Most health requests fall inside VEZA_HEALTH_CACHE_MS: answer those on the I/O thread.
  const auto cached_health = [bodies](Request&, AppContext& app) -> std::optional<Response> {
    auto report = app.runtime.health().cached();
    if (!report) return std::nullopt;
    return respond(*bodies, *report);
  };
  router.add({"GET", "/api/v1/health", health, {}, false, cached_health});
}

}  // namespace veza::server
