#include <veza/health/health_report.hpp>

#include <cmath>
#include <cstdio>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace veza::health {

namespace {

std::string quoted(std::string_view s) { return boost::json::serialize(boost::json::string(s)); }

// Boost.JSON writes doubles as `1.2E0`; valid JSON, but the shape (and every human
// reading /api/v1/health) expects `1.2`. Milliseconds to a tenth of a microsecond is plenty.
std::string decimal(double value) {
  if (!std::isfinite(value) || value < 0.0) value = 0.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  std::string out(buf);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

const DependencyHealth* HealthReport::find(std::string_view name) const noexcept {
  for (const auto& c : checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string_view to_string(HealthStatus status) noexcept {
  switch (status) {
    case HealthStatus::ok: return "ok";
    case HealthStatus::degraded: return "degraded";
    case HealthStatus::down: return "down";
  }
  return "down";
}

std::string_view to_string(DependencyStatus status) noexcept {
  switch (status) {
    case DependencyStatus::ok: return "ok";
    case DependencyStatus::down: return "down";
    case DependencyStatus::disabled: return "disabled";
  }
  return "down";
}

std::string to_json(const HealthReport& report) {
  // Written by hand around Boost.JSON's string quoting, for the number format above; the keys
  // come in the order.
  std::string out = "{\"status\":" + quoted(to_string(report.status));
  for (const auto& c : report.checks) out += "," + quoted(c.name) + ":" + quoted(to_string(c.status));
  out += ",\"checks\":{";
  bool first = true;
  for (const auto& c : report.checks) {
    if (!first) out += ",";
    first = false;
    out += quoted(c.name) + ":{\"status\":" + quoted(to_string(c.status));
    if (c.status != DependencyStatus::disabled) out += ",\"latency_ms\":" + decimal(c.latency_ms);
    out += "}";
  }
  out += "},\"version\":" + quoted(report.version) + ",\"uptime_s\":" + std::to_string(report.uptime_s) + "}";
  return out;
}

namespace {

// Whether two reports give the same to_json text (the message is for logs, not the JSON).
bool same_json(const HealthReport& a, const HealthReport& b) {
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

}  // namespace

std::string HealthJsonCache::json(const HealthReport& report) {
  const std::lock_guard lock(mutex_);
  if (!last_ || !same_json(*last_, report)) {
    json_ = to_json(report);
    last_ = report;
  }
  return json_;
}

}  // namespace veza::health
