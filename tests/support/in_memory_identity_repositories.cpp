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
  ApiTokenRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert(const ApiToken& token) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (s_.api_tokens.contains(token.id)) {
      return make_error(ErrorCode::conflict, "an API token with id " + token.id + " already exists");
    }
    if (find_hash(token.token_hash)) return make_error(ErrorCode::conflict, "an API token with this hash already exists");
    if (!s_.users.contains(token.user_id)) {
      return make_error(ErrorCode::conflict, "API token for unknown user " + token.user_id);
    }
    s_.api_tokens.emplace(token.id, token);
    return ok();
  }

  Result<std::optional<ApiToken>> find_by_hash(std::string_view token_hash) override {
    const ApiToken* t = find_hash(token_hash);
    if (!t) return std::optional<ApiToken>{};
    return std::optional<ApiToken>{*t};
  }

  Result<std::optional<ApiToken>> find_by_id(std::string_view id) override {
    const auto it = s_.api_tokens.find(std::string(id));
    if (it == s_.api_tokens.end()) return std::optional<ApiToken>{};
    return std::optional<ApiToken>{it->second};
  }

  Result<std::vector<ApiToken>> list_for_user(std::string_view user_id) override {
    std::vector<ApiToken> out;
    for (const auto& [id, t] : s_.api_tokens) {
      if (t.user_id == user_id) out.push_back(t);
    }
    return out;
  }

  Result<bool> revoke(std::string_view id, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = s_.api_tokens.find(std::string(id));
    if (it == s_.api_tokens.end() || it->second.revoked_at) return false;
    it->second.revoked_at = at;
    return true;
  }

 private:
  const ApiToken* find_hash(std::string_view hash) const {
    for (const auto& [id, t] : s_.api_tokens) {
      if (t.token_hash == hash) return &t;
    }
    return nullptr;
  }

  InMemoryDatabase::State& s_;
  bool writable_;
};

}  // namespace

std::unique_ptr<identity::UserRepository> make_user_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<UserRepository>(s, writable);
}

std::unique_ptr<identity::ApiTokenRepository> make_api_token_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<ApiTokenRepository>(s, writable);
}

}  // namespace veza::testing::detail
