#include "router.hpp"

namespace veza::server {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto j = path.find('/', i);
    out.push_back(path.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j;
  }
  return out;
}

bool matches(const Route& route, std::string_view path, Request* capture) {
  const auto tpl = segments(route.path_template);
  const auto got = segments(path);
  if (tpl.size() != got.size()) return false;
  for (std::size_t i = 0; i < tpl.size(); ++i) {
    const bool is_param = tpl[i].size() > 2 && tpl[i].front() == '{' && tpl[i].back() == '}';
    if (!is_param && tpl[i] != got[i]) return false;
    if (is_param && got[i].empty()) return false;
  }
  if (capture) {
    for (std::size_t i = 0; i < tpl.size(); ++i) {
      if (tpl[i].front() == '{') capture->params[std::string(tpl[i].substr(1, tpl[i].size() - 2))] = std::string(got[i]);
    }
    capture->route = route.path_template;
  }
  return true;
}

}  // namespace

void Router::add(Route route) { routes_.push_back(std::move(route)); }

RouteMatch Router::match(Request& request) const {
  RouteMatch m;
  for (const auto& r : routes_) {
    if (!matches(r, request.path, nullptr)) continue;
    m.path_known = true;
    m.allow += (m.allow.empty() ? "" : ", ") + r.method;
    if (r.method == request.method && !m.route) {
      matches(r, request.path, &request);
      m.route = &r;
    }
  }
  return m;
}

}  // namespace veza::server
