// Users and API tokens of the in-memory database.
#include <algorithm>
#include <string>
#include <vector>

#include <veza/core/text.hpp>

#include "support/in_memory_state.hpp"

namespace veza::testing::detail {
namespace {

using identity::ApiToken;
using identity::User;

class UserRepository final : public identity::UserRepository {
 public:
  UserRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert(const User& user) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (s_.users.contains(user.id)) return make_error(ErrorCode::conflict, "a user with id " + user.id + " already exists");
    if (user.email) {
      if (find(*user.email)) {
        return make_error(ErrorCode::conflict, "a user with email " + *user.email + " already exists");
      }
    }
    s_.users.emplace(user.id, user);
    return ok();
  }

  Result<std::optional<User>> find_by_id(std::string_view id) override {
    const auto it = s_.users.find(std::string(id));
    if (it == s_.users.end()) return std::optional<User>{};
    return std::optional<User>{it->second};
  }

  Result<std::optional<User>> find_by_email(std::string_view email) override {
    const User* u = find(email);
    if (!u) return std::optional<User>{};
    return std::optional<User>{*u};
  }

 private:
  // Case-insensitive, like the SQL schema's unique index on lower(email).
  const User* find(std::string_view email) const {
    const std::string wanted = ascii_lower(email);
    for (const auto& [id, u] : s_.users) {
      if (u.email && ascii_lower(*u.email) == wanted) return &u;
    }
    return nullptr;
  }

  InMemoryDatabase::State& s_;
  bool writable_;
};

class ApiTokenRepository final : public identity::ApiTokenRepository {
 public:
  // `table` is the state's api_tokens or sessions: both hold token records (issue 8).
  ApiTokenRepository(InMemoryDatabase::State& s, std::map<std::string, ApiToken>& table, bool writable)
      : s_(s), table_(table), writable_(writable) {}

  Result<void> insert(const ApiToken& token) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (table_.contains(token.id)) {
      return make_error(ErrorCode::conflict, "an API token with id " + token.id + " already exists");
    }
    if (find_hash(token.token_hash)) return make_error(ErrorCode::conflict, "an API token with this hash already exists");
    if (!s_.users.contains(token.user_id)) {
      return make_error(ErrorCode::conflict, "API token for unknown user " + token.user_id);
    }
    table_.emplace(token.id, token);
    return ok();
  }

  Result<std::optional<ApiToken>> find_by_hash(std::string_view token_hash) override {
    const ApiToken* t = find_hash(token_hash);
    if (!t) return std::optional<ApiToken>{};
    return std::optional<ApiToken>{*t};
  }

  Result<std::optional<ApiToken>> find_by_id(std::string_view id) override {
    const auto it = table_.find(std::string(id));
    if (it == table_.end()) return std::optional<ApiToken>{};
    return std::optional<ApiToken>{it->second};
  }

  Result<std::vector<ApiToken>> list_for_user(std::string_view user_id) override {
    std::vector<ApiToken> out;
    for (const auto& [id, t] : table_) {
      if (t.user_id == user_id) out.push_back(t);
    }
    return out;
  }

  Result<bool> revoke(std::string_view id, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = table_.find(std::string(id));
    if (it == table_.end() || it->second.revoked_at) return false;
    it->second.revoked_at = at;
    return true;
  }

 private:
  const ApiToken* find_hash(std::string_view hash) const {
    for (const auto& [id, t] : table_) {
      if (t.token_hash == hash) return &t;
    }
    return nullptr;
  }

  InMemoryDatabase::State& s_;
  std::map<std::string, ApiToken>& table_;
  bool writable_;
};

class OAuthIdentityRepository final : public identity::OAuthIdentityRepository {
 public:
  OAuthIdentityRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert(const identity::OAuthIdentity& identity) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (!s_.users.contains(identity.user_id)) return make_error(ErrorCode::not_found, "no user has id " + identity.user_id);
    for (const auto& [id, i] : s_.oauth_identities) {
      if (i.provider == identity.provider && i.provider_user_id == identity.provider_user_id) {
        return make_error(ErrorCode::conflict, "this provider account is already linked");
      }
      if (i.user_id == identity.user_id && i.provider == identity.provider) {
        return make_error(ErrorCode::conflict, "the user already has an identity at this provider");
      }
    }
    s_.oauth_identities.emplace(identity.id, identity);
    return ok();
  }

  Result<std::optional<identity::OAuthIdentity>> find(std::string_view provider,
                                                      std::string_view provider_user_id) override {
    for (const auto& [id, i] : s_.oauth_identities) {
      if (i.provider == provider && i.provider_user_id == provider_user_id) {
        return std::optional<identity::OAuthIdentity>{i};
      }
    }
    return std::optional<identity::OAuthIdentity>{};
  }

  Result<std::vector<identity::OAuthIdentity>> list_for_user(std::string_view user_id) override {
    std::vector<identity::OAuthIdentity> out;
    for (const auto& [id, i] : s_.oauth_identities) {
      if (i.user_id == user_id) out.push_back(i);
    }
    return out;
  }

  Result<bool> remove(std::string_view user_id, std::string_view provider) override {
    VEZA_TRY_VOID(require_writable(writable_));
    for (auto it = s_.oauth_identities.begin(); it != s_.oauth_identities.end(); ++it) {
      if (it->second.user_id == user_id && it->second.provider == provider) {
        s_.oauth_identities.erase(it);
        return true;
      }
    }
    return false;
  }

 private:
  InMemoryDatabase::State& s_;
  bool writable_;
};

}  // namespace

std::unique_ptr<identity::UserRepository> make_user_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<UserRepository>(s, writable);
}

std::unique_ptr<identity::ApiTokenRepository> make_api_token_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<ApiTokenRepository>(s, s.api_tokens, writable);
}

std::unique_ptr<identity::ApiTokenRepository> make_session_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<ApiTokenRepository>(s, s.sessions, writable);
}

std::unique_ptr<identity::OAuthIdentityRepository> make_oauth_identity_repository(InMemoryDatabase::State& s,
                                                                                  bool writable) {
  return std::make_unique<OAuthIdentityRepository>(s, writable);
}

}  // namespace veza::testing::detail
