#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <veza/core/in_process_key_value_store.hpp>
#include <veza/identity/oauth_service.hpp>

#include "support/domain_fixture.hpp"
#include "support/fake_metrics.hpp"
#include "support/fake_oauth_provider.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::identity::CallbackInput;
using veza::identity::LoginOutcome;
using veza::identity::LoginStart;
using veza::testing::url_param;

namespace {

struct OAuthFixture : veza::testing::DomainFixture {
  veza::InProcessKeyValueStore kv{clock};
  veza::identity::SessionService sessions{ids, clock, db};
  veza::testing::FakeMetrics metrics;
  veza::identity::OAuthService oauth{db, kv, sessions, ids, clock, &metrics, nullptr, options()};
  veza::testing::FakeOAuthProvider discord{"discord"};
  veza::testing::FakeOAuthProvider spotify{"spotify"};

  OAuthFixture() {
    oauth.add_provider(discord);
    oauth.add_provider(spotify);
  }

  static veza::identity::OAuthOptions options() {
    veza::identity::OAuthOptions o;
    o.login_rate_limit = 5;
    return o;
  }

  LoginStart start(const std::string& provider = "discord", std::optional<std::string> return_to = std::nullopt) {
    auto s = oauth.begin_login(provider, return_to, "192.0.2.1");
    REQUIRE(s);
    return *s;
  }

  static CallbackInput callback(const LoginStart& s, std::string code = "code-1") {
    return {url_param(s.authorize_url, "state"), std::move(code), "", s.browser_binding};
  }

  double logins(const std::string& provider, const std::string& outcome) const {
    return metrics.value("veza_oauth_logins_total", {{"provider", provider}, {"outcome", outcome}}).value_or(0);
  }

  std::size_t user_count() const { return db.rows("users"); }
};

}  // namespace

