#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/core/key_value_store.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/identity/oauth.hpp>
#include <veza/identity/session_service.hpp>
#include <veza/persistence/database.hpp>

namespace veza::identity {

struct OAuthOptions {
  std::chrono::milliseconds state_ttl{std::chrono::minutes(10)};
  std::int64_t login_rate_limit = 30;  // login starts per window and client address
  std::chrono::milliseconds rate_window{std::chrono::minutes(1)};
};

// The start of a flow: where to send the browser, and the value the browser must bring back
// in its cookie (empty for a flow started from the CLI, which has no browser to bind).
struct LoginStart {
  std::string authorize_url;
  std::string browser_binding;
};

// What the provider's redirect and the browser bring to the callback.
struct CallbackInput {
  std::string state;
  std::string code;
  std::string error;            // RFC 6749 §4.1.2.1 error, when the provider says no
  std::string browser_binding;  // the login cookie
};

enum class LoginOutcome { new_user, existing, linked };

struct LoginResult {
  IssuedSession session;
  User user;
  LoginOutcome outcome = LoginOutcome::existing;
  std::optional<std::string> return_to;
};

// S256 PKCE challenge of `verifier` (RFC 7636 §4.2): base64url_nopad(SHA-256(verifier)).
VEZA_API std::string pkce_challenge(std::string_view verifier);
// `return_to` is a path on our own site: '/' then no second '/' or '\', printable ASCII, at
// most 512 characters (no open redirect). `validation_failed` otherwise.
VEZA_API Result<std::string> validate_return_to(std::string_view return_to);

// OAuth login and account linking (issue 8, contract oauth.md §5). State and PKCE verifier live
// in the KeyValueStore for 10 minutes and are taken atomically, once, before anything else in
// the callback is looked at; the user, the identity and the session are written in one
// transaction, so a failed flow leaves nothing behind.
class VEZA_API OAuthService {
 public:
  OAuthService(Database& db, KeyValueStore& store, SessionService& sessions, IdGenerator& ids, const Clock& clock,
               Metrics* metrics, Logger* logger, OAuthOptions options = {});

  // Providers are registered once at start; one whose client id is unset is never added.
  void add_provider(OAuthProvider& provider);
  [[nodiscard]] bool enabled(std::string_view provider) const;
  [[nodiscard]] std::vector<std::string> providers() const;

  // Sign-in from a browser: rate-limited per client address (`rate_limited` with retry_after_s).
  Result<LoginStart> begin_login(std::string_view provider, const std::optional<std::string>& return_to,
                                 std::string_view client_addr);
  // Linking a provider to the signed-in `user`; same limits.
  Result<LoginStart> begin_link(std::string_view provider, const User& user, std::string_view client_addr);
  // An authorize URL for scripting (veza-cli oauth url): no browser binding, no rate limit.
  Result<LoginStart> authorize_url(std::string_view provider, const std::optional<std::string>& return_to);

  // The callback. Errors (detail in parentheses): `invalid_argument` (state_invalid) for an
  // unknown, expired, reused or other-provider state; `forbidden` (access_denied) when the user
  // said no; `invalid_argument` (oauth_error) for another provider error; `upstream_failed`
  // when the provider cannot be reached or answers badly; `conflict` when the provider account
  // belongs to another user.
  Result<LoginResult> complete(std::string_view provider, const CallbackInput& input);

  // Removes the user's identity at `provider` if another way to sign in remains (another
  // identity or a live API token); `not_found` when not linked, `conflict` when it is the last.
  Result<void> unlink(const User& user, std::string_view provider);
  Result<std::vector<OAuthIdentity>> identities(std::string_view user_id);

 private:
  Result<OAuthProvider*> provider(std::string_view name) const;
  Result<LoginStart> begin(OAuthProvider& provider, const std::optional<std::string>& return_to,
                           const std::string& link_user_id, bool bind_browser);
  Result<void> check_rate(std::string_view client_addr);
  Result<LoginResult> resolve(OAuthProvider& provider, const OAuthProfile& profile, const std::string& link_user_id);
  void count(std::string_view provider, std::string_view outcome);

  Database& db_;
  KeyValueStore& store_;
  SessionService& sessions_;
  IdGenerator& ids_;
  const Clock& clock_;
  Metrics* metrics_;
  Logger* logger_;
  OAuthOptions options_;
  std::map<std::string, OAuthProvider*, std::less<>> providers_;
};

VEZA_API std::string_view to_string(LoginOutcome outcome) noexcept;

}  // namespace veza::identity
