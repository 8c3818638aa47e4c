// OAuth sign-in (issue 8): GET /api/v1/auth/{provider}/login|callback|link, POST /api/v1/auth/logout,
// DELETE /api/v1/me/identities/{provider}. The flow itself is libveza's OAuthService; this file
// only moves it onto HTTP: redirects, cookies and the headers the contract asks for.
#include <veza/identity/session_service.hpp>
#include <veza/json/json.hpp>

#include "../app_context.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

// The cookie that binds a flow to the browser that started it (contract §5.1), one per
// provider so two tabs signing in with different providers do not overwrite each other.
std::string binding_cookie(const Request& req) { return "veza_oauth_" + req.param("provider"); }

// Cookies are Secure unless we are served on loopback (development: http://127.0.0.1:PORT).
std::string cookie_attributes(const Request& req, std::string_view path, long max_age_s) {
  const std::string host(req.header("host").value_or(""));
  const bool loopback = host.rfind("127.0.0.1", 0) == 0 || host.rfind("[::1]", 0) == 0 || host.rfind("localhost", 0) == 0;
  return "; Path=" + std::string(path) + "; Max-Age=" + std::to_string(max_age_s) + "; HttpOnly; SameSite=Lax" +
         (loopback ? "" : "; Secure");
}

void no_store(Response& r) {
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
}

Response redirect(std::string location) {
  Response r = text_response(302, "text/plain; charset=utf-8", "");
  r.headers.emplace_back("Location", std::move(location));
  no_store(r);
  return r;
}

Response start_flow(Request& req, Result<identity::LoginStart> start) {
  if (!start) return error_response(start.error());
  Response r = redirect(std::move(start->authorize_url));
  r.headers.emplace_back("Set-Cookie", binding_cookie(req) + "=" + start->browser_binding +
                                           cookie_attributes(req, "/api/v1/auth/" + req.param("provider"), 600));
  return r;
}

Response login(Request& req, AppContext& app) {
  return start_flow(req, app.runtime.oauth().begin_login(req.param("provider"), query_param(req, "return_to"),
                                                         client_address(req, app)));
}

Response link(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  return start_flow(req, app.runtime.oauth().begin_link(req.param("provider"), *user, client_address(req, app)));
}

Response callback(Request& req, AppContext& app) {
  identity::CallbackInput in;
  in.state = query_param(req, "state").value_or("");
  in.code = query_param(req, "code").value_or("");
  in.error = query_param(req, "error").value_or("");
  in.browser_binding = cookie_value(req, binding_cookie(req)).value_or("");
  auto result = app.runtime.oauth().complete(req.param("provider"), in);
  // The flow is over either way: the binding cookie goes.
  const std::string clear =
      binding_cookie(req) + "=" + cookie_attributes(req, "/api/v1/auth/" + req.param("provider"), 0);
  Response r;
  if (!result) {
    r = error_response(result.error());
    no_store(r);
  } else if (result->return_to) {
    r = redirect(*result->return_to);
  } else {
    r = json_response(200, json::to_json(*result));
    no_store(r);
  }
  r.headers.emplace_back("Set-Cookie", clear);
  if (result) {
    const long lifetime = std::chrono::duration_cast<std::chrono::seconds>(identity::kSessionLifetime).count();
    r.headers.emplace_back("Set-Cookie",
                           std::string(kSessionCookie) + "=" + result->session.token + cookie_attributes(req, "/", lifetime));
  }
  return r;
}

Response logout(Request& req, AppContext& app) {
  auto user = authenticate(req, app);  // also the CSRF check for cookie sessions
  if (!user) return error_response(user.error());
  const std::string token = presented_token(req).value_or(cookie_value(req, kSessionCookie).value_or(""));
  if (!identity::SessionService::is_session_token(token)) {
    return error_response(make_error(ErrorCode::invalid_argument,
                                     "logout ends a sign-in session; revoke API tokens with veza-cli tokens revoke"));
  }
  if (auto r = app.runtime.sessions().revoke(token); !r) return error_response(r.error());
  Response r = text_response(204, "text/plain; charset=utf-8", "");
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + cookie_attributes(req, "/", 0));
  no_store(r);
  return r;
}

Response unlink(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  if (auto r = app.runtime.oauth().unlink(*user, req.param("provider")); !r) return error_response(r.error());
  return text_response(204, "text/plain; charset=utf-8", "");
}

}  // namespace

void add_auth_routes(Router& router) {
  router.add({"GET", "/api/v1/auth/{provider}/login", login, {}});
  router.add({"GET", "/api/v1/auth/{provider}/callback", callback, {}}, RunsOn::provider);
  router.add({"GET", "/api/v1/auth/{provider}/link", link, {}});
  router.add({"POST", "/api/v1/auth/logout", logout, {}});
  router.add({"DELETE", "/api/v1/me/identities/{provider}", unlink, {}});
}

}  // namespace veza::server
