#pragma once
// A fake Discord or Spotify for integration tests: a real HTTP/1.1 server on 127.0.0.1 and a
// free port, in its own thread, checking what the OAuth contract says each provider checks
// (§6): client id and registered redirect_uri at authorize (an HTML page, no redirect, when
// wrong), S256 only, the state echoed byte for byte; at the token endpoint a POST with a form
// body only, HTTP Basic with the right id and secret (not also in the body), an unused,
// unexpired code issued to this client with the identical redirect_uri, and the PKCE verifier
// matching the stored challenge; a Bearer token at the profile endpoint. Knobs make it deny,
// fail, hang, rate limit, or answer odd profiles.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace veza::testing {

class FakeOAuthProvider {
 public:
  enum class Kind { discord, spotify };
  // What the token endpoint does.
  enum class TokenMode { normal, fail_500, hang, rate_limited, no_access_token, not_json };

  FakeOAuthProvider(Kind kind, std::string client_id, std::string client_secret, std::string redirect_uri);
  ~FakeOAuthProvider();
  FakeOAuthProvider(const FakeOAuthProvider&) = delete;
  FakeOAuthProvider& operator=(const FakeOAuthProvider&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void set_token_mode(TokenMode mode) { token_mode_ = mode; }
  // The user at the provider: the JSON object /users/@me or /v1/me returns.
  void set_profile(std::string json);
  // The next authorize request redirects back with error=access_denied instead of a code.
  void deny_next() { deny_next_ = true; }

  // Requests the fake refused as a real provider would (bad client auth, redirect_uri, PKCE,
  // reused code…), and codes successfully exchanged.
  [[nodiscard]] std::size_t rejections() const { return rejections_; }
  [[nodiscard]] std::size_t exchanges() const { return exchanges_; }
  // Why the last refusal happened (for failure messages).
  [[nodiscard]] std::string last_rejection() const;

 private:
  struct Reply {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string location;     // a 302's target
    std::string retry_after;  // a 429's Retry-After
  };
  struct Code {
    std::string redirect_uri, challenge;
    bool used = false;
    std::chrono::steady_clock::time_point expires;
  };
  void serve();
  Reply route(const std::string& method, const std::string& target, const std::string& authorization,
              const std::string& content_type, const std::string& body);
  Reply authorize(const std::string& query);
  Reply token(const std::string& authorization, const std::string& content_type, const std::string& body);
  Reply profile(const std::string& authorization);
  Reply reject(unsigned status, std::string error, std::string why);
  [[nodiscard]] std::string authorize_path() const;
  [[nodiscard]] std::string token_path() const;
  [[nodiscard]] std::string profile_path() const;

  Kind kind_;
  std::string client_id_, client_secret_, redirect_uri_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<TokenMode> token_mode_{TokenMode::normal};
  std::atomic<bool> deny_next_{false};
  std::atomic<std::size_t> rejections_{0}, exchanges_{0};
  mutable std::mutex mu_;
  std::map<std::string, Code> codes_;
  std::map<std::string, bool> tokens_;  // issued access tokens
  std::string profile_;
  std::string last_rejection_;
  std::size_t counter_ = 0;
  std::thread thread_;
};

}  // namespace veza::testing
