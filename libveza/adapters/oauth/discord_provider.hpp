#pragma once
#include <memory>
#include <string>

#include "adapters/oauth/oauth2_provider.hpp"

namespace veza::adapters {

struct DiscordSettings {
  std::string base_url = "https://discord.com";  // authorize /oauth2/authorize, token /api/oauth2/token
  std::string client_id, client_secret, redirect_uri;
  // Discord's format `DiscordBot ($url, $version)`; without one Cloudflare may block the call.
  std::string user_agent = "DiscordBot (https://veza.example, 0)";
};

// Discord (contract §2): scopes `identify email`; the key is the snowflake `id` (a string); the
// email counts only with the `email` scope granted and `verified:true`; the name is
// `global_name ?? username`; the avatar URL is built from the hash, or Discord's default avatar.
VEZA_API std::unique_ptr<identity::OAuthProvider> make_discord_provider(const DiscordSettings& settings, payments::HttpClient& http);

}  // namespace veza::adapters
