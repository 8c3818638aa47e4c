#include "adapters/oauth/spotify_provider.hpp"

#include <boost/json.hpp>

namespace veza::adapters {
namespace {

class SpotifyProvider final : public OAuth2Provider {
 public:
  using OAuth2Provider::OAuth2Provider;

 protected:
  Result<identity::OAuthProfile> map_profile(const boost::json::object& o, std::string_view) const override {
    identity::OAuthProfile p;
    p.provider_user_id = string_field(o, "account_id");
    if (p.provider_user_id.empty()) return failed("the profile has no account_id");
    const std::string display = string_field(o, "display_name");
    p.display_name = display.empty() ? "Spotify user" : display;
    if (std::string email = string_field(o, "email"); !email.empty()) p.email = std::move(email);
    p.email_verified = false;  // "unverified; there is no proof that it actually belongs to the user"
    if (const auto* images = o.if_contains("images"); images && images->is_array() && !images->as_array().empty()) {
      const auto& first = images->as_array().front();
      if (first.is_object()) {
        if (std::string url = string_field(first.as_object(), "url"); !url.empty()) p.avatar_url = std::move(url);
      }
    }
    return p;
  }
};

}  // namespace

std::unique_ptr<identity::OAuthProvider> make_spotify_provider(const SpotifySettings& s, payments::HttpClient& http) {
  OAuth2Settings o;
  o.authorize_url = s.accounts_url + "/authorize";
  o.token_url = s.accounts_url + "/api/token";
  o.profile_url = s.api_url + "/v1/me";
  o.scopes = "user-read-email";
  o.client_id = s.client_id;
  o.client_secret = s.client_secret;
  o.redirect_uri = s.redirect_uri;
  return std::make_unique<SpotifyProvider>("spotify", std::move(o), http);
}

}  // namespace veza::adapters
