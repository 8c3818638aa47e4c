// veza-cli oauth url and users identities, as a script would use them.
#include <doctest/doctest.h>

#include <string>

#include "cli/cli_runner.hpp"

using veza::testing::CliSandbox;

TEST_SUITE("cli") {
  TEST_CASE("oauth url prints a Discord authorize URL with state and PKCE, a disabled provider is exit 3") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    const std::vector<std::string> discord = {"--discord-client-id", "157730590492196864", "--discord-client-secret",
                                              "topsecretvalue", "--discord-redirect-uri",
                                              "https://app.example/api/v1/auth/discord/callback"};
    std::vector<std::string> args = discord;
    args.insert(args.end(), {"oauth", "url", "discord", "--return-to", "/library"});
    const auto r = box.run(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.rfind("https://discord.com/oauth2/authorize?response_type=code&client_id=157730590492196864&scope="
                      "identify%20email&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fv1%2Fauth%2Fdiscord%2Fcallback"
                      "&state=",
                      0) == 0);
    CHECK(r.out.find("&code_challenge_method=S256") != std::string::npos);
    CHECK(r.out.find("topsecretvalue") == std::string::npos);  // the secret is never part of the URL

    const auto off = box.run({"oauth", "url", "spotify"});
    CHECK(off.code == 3);
    CHECK(off.err.find("not enabled") != std::string::npos);
    std::vector<std::string> bad = discord;
    bad.insert(bad.end(), {"oauth", "url", "discord", "--return-to", "https://evil.example/"});
    CHECK(box.run(bad).code == 2);
    const auto localhost = box.run({"--spotify-client-id", "x", "--spotify-client-secret", "y", "--spotify-redirect-uri",
                                    "http://localhost:8080/cb", "oauth", "url", "spotify"});
    CHECK(localhost.code == 2);
    CHECK(localhost.err.find("SPOTIFY_REDIRECT_URI") != std::string::npos);
  }

  TEST_CASE("users identities lists nothing for a user who never signed in with a provider") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    REQUIRE(box.run({"users", "create", "--email", "ada@example.com", "--name", "Ada"}).code == 0);
    const auto r = box.run({"--json", "users", "identities", "ada@example.com"});
    REQUIRE(r.code == 0);
    CHECK(r.out == "{\"items\":[]}\n");
    CHECK(box.run({"users", "identities", "nobody@example.com"}).code == 3);
  }
}
