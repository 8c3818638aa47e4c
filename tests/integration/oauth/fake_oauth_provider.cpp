#include "fake_oauth_provider.hpp"

#include <array>
#include <memory>
#include <stdexcept>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url.hpp>
#include <openssl/evp.h>

namespace veza::testing {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

// base64url without padding of SHA-256(text): RFC 7636's S256, computed here independently of
// the code under test.
std::string s256(const std::string& verifier) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> d{};
  unsigned len = 0;
  EVP_Digest(verifier.data(), verifier.size(), d.data(), &len, EVP_sha256(), nullptr);
  std::string b64(4 * ((len + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), d.data(), static_cast<int>(len));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return b64;
}

std::string b64decode(const std::string& in) {
  std::string out(3 * in.size() / 4 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return {};
  std::size_t size = static_cast<std::size_t>(n);
  if (!in.empty() && in.back() == '=') --size;
  if (in.size() > 1 && in[in.size() - 2] == '=') --size;
  out.resize(size);
  return out;
}

// Decoded key → value of a query or form body ('+' is a space in forms).
std::map<std::string, std::string> decode_pairs(const std::string& text) {
  std::map<std::string, std::string> out;
  if (!boost::urls::parse_query(text)) return out;  // params_view throws on a malformed query
  for (const auto& p : boost::urls::params_view(text, boost::urls::encoding_opts{true, false, false})) {
    out[p.key] = p.value;
  }
  return out;
}

std::string pct(const std::string& s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

std::string oauth_error(const std::string& error) {
  return boost::json::serialize(boost::json::object{{"error", error}, {"error_description", "fake: " + error}});
}

std::string random_text(std::size_t n) {
  return std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()).substr(0, n);
}

}  // namespace

FakeOAuthProvider::FakeOAuthProvider(Kind kind, std::string client_id, std::string client_secret,
                                     std::string redirect_uri)
    : kind_(kind), client_id_(std::move(client_id)), client_secret_(std::move(client_secret)),
      redirect_uri_(std::move(redirect_uri)) {
  profile_ = kind_ == Kind::discord
                 ? R"({"id":"80351110224678912","username":"nelly","global_name":"Nelly","discriminator":"0","avatar":null,"email":"nelly@example.com","verified":true})"
                 : R"({"account_id":"sp-acct-7","id":"nelly-spotify","display_name":"Nelly S","images":[],"type":"user"})";
  auto io = std::make_shared<net::io_context>();
  auto acceptor = std::make_shared<tcp::acceptor>(*io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  port_ = acceptor->local_endpoint().port();
  thread_ = std::thread([this, io, acceptor] {
    while (!stop_) {
      tcp::socket socket(*io);
      boost::system::error_code ec;
      acceptor->accept(socket, ec);
      if (ec || stop_) continue;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) continue;
      const auto header = [&](http::field f) { return std::string(req[f]); };
      Reply r = route(std::string(req.method_string()), std::string(req.target()), header(http::field::authorization),
                      header(http::field::content_type), req.body());
      http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
      res.set(http::field::content_type, r.content_type);
      res.set(http::field::cache_control, "no-store");
      if (!r.location.empty()) res.set(http::field::location, r.location);
      if (!r.retry_after.empty()) res.set(http::field::retry_after, r.retry_after);
      res.keep_alive(false);
      res.body() = std::move(r.body);
      res.prepare_payload();
      http::write(socket, res, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  });
}

FakeOAuthProvider::~FakeOAuthProvider() {
  stop_ = true;
  try {  // wake the blocking accept
    net::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  } catch (...) {
  }
  thread_.join();
}

void FakeOAuthProvider::set_profile(std::string json) {
  std::lock_guard lock(mu_);
  profile_ = std::move(json);
}

std::string FakeOAuthProvider::last_rejection() const {
  std::lock_guard lock(mu_);
  return last_rejection_;
}

std::string FakeOAuthProvider::authorize_path() const { return kind_ == Kind::discord ? "/oauth2/authorize" : "/authorize"; }
std::string FakeOAuthProvider::token_path() const { return kind_ == Kind::discord ? "/api/oauth2/token" : "/api/token"; }
std::string FakeOAuthProvider::profile_path() const { return kind_ == Kind::discord ? "/api/v10/users/@me" : "/v1/me"; }

FakeOAuthProvider::Reply FakeOAuthProvider::reject(unsigned status, std::string error, std::string why) {
  ++rejections_;
  {
    std::lock_guard lock(mu_);
    last_rejection_ = why;
  }
  return {status, "application/json", oauth_error(error), "", ""};
}

FakeOAuthProvider::Reply FakeOAuthProvider::route(const std::string& method, const std::string& target,
                                                  const std::string& authorization, const std::string& content_type,
                                                  const std::string& body) {
  const auto q = target.find('?');
  const std::string path = target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  if (path == authorize_path() && method == "GET") return authorize(query);
  if (path == token_path()) {
    if (method != "POST") return reject(405, "invalid_request", "token endpoint needs POST");
    if (!query.empty()) return reject(400, "invalid_request", "token parameters in the URL query");
    return token(authorization, content_type, body);
  }
  if (path == profile_path() && method == "GET") return profile(authorization);
  return {404, "application/json", R"({"message":"404: Not Found","code":0})", "", ""};
}

FakeOAuthProvider::Reply FakeOAuthProvider::authorize(const std::string& query) {
  auto p = decode_pairs(query);
  // Bad client or redirect URI: the provider's own page, never a redirect (RFC 6749 §4.1.2.1).
  if (p["client_id"] != client_id_) return {400, "text/html", "<h1>Unknown client_id</h1>", "", ""};
  if (p["redirect_uri"] != redirect_uri_) return {400, "text/html", "<h1>Invalid OAuth2 redirect_uri</h1>", "", ""};
  const std::string back = redirect_uri_ + (redirect_uri_.find('?') == std::string::npos ? "?" : "&");
  const std::string state = "state=" + pct(p["state"]);
  if (p["response_type"] != "code") return {302, "text/plain", "", back + "error=unsupported_response_type&" + state, ""};
  if (p["code_challenge_method"] != "S256" || p["code_challenge"].empty()) {
    ++rejections_;
    return {302, "text/plain", "", back + "error=invalid_request&" + state, ""};
  }
  const std::string wanted = kind_ == Kind::discord ? "identify email" : "user-read-email";
  if (p["scope"] != wanted) return {302, "text/plain", "", back + "error=invalid_scope&" + state, ""};
  if (deny_next_.exchange(false)) {
    const std::string extra = kind_ == Kind::discord ? "&error_description=The+resource+owner+denied+the+request" : "";
    return {302, "text/plain", "", back + "error=access_denied" + extra + "&" + state, ""};
  }
  std::lock_guard lock(mu_);
  const std::string code = "code" + std::to_string(++counter_) + random_text(8);
  codes_[code] = Code{p["redirect_uri"], p["code_challenge"], false,
                      std::chrono::steady_clock::now() + std::chrono::seconds(100)};
  return {302, "text/plain", "", back + "code=" + pct(code) + "&" + state, ""};
}

FakeOAuthProvider::Reply FakeOAuthProvider::token(const std::string& authorization, const std::string& content_type,
                                                  const std::string& body) {
  const TokenMode mode = token_mode_;
  if (mode == TokenMode::hang) {
    // Past the client timeout the tests set (800 ms), short enough not to hold up the next request.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (!stop_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return {500, "application/json", "{}", "", ""};
  }
  if (mode == TokenMode::fail_500) return {500, "text/html", "<h1>Internal error</h1>", "", ""};
  if (mode == TokenMode::rate_limited) {
    return {429, "application/json", R"({"message":"You are being rate limited.","retry_after":64.57,"global":false})", "",
            "65"};
  }
  if (content_type.rfind("application/x-www-form-urlencoded", 0) != 0) {
    return reject(400, "unsupported_grant_type", "token body is not a form");
  }
  auto p = decode_pairs(body);
  if (authorization.rfind("Basic ", 0) != 0) return reject(401, "invalid_client", "no HTTP Basic client auth");
  const std::string pair = b64decode(authorization.substr(6));
  if (pair != pct(client_id_) + ":" + pct(client_secret_)) return reject(401, "invalid_client", "wrong client id/secret");
  if (p.count("client_secret")) return reject(400, "invalid_request", "secret sent twice (header and body)");
  if (p["grant_type"] != "authorization_code") return reject(400, "unsupported_grant_type", "grant_type");
  std::lock_guard lock(mu_);
  auto it = codes_.find(p["code"]);
  if (it == codes_.end() || it->second.used || it->second.expires < std::chrono::steady_clock::now()) {
    ++rejections_;
    last_rejection_ = "unknown, used or expired code";
    return {400, "application/json", oauth_error("invalid_grant"), "", ""};
  }
  it->second.used = true;  // any second use is invalid_grant, whatever happens next
  if (p["redirect_uri"] != it->second.redirect_uri) {
    ++rejections_;
    last_rejection_ = "redirect_uri differs from the one at authorize";
    return {400, "application/json", oauth_error("invalid_grant"), "", ""};
  }
  if (s256(p["code_verifier"]) != it->second.challenge) {
    ++rejections_;
    last_rejection_ = "code_verifier does not match the challenge";
    return {400, "application/json", oauth_error("invalid_grant"), "", ""};
  }
  ++exchanges_;
  if (mode == TokenMode::not_json) return {200, "text/html", "<html>surprise</html>", "", ""};
  if (mode == TokenMode::no_access_token) return {200, "application/json", R"({"token_type":"Bearer"})", "", ""};
  const std::string access = "at" + std::to_string(++counter_) + random_text(6);
  tokens_[access] = true;
  const std::string scope = kind_ == Kind::discord ? "identify email" : "user-read-email";
  return {200, "application/json",
          boost::json::serialize(boost::json::object{{"access_token", access},
                                                     {"token_type", kind_ == Kind::discord ? "Bearer" : "bearer"},
                                                     {"expires_in", kind_ == Kind::discord ? 604800 : 3600},
                                                     {"refresh_token", "rt-ignored"},
                                                     {"scope", scope}}),
          "", ""};
}

FakeOAuthProvider::Reply FakeOAuthProvider::profile(const std::string& authorization) {
  std::lock_guard lock(mu_);
  const bool ok = authorization.rfind("Bearer ", 0) == 0 && tokens_.count(authorization.substr(7));
  if (!ok) {
    ++rejections_;
    last_rejection_ = "profile without a valid Bearer token";
    return {401, "application/json",
            kind_ == Kind::discord ? R"({"message":"401: Unauthorized","code":0})"
                                   : R"({"error":{"status":401,"message":"Invalid access token"}})",
            "", ""};
  }
  if (profile_.rfind("plain:", 0) == 0) return {403, "text/plain", profile_.substr(6), "", ""};
  return {200, "application/json", profile_, "", ""};
}

}  // namespace veza::testing
