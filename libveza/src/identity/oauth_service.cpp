#include <veza/identity/oauth_service.hpp>

#include <utility>

#include <boost/json.hpp>

#include <veza/core/crypto.hpp>
#include <veza/core/text.hpp>

#include "secret_token.hpp"

namespace veza::identity {
namespace {

constexpr std::size_t kRandomBytes = 32;  // state, PKCE verifier and browser binding: 256 bits each
constexpr std::size_t kMaxReturnTo = 512;
constexpr std::size_t kMaxDisplayNameChars = 100;

Error state_invalid(std::string message) {
  return make_error(ErrorCode::invalid_argument, std::move(message) + "; start the sign-in again", "state_invalid");
}

// The store key of a state: its hash, so the state itself never sits in Redis (MONITOR, dumps).
std::string state_key(std::string_view state) { return "oauth:state:" + sha256_hex(state); }

// Stored state: what the callback needs and must not take from the request (PKCE downgrade).
struct StoredState {
  std::string provider, verifier, return_to, binding, link_user_id;
};

std::string encode(const StoredState& s) {
  return boost::json::serialize(boost::json::object{
      {"provider", s.provider}, {"verifier", s.verifier}, {"return_to", s.return_to}, {"binding", s.binding},
      {"link_user_id", s.link_user_id}});
}

std::optional<StoredState> decode(const std::string& text) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  StoredState s;
  const auto field = [&](const char* name, std::string& out) {
    const auto* f = o.if_contains(name);
    if (!f || !f->is_string()) return false;
    out = std::string(f->as_string());
    return true;
  };
  if (!field("provider", s.provider) || !field("verifier", s.verifier) || !field("return_to", s.return_to) ||
      !field("binding", s.binding) || !field("link_user_id", s.link_user_id)) {
    return std::nullopt;
  }
  return s;
}

// A user has another way to sign in besides `provider`: another identity or a live API token.
Result<bool> other_sign_in_remains(Transaction& tx, const User& user, std::string_view provider, Timestamp now) {
  auto ids = tx.oauth_identities().list_for_user(user.id);
  if (!ids) return std::move(ids).error();
  for (const auto& i : *ids) {
    if (i.provider != provider) return true;
  }
  auto tokens = tx.api_tokens().list_for_user(user.id);
  if (!tokens) return std::move(tokens).error();
  for (const auto& t : *tokens) {
    if (detail::is_live(t, now)) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(LoginOutcome outcome) noexcept {
  switch (outcome) {
    case LoginOutcome::new_user: return "new_user";
    case LoginOutcome::existing: return "existing";
    case LoginOutcome::linked: return "linked";
  }
  return "existing";
}

std::string safe_oauth_error(std::string_view error) {
  std::string out;
  for (const char c : error.substr(0, 64)) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') out.push_back(c);
  }
  return out;
}

std::string pkce_challenge(std::string_view verifier) { return base64url(sha256(verifier)); }

Result<std::string> validate_return_to(std::string_view return_to) {
  const auto bad = [] {
    return make_error(ErrorCode::validation_failed,
                      "return_to must be a path on this site such as /library (no scheme, host or //)");
  };
  if (return_to.empty() || return_to.size() > kMaxReturnTo || return_to[0] != '/') return bad();
  if (return_to.size() > 1 && (return_to[1] == '/' || return_to[1] == '\\')) return bad();
  for (const char c : return_to) {
    if (c <= 0x20 || c >= 0x7F || c == '\\') return bad();
  }
  return std::string(return_to);
}

OAuthService::OAuthService(Database& db, KeyValueStore& store, SessionService& sessions, IdGenerator& ids,
                           const Clock& clock, Metrics* metrics, Logger* logger, OAuthOptions options)
    : db_(db), store_(store), sessions_(sessions), ids_(ids), clock_(clock), metrics_(metrics), logger_(logger),
      options_(options) {}

void OAuthService::add_provider(OAuthProvider& provider) { providers_[std::string(provider.name())] = &provider; }

bool OAuthService::enabled(std::string_view provider) const { return providers_.contains(provider); }

std::vector<std::string> OAuthService::providers() const {
  std::vector<std::string> out;
  for (const auto& [name, p] : providers_) out.push_back(name);
  return out;
}

Result<OAuthProvider*> OAuthService::provider(std::string_view name) const {
  const auto it = providers_.find(name);
  if (it == providers_.end()) {
    return make_error(ErrorCode::not_found, "sign-in with '" + std::string(name.substr(0, 32)) +
                                                "' is not enabled on this server (its client id is not configured)");
  }
  return it->second;
}

void OAuthService::count(std::string_view provider, std::string_view outcome) {
  if (!metrics_) return;
  metrics_
      ->counter("veza_oauth_logins_total", "OAuth callbacks by provider and outcome",
                {{"provider", std::string(provider)}, {"outcome", std::string(outcome)}})
      .increment();
}

Result<void> OAuthService::check_rate(std::string_view client_addr) {
  auto n = store_.increment("oauth:login-rate:" + std::string(client_addr), options_.rate_window);
  if (!n) return std::move(n).error();
  if (n->count <= options_.login_rate_limit) return ok();
  Error e = make_error(ErrorCode::rate_limited, "too many sign-in attempts from this address; wait and try again");
  e.retry_after_s = static_cast<unsigned>((n->resets_in.count() + 999) / 1000);
  if (e.retry_after_s == 0) e.retry_after_s = 1;
  return e;
}

Result<LoginStart> OAuthService::begin(OAuthProvider& provider, const std::optional<std::string>& return_to,
                                       const std::string& link_user_id, bool bind_browser) {
  StoredState s;
  s.provider = std::string(provider.name());
  s.link_user_id = link_user_id;
  if (return_to) {
    auto path = validate_return_to(*return_to);
    if (!path) return std::move(path).error();
    s.return_to = std::move(*path);
  }
  auto state = random_base64url(kRandomBytes);
  if (!state) return std::move(state).error();
  auto verifier = random_base64url(kRandomBytes);  // 43 characters, RFC 7636's minimum
  if (!verifier) return std::move(verifier).error();
  s.verifier = std::move(*verifier);
  if (bind_browser) {
    auto binding = random_base64url(kRandomBytes);
    if (!binding) return std::move(binding).error();
    s.binding = std::move(*binding);
  }
  VEZA_TRY_VOID(store_.put(state_key(*state), encode(s), options_.state_ttl));
  return LoginStart{provider.authorize_url(*state, pkce_challenge(s.verifier)), s.binding};
}

Result<LoginStart> OAuthService::begin_login(std::string_view provider_name, const std::optional<std::string>& return_to,
                                             std::string_view client_addr) {
  auto p = provider(provider_name);
  if (!p) return std::move(p).error();
  VEZA_TRY_VOID(check_rate(client_addr));
  return begin(**p, return_to, "", true);
}

Result<LoginStart> OAuthService::begin_link(std::string_view provider_name, const User& user,
                                            std::string_view client_addr) {
  auto p = provider(provider_name);
  if (!p) return std::move(p).error();
  VEZA_TRY_VOID(check_rate(client_addr));
  return begin(**p, std::nullopt, user.id, true);
}

Result<LoginStart> OAuthService::authorize_url(std::string_view provider_name,
                                               const std::optional<std::string>& return_to) {
  auto p = provider(provider_name);
  if (!p) return std::move(p).error();
  return begin(**p, return_to, "", false);
}

Result<LoginResult> OAuthService::complete(std::string_view provider_name, const CallbackInput& input) {
  auto p = provider(provider_name);
  if (!p) return std::move(p).error();
  const std::string name(provider_name);
  // The state is taken first, whatever else the request says (contract §5.1): it is used up
  // by this attempt even when the attempt fails.
  std::optional<StoredState> s;
  if (!input.state.empty() && input.state.size() <= 256) {
    auto taken = store_.take(state_key(input.state));
    if (!taken) return std::move(taken).error();
    if (*taken) s = decode(**taken);
  }
  if (!s) {
    count(name, "state_invalid");
    return state_invalid("the sign-in state is unknown, expired or already used");
  }
  if (s->provider != name) {
    count(name, "state_invalid");
    return state_invalid("the sign-in state was issued for another provider");
  }
  if (!s->binding.empty() && !constant_time_equal(s->binding, input.browser_binding)) {
    count(name, "state_invalid");
    return state_invalid("the sign-in was started in another browser");
  }
  if (!input.error.empty()) {
    if (input.error == "access_denied") {
      count(name, "denied");
      return make_error(ErrorCode::forbidden, "sign-in with " + name + " was cancelled", "access_denied");
    }
    count(name, "provider_error");
    const std::string safe = safe_oauth_error(input.error);
    return make_error(ErrorCode::invalid_argument,
                      name + " refused the sign-in (error=" + (safe.empty() ? "unknown" : safe) + "); try again later",
                      "oauth_error");
  }
  if (input.code.empty()) {
    count(name, "provider_error");
    return make_error(ErrorCode::invalid_argument, "the callback carries neither code nor error", "oauth_error");
  }
  auto profile = (*p)->fetch_profile(input.code, s->verifier);
  if (!profile) {
    count(name, "provider_error");
    if (logger_) logger_->log(LogLevel::warn, "oauth provider failed", {{"provider", name}, {"error", profile.error().message}});
    return std::move(profile).error();
  }
  auto result = resolve(**p, *profile, s->link_user_id);
  // Two first logins of one provider account race on the identity's unique key: the loser
  // finds the winner's identity on a second pass and signs in to that user.
  if (!result && result.error().code == ErrorCode::conflict && result.error().detail.empty()) {
    result = resolve(**p, *profile, s->link_user_id);
  }
  if (!result) return result;
  if (!s->return_to.empty()) result->return_to = s->return_to;
  count(name, to_string(result->outcome));
  if (logger_) {
    logger_->log(LogLevel::info, "oauth login",
                 {{"provider", name}, {"outcome", std::string(to_string(result->outcome))}, {"user_id", result->user.id}});
  }
  return result;
}

Result<LoginResult> OAuthService::resolve(OAuthProvider& provider, const OAuthProfile& profile,
                                          const std::string& link_user_id) {
  const std::string name(provider.name());
  if (profile.provider_user_id.empty() || profile.provider_user_id.size() > 255) {
    return make_error(ErrorCode::upstream_failed, name + " returned a profile without a usable account id");
  }
  // Only an email the provider vouches for is kept or matched (contract §5.6).
  std::optional<std::string> verified_email;
  if (profile.email_verified && profile.email) {
    if (auto e = validate_email(*profile.email)) verified_email = std::move(*e);
  }
  auto display = clean_text(profile.display_name, "display name", kMaxDisplayNameChars);
  const std::string display_name = display ? *display : name + " user";

  return transact<LoginResult>(db_, TxMode::write, [&](Transaction& tx) -> Result<LoginResult> {
    LoginResult out;
    auto existing = tx.oauth_identities().find(name, profile.provider_user_id);
    if (!existing) return std::move(existing).error();
    const auto load_user = [&](const std::string& id) -> Result<User> {
      auto u = tx.users().find_by_id(id);
      if (!u) return std::move(u).error();
      if (!*u) return state_invalid("the account this sign-in was started for no longer exists");
      return std::move(**u);
    };
    const auto add_identity = [&](const User& user) -> Result<void> {
      OAuthIdentity identity;
      identity.id = ids_.next();
      identity.user_id = user.id;
      identity.provider = name;
      identity.provider_user_id = profile.provider_user_id;
      identity.email = profile.email;
      identity.email_verified = profile.email_verified;
      identity.created_at = clock_.now();
      return tx.oauth_identities().insert(identity);
    };

    if (!link_user_id.empty()) {  // an explicit link by a signed-in user
      auto user = load_user(link_user_id);
      if (!user) return std::move(user).error();
      if (*existing && (*existing)->user_id != user->id) {
        return make_error(ErrorCode::conflict, "this " + name + " account is already linked to another user",
                          "identity_in_use");
      }
      if (!*existing) {
        auto mine = tx.oauth_identities().list_for_user(user->id);
        if (!mine) return std::move(mine).error();
        for (const auto& i : *mine) {
          if (i.provider == name) {
            return make_error(ErrorCode::conflict,
                              "your account is already linked to another " + name + " account; unlink it first",
                              "provider_already_linked");
          }
        }
        VEZA_TRY_VOID(add_identity(*user));
      }
      out.user = std::move(*user);
      out.outcome = LoginOutcome::linked;
    } else if (*existing) {
      auto user = load_user((*existing)->user_id);
      if (!user) return std::move(user).error();
      out.user = std::move(*user);
      out.outcome = LoginOutcome::existing;
    } else {
      std::optional<User> owner;
      if (verified_email) {
        auto found = tx.users().find_by_email(*verified_email);
        if (!found) return std::move(found).error();
        owner = std::move(*found);
      }
      if (owner && owner->email_verified) {
        // Both sides vouch for the address: the same person (pre-registration takeover needs
        // an unverified local account, which never links).
        VEZA_TRY_VOID(add_identity(*owner));
        out.user = std::move(*owner);
        out.outcome = LoginOutcome::linked;
      } else {
        User user;
        user.id = ids_.next();
        if (verified_email && !owner) {  // the provider's email only when verified and free
          user.email = verified_email;
          user.email_verified = true;
        }
        user.display_name = display_name;
        user.created_at = clock_.now();
        VEZA_TRY_VOID(tx.users().insert(user));
        VEZA_TRY_VOID(add_identity(user));
        out.user = std::move(user);
        out.outcome = LoginOutcome::new_user;
      }
    }
    auto session = sessions_.create_in(tx, out.user.id);
    if (!session) return std::move(session).error();
    out.session = std::move(*session);
    return out;
  });
}

Result<void> OAuthService::unlink(const User& user, std::string_view provider_name) {
  const std::string name(provider_name.substr(0, 32));
  return db_.run(TxMode::write, [&](Transaction& tx) -> Result<void> {
    auto mine = tx.oauth_identities().list_for_user(user.id);
    if (!mine) return std::move(mine).error();
    bool linked = false;
    for (const auto& i : *mine) linked = linked || i.provider == name;
    if (!linked) return make_error(ErrorCode::not_found, "your account is not linked to " + name);
    auto other = other_sign_in_remains(tx, user, name, clock_.now());
    if (!other) return std::move(other).error();
    if (!*other) {
      return make_error(ErrorCode::conflict,
                        name + " is your only way to sign in; link another provider before unlinking it",
                        "last_sign_in_method");
    }
    auto removed = tx.oauth_identities().remove(user.id, name);
    if (!removed) return std::move(removed).error();
    return ok();
  });
}

Result<std::vector<OAuthIdentity>> OAuthService::identities(std::string_view user_id) {
  return transact<std::vector<OAuthIdentity>>(db_, TxMode::read, [&](Transaction& tx) {
    return tx.oauth_identities().list_for_user(user_id);
  });
}

}  // namespace veza::identity
