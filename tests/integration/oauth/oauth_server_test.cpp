// OAuth sign-in on the real veza-server against fake Discord and Spotify servers that check the
// contract (client auth, redirect_uri, PKCE, single-use codes). The test plays the browser:
// it follows the redirects and carries the cookies.
#include <doctest/doctest.h>

#include <map>

#include "integration/oauth/fake_oauth_provider.hpp"
#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kDiscordId = "157730590492196864";
const std::string kDiscordSecret = "disc+secret/=";  // characters Basic's form-encoding must carry
const std::string kSpotifyId = "spotify-client-id";
const std::string kSpotifySecret = "spotify-secret";
const std::string kDiscordRedirect = "http://127.0.0.1/api/v1/auth/discord/callback";
const std::string kSpotifyRedirect = "http://127.0.0.1/api/v1/auth/spotify/callback";

struct Fakes {
  FakeOAuthProvider discord{FakeOAuthProvider::Kind::discord, kDiscordId, kDiscordSecret, kDiscordRedirect};
  FakeOAuthProvider spotify{FakeOAuthProvider::Kind::spotify, kSpotifyId, kSpotifySecret, kSpotifyRedirect};

  [[nodiscard]] std::vector<std::string> settings(std::vector<std::string> extra = {}) const {
    std::vector<std::string> s = {"--discord-client-id", kDiscordId, "--discord-client-secret", kDiscordSecret,
                                  "--discord-redirect-uri", kDiscordRedirect, "--discord-base-url", discord.base_url(),
                                  "--spotify-client-id", kSpotifyId, "--spotify-client-secret", kSpotifySecret,
                                  "--spotify-redirect-uri", kSpotifyRedirect, "--spotify-accounts-url",
                                  spotify.base_url(), "--spotify-api-url", spotify.base_url(),
                                  "--http-timeout-ms", "800"};
    s.insert(s.end(), extra.begin(), extra.end());
    return s;
  }
};

// "http://127.0.0.1:PORT/path?q" → {PORT, "/path?q"}.
std::pair<std::uint16_t, std::string> split(const std::string& url) {
  const auto host_end = url.find('/', url.find("//") + 2);
  const auto colon = url.rfind(':', host_end);
  const std::string port = url.substr(colon + 1, host_end - colon - 1);
  return {static_cast<std::uint16_t>(std::stoi(port)), url.substr(host_end)};
}

// A browser: keeps the cookies the server sets and sends them back.
struct Browser {
  explicit Browser(std::uint16_t port, std::map<std::string, std::string> jar = {})
      : server(port), cookies(std::move(jar)) {}

  std::uint16_t server;
  std::map<std::string, std::string> cookies;
  std::vector<std::string> set_cookie_lines;

  HttpResponse get(const std::string& target, std::vector<std::string> headers = {}) {
    return request("GET", target, std::move(headers));
  }
  HttpResponse request(const std::string& method, const std::string& target, std::vector<std::string> headers = {}) {
    std::string jar;
    for (const auto& [k, v] : cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
    if (!jar.empty()) headers.push_back("Cookie: " + jar);
    HttpResponse r = http(server, method, target, headers);
    for (const auto& [name, value] : r.headers) {
      if (name != "set-cookie") continue;
      set_cookie_lines.push_back(value);
      const auto eq = value.find('='), semi = value.find(';');
      const std::string key = value.substr(0, eq), val = value.substr(eq + 1, semi - eq - 1);
      if (val.empty()) cookies.erase(key); else cookies[key] = val;
    }
    return r;
  }
  [[nodiscard]] std::string cookie_line(const std::string& name) const {
    for (auto it = set_cookie_lines.rbegin(); it != set_cookie_lines.rend(); ++it) {
      if (it->rfind(name + "=", 0) == 0) return *it;
    }
    return "";
  }
};

// Starts a sign-in on `browser`'s server and has the provider approve (or deny) it; returns
// the query our callback receives.
std::string approve(Browser& browser, const std::string& provider, const std::string& start_target = "") {
  const HttpResponse start = browser.get(start_target.empty() ? "/api/v1/auth/" + provider + "/login" : start_target);
  REQUIRE_MESSAGE(start.status == 302, start.body);
  const auto [fake_port, authorize] = split(start.header("location").value_or(""));
  const HttpResponse consent = http(fake_port, "GET", authorize);
  REQUIRE_MESSAGE(consent.status == 302, consent.body);
  const std::string back = consent.header("location").value_or("");
  return back.substr(back.find('?') + 1);
}

HttpResponse sign_in(Browser& browser, const std::string& provider) {
  return browser.get("/api/v1/auth/" + provider + "/callback?" + approve(browser, provider));
}

}  // namespace

