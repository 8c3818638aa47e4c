#include "router.hpp"

namespace veza::server {
namespace {

// The non-empty '/'-separated segments of a path, one at a time: matching a request against
// every route allocates nothing (a vector per route per request showed in the profile).
class Segments {
 public:
  explicit Segments(std::string_view path) : rest_(path) {}
  // The next segment; false at the end.
  bool next(std::string_view& segment) {
    while (!rest_.empty() && rest_.front() == '/') rest_.remove_prefix(1);
    if (rest_.empty()) return false;
    segment = rest_.substr(0, rest_.find('/'));
    rest_.remove_prefix(segment.size());
    return true;
  }

 private:
  std::string_view rest_;
};

bool is_param(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

// With `capture`, fills the request's params and route: only for a path known to match, since
// params are written segment by segment.
bool matches(const Route& route, std::string_view path, Request* capture) {
  Segments tpl(route.path_template);
  Segments got(path);
  std::string_view t;
  std::string_view g;
  for (;;) {
    const bool more_tpl = tpl.next(t);
    const bool more_got = got.next(g);
    if (more_tpl != more_got) return false;
    if (!more_tpl) break;
    if (is_param(t)) {
      if (capture) capture->params[std::string(t.substr(1, t.size() - 2))] = std::string(g);
    } else if (t != g) {
      return false;
    }
  }
  if (capture) capture->route = route.path_template;
  return true;
}

}  // namespace

void Router::add(Route route, RunsOn runs_on) {
  if (runs_on == RunsOn::provider) route.calls_provider = true;
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Request& request) const {
  RouteMatch m;
  // The first route of that method and path wins; only a miss needs the path's other methods
  // (405 and Allow), so a hit stops scanning the table.
  for (const auto& r : routes_) {
    // HEAD is answered like GET (the session then sends the head only).
    const bool accepts = r.method == request.method || (request.method == "HEAD" && r.method == "GET");
    if (accepts && matches(r, request.path, nullptr)) {
      matches(r, request.path, &request);  // captures only once the whole path matched
      m.route = &r;
      m.path_known = true;
      return m;
    }
  }
  for (const auto& r : routes_) {
    if (!matches(r, request.path, nullptr)) continue;
    m.path_known = true;
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += r.method;
  }
  return m;
}

}  // namespace veza::server
