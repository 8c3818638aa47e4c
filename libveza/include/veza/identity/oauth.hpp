#pragma once
// OAuth login (issue 8): the provider port and the identities it yields.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::identity {

// What a provider says about the user who signed in, mapped to our terms by its adapter.
struct OAuthProfile {
  std::string provider_user_id;        // the provider's stable key (Discord `id`, Spotify `account_id`)
  std::optional<std::string> email;    // as the provider gives it, if at all
  bool email_verified = false;         // true only when the provider asserts it (Discord `verified:true`)
  std::string display_name;            // never empty: the adapter falls back to a username or the key
  std::optional<std::string> avatar_url;
};

// Port: one OAuth 2.0 provider, authorization code flow with PKCE S256 (contract oauth.md).
// Adding a provider is one adapter implementing this.
class VEZA_API OAuthProvider {
 public:
  virtual ~OAuthProvider() = default;
  // Lower-case name used in routes, identities and metrics ("discord").
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  // The browser's authorize URL: response_type=code, client_id, the configured redirect_uri,
  // the scopes, `state` and the S256 `code_challenge`.
  [[nodiscard]] virtual std::string authorize_url(std::string_view state, std::string_view code_challenge) const = 0;
  // Exchanges the single-use code (never retried) with the stored PKCE verifier, then reads the
  // profile. Any provider error, timeout, 429 or malformed answer is `upstream_failed` with a
  // message naming the step; codes, tokens and secrets never appear in it.
  virtual Result<OAuthProfile> fetch_profile(std::string_view code, std::string_view code_verifier) = 0;
};

// An RFC 6749 `error` value as a provider sent it, reduced to [A-Za-z0-9_] and 64 characters,
// so nothing a provider sends is reflected raw; empty when nothing is left.
VEZA_API std::string safe_oauth_error(std::string_view error);

// A user's account at a provider: (provider, provider_user_id) is unique, and a user holds at
// most one identity per provider.
struct OAuthIdentity {
  std::string id;
  std::string user_id;
  std::string provider;
  std::string provider_user_id;
  std::optional<std::string> email;  // the provider's email as given (not necessarily the user's)
  bool email_verified = false;
  Timestamp created_at{};
};

// Port: identity persistence. `insert` fails with `conflict` when the provider account is
// already linked, or the user already has an identity at that provider.
class VEZA_API OAuthIdentityRepository {
 public:
  virtual ~OAuthIdentityRepository() = default;
  virtual Result<void> insert(const OAuthIdentity& identity) = 0;
  virtual Result<std::optional<OAuthIdentity>> find(std::string_view provider, std::string_view provider_user_id) = 0;
  virtual Result<std::vector<OAuthIdentity>> list_for_user(std::string_view user_id) = 0;
  // Removes the user's identity at `provider`; whether there was one.
  virtual Result<bool> remove(std::string_view user_id, std::string_view provider) = 0;
};

}  // namespace veza::identity