TEST_SUITE("oauth") {
  TEST_CASE("oauth: first and second Discord login, session by Bearer and by cookie, logout") {
    Fakes fakes;
    TempDir dir("veza-oauth");
    ServerProcess server(dir.path(), fakes.settings());
    Browser browser{server.port()};

    const HttpResponse start = browser.get("/api/v1/auth/discord/login");
    REQUIRE(start.status == 302);
    const std::string location = start.header("location").value_or("");
    CHECK(location.rfind(fakes.discord.base_url() + "/oauth2/authorize?response_type=code&client_id=" + kDiscordId, 0) == 0);
    CHECK(location.find("&scope=identify%20email&") != std::string::npos);
    CHECK(location.find("redirect_uri=http%3A%2F%2F127.0.0.1%2Fapi%2Fv1%2Fauth%2Fdiscord%2Fcallback") != std::string::npos);
    CHECK(location.find("&code_challenge_method=S256") != std::string::npos);
    const std::string binding = browser.cookie_line("veza_oauth_discord");
    CHECK(binding.find("HttpOnly") != std::string::npos);
    CHECK(binding.find("SameSite=Lax") != std::string::npos);

    const auto [fake_port, authorize] = split(location);
    const HttpResponse consent = http(fake_port, "GET", authorize);
    REQUIRE(consent.status == 302);
    const std::string back = consent.header("location").value_or("");
    const HttpResponse first = browser.get("/api/v1/auth/discord/callback?" + back.substr(back.find('?') + 1));
    REQUIRE_MESSAGE(first.status == 200, first.body, " fake: ", fakes.discord.last_rejection());
    CHECK(first.header("cache-control").value_or("") == "no-store");
    CHECK(first.header("referrer-policy").value_or("") == "no-referrer");
    const auto body = json_of(first);
    CHECK(body.at("new_user").as_bool());
    const std::string token = json_string(body, "token");
    CHECK(token.rfind("vezas_", 0) == 0);
    CHECK(json_string(body.at("user"), "display_name") == "Nelly");
    CHECK(json_string(body.at("user"), "email") == "nelly@example.com");  // verified and free
    const std::string session_cookie = browser.cookie_line("veza_session");
    CHECK(session_cookie.find("HttpOnly") != std::string::npos);
    CHECK(session_cookie.find("Secure") == std::string::npos);  // loopback
    CHECK(fakes.discord.rejections() == 0);
    CHECK(fakes.discord.exchanges() == 1);

    CHECK(http(server.port(), "GET", "/api/v1/me", {"Authorization: Bearer " + token}).status == 200);
    CHECK(browser.get("/api/v1/me").status == 200);  // by cookie

    const HttpResponse second = sign_in(browser, "discord");
    REQUIRE(second.status == 200);
    CHECK_FALSE(json_of(second).at("new_user").as_bool());
    CHECK(json_string(json_of(second).at("user"), "id") == json_string(body.at("user"), "id"));

    // A cookie-signed logout needs our Origin (CSRF); with it, the session ends.
    CHECK(browser.request("POST", "/api/v1/auth/logout").status == 403);
    CHECK(http(server.port(), "POST", "/api/v1/auth/logout", {"Authorization: Bearer " + token}).status == 204);
    CHECK(http(server.port(), "GET", "/api/v1/me", {"Authorization: Bearer " + token}).status == 401);

    const std::string log = server.log();
    CHECK(log.find(token) == std::string::npos);
    CHECK(log.find(kDiscordSecret) == std::string::npos);
    CHECK(log.find("code1") == std::string::npos);  // the fake's codes start with code<N>
  }

  TEST_CASE("oauth: a verified Discord email links to the existing account, Spotify's never does") {
    Fakes fakes;
    TempDir dir("veza-oauth-link");
    ServerProcess server(dir.path(), fakes.settings());  // migrates the database the seeder writes
    Seeder seed(dir.path());
    const auto nelly = seed.account("nelly@example.com");
    Browser browser{server.port()};

    fakes.spotify.set_profile(R"({"account_id":"sp-9","display_name":"N","email":"nelly@example.com","images":[]})");
    const HttpResponse spotify = sign_in(browser, "spotify");
    REQUIRE_MESSAGE(spotify.status == 200, spotify.body, fakes.spotify.last_rejection());
    CHECK(json_of(spotify).at("new_user").as_bool());
    CHECK(json_string(json_of(spotify).at("user"), "id") != nelly.user.id);

    const HttpResponse discord = sign_in(browser, "discord");
    REQUIRE(discord.status == 200);
    CHECK_FALSE(json_of(discord).at("new_user").as_bool());
    CHECK(json_string(json_of(discord).at("user"), "id") == nelly.user.id);

    fakes.discord.set_profile(R"({"id":"42","username":"other","email":"nelly@example.com","verified":false})");
    const HttpResponse unverified = sign_in(browser, "discord");
    REQUIRE(unverified.status == 200);
    CHECK(json_of(unverified).at("new_user").as_bool());
    CHECK(json_string(json_of(unverified).at("user"), "id") != nelly.user.id);

    const auto [code, out] = run_command({VEZA_CLI_PATH, "--database-url", "sqlite://" + (dir.path() / "veza.db").string(),
                                          "users", "identities", "nelly@example.com"});
    CHECK(code == 0);
    CHECK(out.find("discord  80351110224678912  nelly@example.com (verified)") != std::string::npos);
  }

  TEST_CASE("oauth: replayed state, the other provider's state, another browser, and access_denied") {
    Fakes fakes;
    TempDir dir("veza-oauth-state");
    ServerProcess server(dir.path(), fakes.settings());
    Browser browser{server.port()};

    const std::string query = approve(browser, "discord");
    REQUIRE(browser.get("/api/v1/auth/discord/callback?" + query).status == 200);
    const HttpResponse replay = browser.get("/api/v1/auth/discord/callback?" + query);
    CHECK(replay.status == 400);
    CHECK(error_code(replay) == "state_invalid");

    const std::string other = approve(browser, "discord");
    const HttpResponse crossed = browser.get("/api/v1/auth/spotify/callback?" + other);
    CHECK(error_code(crossed) == "state_invalid");

    const std::string stolen = approve(browser, "discord");
    Browser attacker{server.port()};
    CHECK(error_code(attacker.get("/api/v1/auth/discord/callback?" + stolen)) == "state_invalid");

    fakes.discord.deny_next();
    const std::string denied = approve(browser, "discord");
    CHECK(denied.find("error=access_denied") != std::string::npos);
    const HttpResponse cancelled = browser.get("/api/v1/auth/discord/callback?" + denied);
    CHECK(cancelled.status == 403);
    CHECK(error_code(cancelled) == "access_denied");

    const std::string metrics = http(server.port(), "GET", "/metrics").body;
    CHECK(metrics.find(R"(veza_oauth_logins_total{outcome="denied",provider="discord"} 1)") != std::string::npos);
    CHECK(metrics.find(R"(veza_oauth_logins_total{outcome="state_invalid",provider="discord"} 2)") != std::string::npos);
    CHECK(fakes.discord.exchanges() == 1);
  }

  TEST_CASE("oauth: provider 500, timeout, 429, missing token and a Spotify profile without account_id are 502") {
    Fakes fakes;
    TempDir dir("veza-oauth-fail");
    ServerProcess server(dir.path(), fakes.settings());
    Browser browser{server.port()};
    const auto expect_502 = [&](const std::string& provider, const std::string& needle) {
      const HttpResponse r = sign_in(browser, provider);
      CHECK(r.status == 502);
      CHECK(error_code(r) == "upstream_failed");
      CHECK_MESSAGE(r.body.find(needle) != std::string::npos, r.body);
      CHECK(browser.cookies.count("veza_session") == 0);
    };
    fakes.discord.set_token_mode(FakeOAuthProvider::TokenMode::fail_500);
    expect_502("discord", "HTTP 500");
    fakes.discord.set_token_mode(FakeOAuthProvider::TokenMode::hang);
    expect_502("discord", "did not answer");
    fakes.discord.set_token_mode(FakeOAuthProvider::TokenMode::rate_limited);
    expect_502("discord", "retry after 65 s");
    fakes.discord.set_token_mode(FakeOAuthProvider::TokenMode::no_access_token);
    expect_502("discord", "access_token");
    fakes.discord.set_token_mode(FakeOAuthProvider::TokenMode::not_json);
    expect_502("discord", "not JSON");
    fakes.spotify.set_profile(R"({"id":"legacy-id","display_name":"No account id"})");
    expect_502("spotify", "account_id");
    fakes.spotify.set_profile("plain:User not registered in the Developer Dashboard");
    expect_502("spotify", "HTTP 403");

    const std::string metrics = http(server.port(), "GET", "/metrics").body;
    CHECK(metrics.find(R"(veza_oauth_logins_total{outcome="provider_error",provider="discord"} 5)") != std::string::npos);
    CHECK(metrics.find("outcome=\"new_user\"") == std::string::npos);  // nobody was created
  }

  TEST_CASE("oauth: explicit link and unlink, return_to, rate limit, disabled provider") {
    Fakes fakes;
    TempDir dir("veza-oauth-link2");
    ServerProcess server(dir.path(), fakes.settings({"--login-rate-limit", "8"}));
    Browser browser{server.port()};
    const HttpResponse first = sign_in(browser, "discord");
    REQUIRE(first.status == 200);
    const std::string auth = "Authorization: Bearer " + json_string(json_of(first), "token");
    const std::string origin = "Origin: http://127.0.0.1";  // the harness sends Host: 127.0.0.1

    CHECK(error_code(http(server.port(), "DELETE", "/api/v1/me/identities/discord", {auth})) == "last_sign_in_method");
    CHECK(http(server.port(), "GET", "/api/v1/auth/spotify/link").status == 401);
    const std::string query = approve(browser, "spotify", "/api/v1/auth/spotify/link");
    (void)auth;
    // The link starts signed in (the session cookie rides along) and lands on the same user.
    const HttpResponse linked = browser.get("/api/v1/auth/spotify/callback?" + query);
    REQUIRE_MESSAGE(linked.status == 200, linked.body);
    CHECK(json_string(json_of(linked).at("user"), "id") == json_string(json_of(first).at("user"), "id"));
    CHECK(browser.request("DELETE", "/api/v1/me/identities/discord").status == 403);  // cookie without Origin
    CHECK(browser.request("DELETE", "/api/v1/me/identities/discord", {origin}).status == 204);
    CHECK(http(server.port(), "DELETE", "/api/v1/me/identities/discord", {auth}).status == 404);

    const std::string back = approve(browser, "discord", "/api/v1/auth/discord/login?return_to=%2Flibrary");
    const HttpResponse landed = browser.get("/api/v1/auth/discord/callback?" + back);
    CHECK(landed.status == 302);
    CHECK(landed.header("location").value_or("") == "/library");
    CHECK(http(server.port(), "GET", "/api/v1/auth/discord/login?return_to=https%3A%2F%2Fevil.example").status == 422);

    HttpResponse limited;
    for (int i = 0; i < 10 && limited.status != 429; ++i) limited = http(server.port(), "GET", "/api/v1/auth/discord/login");
    CHECK(limited.status == 429);
    CHECK(limited.header("retry-after"));

    TempDir off_dir("veza-oauth-off");
    ServerProcess off(off_dir.path(), {});
    const HttpResponse disabled = http(off.port(), "GET", "/api/v1/auth/discord/login");
    CHECK(disabled.status == 404);
    CHECK(disabled.body.find("not enabled") != std::string::npos);
  }

  TEST_CASE("oauth: behind a trusted proxy the login rate limit counts each client, not the proxy") {
    Fakes fakes;
    TempDir dir("veza-oauth-xff");
    ServerProcess server(dir.path(), fakes.settings({"--login-rate-limit", "2", "--trusted-proxies", "10.0.0.9, 127.0.0.1"}));
    const auto start = [&](const std::string& forwarded) {
      return http(server.port(), "GET", "/api/v1/auth/discord/login", {"X-Forwarded-For: " + forwarded}).status;
    };
    CHECK(start("198.51.100.1") == 302);
    CHECK(start("203.0.113.7, 198.51.100.1") == 302);  // a client-written hop further left is not trusted
    CHECK(start("198.51.100.1") == 429);
    CHECK(start("198.51.100.2") == 302);
    CHECK(start("198.51.100.2, 10.0.0.9") == 302);     // through a second trusted hop: still .2
    CHECK(start("198.51.100.2") == 429);

    TempDir other("veza-oauth-noxff");
    ServerProcess direct(other.path(), fakes.settings({"--login-rate-limit", "2"}));
    const auto direct_start = [&](const std::string& forwarded) {
      return http(direct.port(), "GET", "/api/v1/auth/discord/login", {"X-Forwarded-For: " + forwarded}).status;
    };
    CHECK(direct_start("198.51.100.1") == 302);
    CHECK(direct_start("198.51.100.2") == 302);
    CHECK(direct_start("198.51.100.3") == 429);  // an untrusted peer cannot pick its address
  }

  TEST_CASE("oauth: two instances share the flow through a real Redis (login on one, callback on the other)") {
    Fakes fakes;
    TempDir dir("veza-oauth-redis");
    RedisProcess redis(dir.path());
    const auto db = "sqlite://" + (dir.path() / "shared.db").string();
    ServerProcess a(dir.path(), fakes.settings({"--redis-url", redis.url(), "--database-url", db}));
    ServerProcess b(dir.path(), fakes.settings({"--redis-url", redis.url(), "--database-url", db}));
    Browser on_a{a.port()};
    const std::string query = approve(on_a, "discord");
    Browser on_b{b.port(), on_a.cookies};
    const HttpResponse done = on_b.get("/api/v1/auth/discord/callback?" + query);
    REQUIRE_MESSAGE(done.status == 200, done.body);
    // And the state is gone for both.
    CHECK(error_code(on_a.get("/api/v1/auth/discord/callback?" + query)) == "state_invalid");
  }
}
