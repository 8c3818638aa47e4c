// The Discord and Spotify adapters alone against the fake providers: what the contract makes a
// provider refuse (a reused code, a wrong verifier, wrong client credentials) comes back as
// upstream_failed naming the step, and the profiles map as the contract says.
#include <doctest/doctest.h>

#include <veza/identity/oauth_service.hpp>

#include "adapters/http/curl_http_client.hpp"
#include "adapters/oauth/discord_provider.hpp"
#include "adapters/oauth/spotify_provider.hpp"
#include "integration/oauth/fake_oauth_provider.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";  // RFC 7636 appendix B
const std::string kRedirect = "https://app.example/api/v1/auth/discord/callback";

// The code the fake issues when the user approves `authorize_url`.
std::string code_for(const std::string& authorize_url) {
  const auto host_end = authorize_url.find('/', authorize_url.find("//") + 2);
  const auto colon = authorize_url.rfind(':', host_end);
  const auto port = static_cast<std::uint16_t>(std::stoi(authorize_url.substr(colon + 1, host_end - colon - 1)));
  const HttpResponse r = http(port, "GET", authorize_url.substr(host_end));
  REQUIRE_MESSAGE(r.status == 302, r.body);
  const std::string loc = r.header("location").value_or("");
  const auto at = loc.find("code=");
  REQUIRE(at != std::string::npos);
  return loc.substr(at + 5, loc.find('&', at) - at - 5);
}

}  // namespace

TEST_SUITE("oauth") {
  TEST_CASE("discord adapter: one exchange per code, the verifier must match, credentials must be right") {
    FakeOAuthProvider fake(FakeOAuthProvider::Kind::discord, "157730590492196864", "secret", kRedirect);
    veza::adapters::CurlHttpClient http_client({std::chrono::milliseconds(1000), std::chrono::milliseconds(2000)});
    veza::adapters::DiscordSettings s{fake.base_url(), "157730590492196864", "secret", kRedirect};
    auto discord = veza::adapters::make_discord_provider(s, http_client);
    const std::string url = discord->authorize_url("st", veza::identity::pkce_challenge(kVerifier));
    CHECK(url.find("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") != std::string::npos);

    const std::string code = code_for(url);
    auto profile = discord->fetch_profile(code, kVerifier);
    REQUIRE_MESSAGE(profile, fake.last_rejection());
    CHECK(profile->provider_user_id == "80351110224678912");
    CHECK(profile->display_name == "Nelly");
    CHECK(profile->email_verified);
    // Migrated user (discriminator "0") without an avatar: (id >> 22) % 6.
    CHECK(profile->avatar_url == "https://cdn.discordapp.com/embed/avatars/" +
                                     std::to_string((80351110224678912ULL >> 22) % 6) + ".png");

    auto reused = discord->fetch_profile(code, kVerifier);
    REQUIRE_FALSE(reused);
    CHECK(reused.error().code == veza::ErrorCode::upstream_failed);
    CHECK(reused.error().message.find("invalid_grant") != std::string::npos);
    CHECK(reused.error().message.find(code) == std::string::npos);  // never the code itself

    auto wrong_verifier = discord->fetch_profile(code_for(url), kVerifier.substr(1) + "A");
    REQUIRE_FALSE(wrong_verifier);
    CHECK(fake.last_rejection().find("code_verifier") != std::string::npos);

    veza::adapters::DiscordSettings bad = s;
    bad.client_secret = "not-the-secret";
    auto impostor = veza::adapters::make_discord_provider(bad, http_client);
    auto refused = impostor->fetch_profile(code_for(url), kVerifier);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("invalid_client") != std::string::npos);
    CHECK(refused.error().message.find("not-the-secret") == std::string::npos);

    fake.set_profile(R"({"id":"12345678901234567","username":"legacy","discriminator":"1337","avatar":"a_abc","email":"x@example.com"})");
    auto legacy = discord->fetch_profile(code_for(url), kVerifier);
    REQUIRE(legacy);
    CHECK(legacy->display_name == "legacy");         // global_name absent
    CHECK_FALSE(legacy->email_verified);               // no verified:true
    CHECK(legacy->avatar_url == "https://cdn.discordapp.com/avatars/12345678901234567/a_abc.gif");
  }

  TEST_CASE("spotify adapter: account_id is the key, email never verified, images[0] is the avatar") {
    const std::string redirect = "http://127.0.0.1:8080/api/v1/auth/spotify/callback";
    FakeOAuthProvider fake(FakeOAuthProvider::Kind::spotify, "spotify-id", "spotify-secret", redirect);
    veza::adapters::CurlHttpClient http_client({std::chrono::milliseconds(1000), std::chrono::milliseconds(2000)});
    veza::adapters::SpotifySettings s{fake.base_url(), fake.base_url(), "spotify-id", "spotify-secret", redirect};
    auto spotify = veza::adapters::make_spotify_provider(s, http_client);
    const std::string url = spotify->authorize_url("st", veza::identity::pkce_challenge(kVerifier));
    CHECK(url.find("scope=user-read-email") != std::string::npos);
    fake.set_profile(R"({"account_id":"acc-1","id":"old-id","display_name":"Sam","email":"sam@example.com",
                         "images":[{"url":"https://i.scdn.co/image/x","height":null,"width":null}]})");
    auto p = spotify->fetch_profile(code_for(url), kVerifier);
    REQUIRE_MESSAGE(p, fake.last_rejection());
    CHECK(p->provider_user_id == "acc-1");
    CHECK(p->email == "sam@example.com");
    CHECK_FALSE(p->email_verified);
    CHECK(p->avatar_url == "https://i.scdn.co/image/x");
    CHECK(fake.rejections() == 0);
  }
}
