#include <veza/identity/session_service.hpp>
#include <veza/identity/token_service.hpp>

#include <algorithm>

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

std::string client_address(const Request& request, const AppContext& app) {
  const auto& trusted = app.runtime.config().trusted_proxies;
  const auto is_trusted = [&](std::string_view ip) {
    return std::find(trusted.begin(), trusted.end(), ip) != trusted.end();
  };
  std::string client = request.client_addr;
  const auto forwarded = request.header("x-forwarded-for");
  if (!forwarded || !is_trusted(client)) return client;
  // Walk from the right: each trusted hop vouches for the one before it; the first address
  // not ours is the client (anything further left was written by the client itself).
  std::string_view rest = *forwarded;
  while (!rest.empty() && is_trusted(client)) {
    const auto comma = rest.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (hop.empty() || hop.size() > 45) break;
    client = std::string(hop);
  }
  return client;
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
