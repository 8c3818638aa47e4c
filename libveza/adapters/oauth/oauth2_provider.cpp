#include "adapters/oauth/oauth2_provider.hpp"

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <veza/core/crypto.hpp>
#include <veza/core/text.hpp>

namespace veza::adapters {
namespace {

std::string encode(std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

// The OAuth error code of a provider's JSON body (`{"error":"invalid_grant"}`), made safe to
// show; empty when there is none.
std::string oauth_error_code(std::string_view body) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const auto* e = v.as_object().if_contains("error");
  if (!e || !e->is_string()) return {};
  return identity::safe_oauth_error(std::string_view(e->as_string()));
}

}  // namespace

std::string form_encode(const std::vector<std::pair<std::string_view, std::string_view>>& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += encode(k) + "=" + encode(v);
  }
  return out;
}

std::string string_field(const boost::json::object& o, std::string_view name) {
  const auto* f = o.if_contains(name);
  return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

OAuth2Provider::OAuth2Provider(std::string name, OAuth2Settings settings, HttpClient& http,
                               HttpHeaders extra_headers)
    : name_(std::move(name)), settings_(std::move(settings)), http_(http), extra_headers_(std::move(extra_headers)) {}

Error OAuth2Provider::failed(std::string what) const {
  return make_error(ErrorCode::upstream_failed, "sign-in with " + name_ + " failed: " + std::move(what) + "; try again");
}

std::string OAuth2Provider::authorize_url(std::string_view state, std::string_view code_challenge) const {
  const char sep = settings_.authorize_url.find('?') == std::string::npos ? '?' : '&';
  return settings_.authorize_url + sep +
         form_encode({{"response_type", "code"},
                      {"client_id", settings_.client_id},
                      {"scope", settings_.scopes},
                      {"redirect_uri", settings_.redirect_uri},
                      {"state", state},
                      {"code_challenge", code_challenge},
                      {"code_challenge_method", "S256"}});
}

Error OAuth2Provider::http_failure(std::string_view step, const HttpResponse& response) const {
  std::string what = "the " + std::string(step) + " endpoint answered HTTP " + std::to_string(response.status);
  if (response.status == 429) {
    what += " (rate limited";
    if (auto ra = response.header("retry-after")) {
      if (auto ms = parse_retry_after(*ra)) what += ", retry after " + std::to_string((ms->count() + 999) / 1000) + " s";
    }
    what += ")";
  } else if (const std::string code = oauth_error_code(response.body); !code.empty()) {
    what += " (" + code + ")";
  }
  return failed(std::move(what));
}

Result<std::string> OAuth2Provider::exchange_code(std::string_view code, std::string_view code_verifier,
                                                  std::string& scope) {
  HttpRequest req;
  req.method = "POST";
  req.url = settings_.token_url;
  // RFC 6749 §2.3.1: Basic over the form-encoded id and secret; the secret goes nowhere else.
  req.headers = {{"Authorization", "Basic " + base64(encode(settings_.client_id) + ":" + encode(settings_.client_secret))},
                 {"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
  req.headers.insert(req.headers.end(), extra_headers_.begin(), extra_headers_.end());
  req.body = form_encode({{"grant_type", "authorization_code"},
                          {"code", code},
                          {"redirect_uri", settings_.redirect_uri},
                          {"code_verifier", code_verifier}});
  req.retry_safe = false;  // a code is single use: a second exchange would fail anyway
  auto resp = http_.send(req);
  if (!resp) return failed("the token endpoint did not answer (" + resp.error().detail + ")");
  if (resp->status != 200) return http_failure("token", *resp);
  boost::system::error_code ec;
  const auto v = boost::json::parse(resp->body, ec);
  if (ec || !v.is_object()) return failed("the token endpoint answered something that is not JSON");
  const auto& o = v.as_object();
  std::string access = string_field(o, "access_token");
  if (access.empty()) return failed("the token endpoint answered without an access_token");
  if (ascii_lower(string_field(o, "token_type")) != "bearer") return failed("the token endpoint gave a non-Bearer token");
  scope = string_field(o, "scope");
  return access;
}

Result<identity::OAuthProfile> OAuth2Provider::fetch_profile(std::string_view code, std::string_view code_verifier) {
  std::string scope;
  auto access = exchange_code(code, code_verifier, scope);
  if (!access) return std::move(access).error();
  HttpRequest req;
  req.url = settings_.profile_url;
  req.headers = {{"Authorization", "Bearer " + *access}, {"Accept", "application/json"}};
  req.headers.insert(req.headers.end(), extra_headers_.begin(), extra_headers_.end());
  auto resp = http_.send(req);
  if (!resp) return failed("the profile endpoint did not answer (" + resp.error().detail + ")");
  if (resp->status != 200) return http_failure("profile", *resp);
  boost::system::error_code ec;
  const auto v = boost::json::parse(resp->body, ec);
  if (ec || !v.is_object()) return failed("the profile endpoint answered something that is not JSON");
  return map_profile(v.as_object(), scope);
}

}  // namespace veza::adapters
