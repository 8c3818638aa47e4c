#include <veza/identity/session_service.hpp>
#include <veza/identity/token_service.hpp>

#include "app_context.hpp"

namespace veza::server {
namespace {

// A cookie rides along with any request the browser makes, including one a hostile page
// triggers; a state-changing request authenticated by cookie must therefore come from a page
// of our own (DESIGN: CSRF), which browsers prove with the Origin header.
bool same_origin(const Request& request) {
  const auto origin = request.header("origin");
  const auto host = request.header("host");
  if (!origin || !host) return false;
  return *origin == "https://" + std::string(*host) || *origin == "http://" + std::string(*host);
}

}  // namespace

std::optional<std::string> presented_token(const Request& request) {
  if (const auto header = request.header("authorization")) {
    constexpr std::string_view scheme = "Bearer ";
    if (header->size() <= scheme.size() || header->substr(0, scheme.size()) != scheme) return std::string();
    return std::string(header->substr(scheme.size()));
  }
  return std::nullopt;
}

Result<identity::User> authenticate(const Request& request, AppContext& app) {
  std::optional<std::string> token = presented_token(request);
  if (token && token->empty()) {
    return make_error(ErrorCode::unauthenticated, "the Authorization header must be 'Bearer <token>'");
  }
  if (!token) {
    token = cookie_value(request, kSessionCookie);
    if (!token) return make_error(ErrorCode::unauthenticated, "sign in: send Authorization: Bearer <token>");
    const bool safe = request.method == "GET" || request.method == "HEAD";
    if (!safe && !same_origin(request)) {
      return make_error(ErrorCode::forbidden, "a request signed in by cookie must come from this site (Origin)",
                        "csrf_rejected");
    }
  }
  if (identity::SessionService::is_session_token(*token)) return app.runtime.sessions().authenticate(*token);
  return app.runtime.tokens().authenticate(*token);
}

}  // namespace veza::server