TEST_SUITE("identity") {
  TEST_CASE("the PKCE challenge is RFC 7636's S256 (appendix B vector)") {
    CHECK(veza::identity::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") ==
          "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  TEST_CASE("return_to must be a path on this site") {
    CHECK(veza::identity::validate_return_to("/library?tab=1"));
    CHECK(veza::identity::validate_return_to("/"));
    for (const char* bad : {"", "library", "//evil.example/x", "/\\evil.example", "https://evil.example/",
                            "/a b", "/a\nb"}) {
      CAPTURE(bad);
      auto r = veza::identity::validate_return_to(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
  }

  TEST_CASE("a first login creates a user, an identity and a 30-day session, the second signs in to it") {
    OAuthFixture f;
    const LoginStart s = f.start();
    const std::string state = url_param(s.authorize_url, "state");
    CHECK(state.size() >= 22);  // at least 128 bits in base64url
    CHECK(s.browser_binding.size() == 43);
    auto first = f.oauth.complete("discord", f.callback(s));
    REQUIRE(first);
    CHECK(first->outcome == LoginOutcome::new_user);
    CHECK(first->user.display_name == "Ada");
    CHECK_FALSE(first->user.email);
    // The verifier sent to the provider is the one whose challenge went to the browser.
    CHECK(veza::identity::pkce_challenge(f.discord.last_verifier) == url_param(s.authorize_url, "code_challenge"));
    CHECK(f.discord.last_code == "code-1");
    REQUIRE(first->session.record.expires_at);
    CHECK(*first->session.record.expires_at == f.clock.now() + std::chrono::days{30});
    auto me = f.sessions.authenticate(first->session.token);
    REQUIRE(me);
    CHECK(me->id == first->user.id);

    auto second = f.oauth.complete("discord", f.callback(f.start(), "code-2"));
    REQUIRE(second);
    CHECK(second->outcome == LoginOutcome::existing);
    CHECK(second->user.id == first->user.id);
    CHECK(second->session.token != first->session.token);
    CHECK(f.user_count() == 1);
    CHECK(f.logins("discord", "new_user") == 1);
    CHECK(f.logins("discord", "existing") == 1);
  }

  TEST_CASE("a state is single use, bound to its provider, its browser and ten minutes") {
    OAuthFixture f;
    const auto expect_state_invalid = [&](const veza::Result<veza::identity::LoginResult>& r) {
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::invalid_argument);
      CHECK(r.error().detail == "state_invalid");
    };
    SUBCASE("replayed") {
      const LoginStart s = f.start();
      REQUIRE(f.oauth.complete("discord", f.callback(s)));
      expect_state_invalid(f.oauth.complete("discord", f.callback(s)));
      CHECK(f.discord.calls == 1);
      CHECK(f.user_count() == 1);  // the first use signed in; the replay added nothing
    }
    SUBCASE("from the other provider, and then used up") {
      const LoginStart s = f.start("discord");
      expect_state_invalid(f.oauth.complete("spotify", f.callback(s)));
      expect_state_invalid(f.oauth.complete("discord", f.callback(s)));
      CHECK(f.spotify.calls + f.discord.calls == 0);
    }
    SUBCASE("from another browser") {
      CallbackInput in = f.callback(f.start());
      in.browser_binding = "someone-else";
      expect_state_invalid(f.oauth.complete("discord", in));
    }
    SUBCASE("expired") {
      const LoginStart s = f.start();
      f.clock.advance(10min + 1s);
      expect_state_invalid(f.oauth.complete("discord", f.callback(s)));
    }
    SUBCASE("unknown or empty") {
      expect_state_invalid(f.oauth.complete("discord", {"nope", "code", "", ""}));
      expect_state_invalid(f.oauth.complete("discord", {"", "code", "", ""}));
    }
    CHECK(f.user_count() <= 1);
    CHECK(f.logins("discord", "state_invalid") + f.logins("spotify", "state_invalid") >= 1);
  }

  TEST_CASE("the provider saying no ends the flow, uses up the state and creates nothing") {
    OAuthFixture f;
    const LoginStart s = f.start();
    CallbackInput in = f.callback(s);
    in.code.clear();
    in.error = "access_denied";
    auto r = f.oauth.complete("discord", in);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::forbidden);
    CHECK(r.error().detail == "access_denied");
    CHECK(f.discord.calls == 0);
    CHECK(f.logins("discord", "denied") == 1);
    auto again = f.oauth.complete("discord", f.callback(s));
    REQUIRE_FALSE(again);
    CHECK(again.error().detail == "state_invalid");

    CallbackInput other = f.callback(f.start());
    other.error = "invalid_scope<script>";
    auto r2 = f.oauth.complete("discord", other);
    REQUIRE_FALSE(r2);
    CHECK(r2.error().code == ErrorCode::invalid_argument);
    CHECK(r2.error().message.find('<') == std::string::npos);  // never reflected unescaped
    CHECK(f.user_count() == 0);
  }

  TEST_CASE("a provider failure is upstream_failed and leaves no user behind") {
    OAuthFixture f;
    f.discord.failure = veza::make_error(ErrorCode::upstream_failed, "discord token endpoint answered 500");
    auto r = f.oauth.complete("discord", f.callback(f.start()));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::upstream_failed);
    CHECK(f.user_count() == 0);
    CHECK(f.db.rows("oauth_identities") == 0);
    CHECK(f.db.rows("sessions") == 0);
    CHECK(f.logins("discord", "provider_error") == 1);
  }

  TEST_CASE("a verified provider email links to a verified local account, and nothing else does") {
    OAuthFixture f;
    const auto ada = f.make_user("Ada@Example.com");  // verified (operator-created)
    SUBCASE("Discord verified:true, emails equal ignoring case: linked") {
      f.discord.profile.email = "ada@example.COM";
      f.discord.profile.email_verified = true;
      auto r = f.oauth.complete("discord", f.callback(f.start()));
      REQUIRE(r);
      CHECK(r->outcome == LoginOutcome::linked);
      CHECK(r->user.id == ada.id);
      CHECK(f.logins("discord", "linked") == 1);
    }
    SUBCASE("Discord verified:false: a new user without the email") {
      f.discord.profile.email = "ada@example.com";
      auto r = f.oauth.complete("discord", f.callback(f.start()));
      REQUIRE(r);
      CHECK(r->outcome == LoginOutcome::new_user);
      CHECK(r->user.id != ada.id);
      CHECK_FALSE(r->user.email);
    }
    SUBCASE("Spotify's email is never verified: never linked") {
      f.spotify.profile.email = "ada@example.com";
      auto r = f.oauth.complete("spotify", f.callback(f.start("spotify")));
      REQUIRE(r);
      CHECK(r->outcome == LoginOutcome::new_user);
      CHECK(r->user.id != ada.id);
    }
  }

  TEST_CASE("a verified provider email never links to an unverified local account") {
    OAuthFixture f;
    auto squatter = f.users.create({"ada@example.com", "Not Ada", veza::identity::Role::user, false});
    REQUIRE(squatter);
    f.discord.profile.email = "ada@example.com";
    f.discord.profile.email_verified = true;
    auto r = f.oauth.complete("discord", f.callback(f.start()));
    REQUIRE(r);
    CHECK(r->outcome == LoginOutcome::new_user);
    CHECK(r->user.id != squatter->id);
    CHECK_FALSE(r->user.email);  // the address is taken; the new user gets none
  }

  TEST_CASE("a verified email nobody has becomes the new user's verified email") {
    OAuthFixture f;
    f.discord.profile.email = "grace@example.com";
    f.discord.profile.email_verified = true;
    auto r = f.oauth.complete("discord", f.callback(f.start()));
    REQUIRE(r);
    REQUIRE(r->user.email);
    CHECK(*r->user.email == "grace@example.com");
    CHECK(r->user.email_verified);
  }

  TEST_CASE("a signed-in user links a provider explicitly and unlinks it while another way remains") {
    OAuthFixture f;
    auto first = f.oauth.complete("discord", f.callback(f.start()));
    REQUIRE(first);
    const auto user = first->user;

    auto last = f.oauth.unlink(user, "discord");
    REQUIRE_FALSE(last);
    CHECK(last.error().code == ErrorCode::conflict);

    f.spotify.profile.provider_user_id = "spotify-acct-1";
    auto link = f.oauth.begin_link("spotify", user, "192.0.2.1");
    REQUIRE(link);
    auto linked = f.oauth.complete("spotify", f.callback(*link));
    REQUIRE(linked);
    CHECK(linked->outcome == LoginOutcome::linked);
    CHECK(linked->user.id == user.id);
    auto ids = f.oauth.identities(user.id);
    REQUIRE(ids);
    CHECK(ids->size() == 2);

    REQUIRE(f.oauth.unlink(user, "discord"));
    auto gone = f.oauth.unlink(user, "discord");
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == ErrorCode::not_found);
    // Spotify alone is now the last way in.
    CHECK(f.oauth.unlink(user, "spotify").error().code == ErrorCode::conflict);
  }

  TEST_CASE("an API token counts as another way to sign in") {
    OAuthFixture f;
    f.discord.profile.email = "grace@example.com";
    f.discord.profile.email_verified = true;
    auto first = f.oauth.complete("discord", f.callback(f.start()));
    REQUIRE(first);
    REQUIRE(f.tokens.create("grace@example.com", 30));
    CHECK(f.oauth.unlink(first->user, "discord"));
  }

  TEST_CASE("linking a provider account that belongs to someone else is refused") {
    OAuthFixture f;
    REQUIRE(f.oauth.complete("discord", f.callback(f.start())));  // discord 1001 → user A
    const auto bob = f.make_user("bob@example.com");
    auto link = f.oauth.begin_link("discord", bob, "192.0.2.2");
    REQUIRE(link);
    auto r = f.oauth.complete("discord", f.callback(*link));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().detail == "identity_in_use");
  }

  TEST_CASE("login starts are rate limited per client address, with a Retry-After") {
    OAuthFixture f;
    for (int i = 0; i < 5; ++i) REQUIRE(f.oauth.begin_login("discord", std::nullopt, "192.0.2.9"));
    auto limited = f.oauth.begin_login("discord", std::nullopt, "192.0.2.9");
    REQUIRE_FALSE(limited);
    CHECK(limited.error().code == ErrorCode::rate_limited);
    CHECK(limited.error().retry_after_s >= 1);
    CHECK(limited.error().retry_after_s <= 60);
    CHECK(f.oauth.begin_login("discord", std::nullopt, "192.0.2.10"));  // another address
    f.clock.advance(61s);
    CHECK(f.oauth.begin_login("discord", std::nullopt, "192.0.2.9"));
  }

  TEST_CASE("a disabled provider is not_found, and a bad return_to is refused before any state is kept") {
    OAuthFixture f;
    auto r = f.oauth.begin_login("github", std::nullopt, "192.0.2.1");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::not_found);
    auto bad = f.oauth.begin_login("discord", std::string("https://evil.example/"), "192.0.2.1");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::validation_failed);
    const LoginStart s = f.start("discord", std::string("/library"));
    auto ok = f.oauth.complete("discord", f.callback(s));
    REQUIRE(ok);
    REQUIRE(ok->return_to);
    CHECK(*ok->return_to == "/library");
  }

  TEST_CASE("logout revokes the session") {
    OAuthFixture f;
    auto r = f.oauth.complete("discord", f.callback(f.start()));
    REQUIRE(r);
    REQUIRE(f.sessions.revoke(r->session.token));
    CHECK(f.sessions.authenticate(r->session.token).error().code == ErrorCode::unauthenticated);
    CHECK(f.sessions.revoke(r->session.token).error().code == ErrorCode::unauthenticated);
    CHECK(f.sessions.authenticate("veza_not-a-session").error().code == ErrorCode::unauthenticated);
  }
}
