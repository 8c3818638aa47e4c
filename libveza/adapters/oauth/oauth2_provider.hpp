#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include <veza/identity/oauth.hpp>
#include <veza/payments/http_client.hpp>

namespace veza::adapters {

struct OAuth2Settings {
  std::string authorize_url;  // e.g. https://discord.com/oauth2/authorize
  std::string token_url;
  std::string profile_url;
  std::string scopes;         // space-separated, as the provider wants them
  std::string client_id;
  std::string client_secret;  // sent only in the Basic header, never logged
  std::string redirect_uri;   // sent byte-identical at authorize and at token (RFC 6749 §4.1.3)
};

// The authorization-code flow every provider shares (contract §1): authorize URL with S256
// PKCE, a form-encoded code exchange with HTTP Basic client authentication and the verifier,
// sent once (codes are single use), then a Bearer GET of the profile. A provider adapter only
// maps its profile JSON (and may add authorize parameters).
class OAuth2Provider : public identity::OAuthProvider {
 public:
  OAuth2Provider(std::string name, OAuth2Settings settings, payments::HttpClient& http,
                 payments::HttpHeaders extra_headers = {});

  [[nodiscard]] std::string_view name() const noexcept override { return name_; }
  [[nodiscard]] std::string authorize_url(std::string_view state, std::string_view code_challenge) const override;
  Result<identity::OAuthProfile> fetch_profile(std::string_view code, std::string_view code_verifier) override;

 protected:
  // The profile object, and the scopes the token was granted (space-separated).
  virtual Result<identity::OAuthProfile> map_profile(const boost::json::object& profile,
                                                     std::string_view granted_scope) const = 0;
  Error failed(std::string what) const;

 private:
  Result<std::string> exchange_code(std::string_view code, std::string_view code_verifier, std::string& scope);
  Error http_failure(std::string_view step, const payments::HttpResponse& response) const;

  std::string name_;
  OAuth2Settings settings_;
  payments::HttpClient& http_;
  payments::HttpHeaders extra_headers_;
};

// application/x-www-form-urlencoded pairs, every byte outside RFC 3986's unreserved set
// percent-encoded (so '+', '&', '=' and spaces in values survive any decoder).
std::string form_encode(const std::vector<std::pair<std::string_view, std::string_view>>& pairs);

// A text field of `o`, or empty when absent, null or not a string.
std::string string_field(const boost::json::object& o, std::string_view name);

}  // namespace veza::adapters
