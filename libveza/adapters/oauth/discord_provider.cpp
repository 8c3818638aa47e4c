#include "adapters/oauth/discord_provider.hpp"

#include <charconv>
#include <cstdint>

#include <boost/json.hpp>

namespace veza::adapters {
namespace {

bool has_scope(std::string_view granted, std::string_view wanted) {
  std::size_t at = 0;
  while (at <= granted.size()) {
    const std::size_t end = std::min(granted.find(' ', at), granted.size());
    if (granted.substr(at, end - at) == wanted) return true;
    at = end + 1;
  }
  return false;
}

class DiscordProvider final : public OAuth2Provider {
 public:
  using OAuth2Provider::OAuth2Provider;

 protected:
  Result<identity::OAuthProfile> map_profile(const boost::json::object& o, std::string_view scope) const override {
    identity::OAuthProfile p;
    // A snowflake is a uint64 in a JSON string: kept as the string, never through a double.
    p.provider_user_id = string_field(o, "id");
    std::uint64_t snowflake = 0;
    const auto& id = p.provider_user_id;
    if (id.empty() || std::from_chars(id.data(), id.data() + id.size(), snowflake).ptr != id.data() + id.size()) {
      return failed("the profile has no snowflake id");
    }
    const std::string global_name = string_field(o, "global_name");
    const std::string username = string_field(o, "username");
    p.display_name = !global_name.empty() ? global_name : !username.empty() ? username : "Discord user " + id;
    if (has_scope(scope, "email")) {
      if (std::string email = string_field(o, "email"); !email.empty()) p.email = std::move(email);
      const auto* verified = o.if_contains("verified");
      p.email_verified = p.email && verified && verified->is_bool() && verified->as_bool();
    }
    if (const std::string avatar = string_field(o, "avatar"); !avatar.empty()) {
      const char* ext = avatar.rfind("a_", 0) == 0 ? ".gif" : ".png";
      p.avatar_url = "https://cdn.discordapp.com/avatars/" + id + "/" + avatar + ext;
    } else {
      // Default avatar: (id >> 22) % 6 for migrated users (discriminator "0"), discriminator % 5 otherwise.
      const std::string disc = string_field(o, "discriminator");
      unsigned legacy = 0;
      const bool is_legacy = !disc.empty() && disc != "0" &&
                             std::from_chars(disc.data(), disc.data() + disc.size(), legacy).ptr == disc.data() + disc.size();
      const auto index = is_legacy ? legacy % 5 : static_cast<unsigned>((snowflake >> 22) % 6);
      p.avatar_url = "https://cdn.discordapp.com/embed/avatars/" + std::to_string(index) + ".png";
    }
    return p;
  }
};

}  // namespace

std::unique_ptr<identity::OAuthProvider> make_discord_provider(const DiscordSettings& s, payments::HttpClient& http) {
  OAuth2Settings o;
  o.authorize_url = s.base_url + "/oauth2/authorize";
  o.token_url = s.base_url + "/api/oauth2/token";
  o.profile_url = s.base_url + "/api/v10/users/@me";
  o.scopes = "identify email";
  o.client_id = s.client_id;
  o.client_secret = s.client_secret;
  o.redirect_uri = s.redirect_uri;
  payments::HttpHeaders headers{{"User-Agent", s.user_agent}};
  return std::make_unique<DiscordProvider>("discord", std::move(o), http, std::move(headers));
}

}  // namespace veza::adapters
