#pragma once
#include <memory>
#include <string>

#include "adapters/oauth/oauth2_provider.hpp"

namespace veza::adapters {

struct SpotifySettings {
  std::string accounts_url = "https://accounts.spotify.com";  // /authorize, /api/token
  std::string api_url = "https://api.spotify.com";            // /v1/me
  std::string client_id, client_secret, redirect_uri;
};

// Spotify (contract §3): scope `user-read-email`; the key is `account_id` (never `id`: a
// profile without it fails the login); the email is never verified, so it never links.
VEZA_API std::unique_ptr<identity::OAuthProvider> make_spotify_provider(const SpotifySettings& settings, payments::HttpClient& http);

}  // namespace veza::adapters
