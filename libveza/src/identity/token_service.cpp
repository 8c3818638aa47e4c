#include <veza/identity/token_service.hpp>

#include <array>
#include <chrono>
#include <utility>

#include <veza/core/crypto.hpp>
#include <veza/core/text.hpp>

#include "secret_token.hpp"

namespace veza::identity {
namespace {

constexpr std::string_view kPrefix = "veza_";
// One message for every rejected token, so a caller cannot tell an unknown token from a
// revoked or expired one (that would help someone probing stolen or guessed tokens).
Error rejected() {
  return make_error(ErrorCode::unauthenticated, "the API token is invalid, expired or revoked");
}

Result<User> user_by_email(Transaction& tx, std::string_view email) {
  const std::string_view wanted = trim(email);
  auto user = tx.users().find_by_email(wanted);
  if (!user) return std::move(user).error();
  if (!*user) return make_error(ErrorCode::not_found, "no user with email " + std::string(wanted.substr(0, 254)));
  return std::move(**user);
}

}  // namespace

std::string hash_token(std::string_view token) { return sha256_hex(token); }

Result<IssuedToken> TokenService::create(std::string_view user_email, std::optional<int> expires_in_days) {
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > kMaxTokenDays)) {
    return make_error(ErrorCode::validation_failed,
                      "expires_in_days must be between 1 and " + std::to_string(kMaxTokenDays) + " (or omitted)");
  }
  return transact<IssuedToken>(db_, TxMode::write, [&](Transaction& tx) -> Result<IssuedToken> {
    auto user = user_by_email(tx, user_email);
    if (!user) return std::move(user).error();
    auto token = detail::random_token(kPrefix);
    if (!token) return std::move(token).error();

    IssuedToken issued;
    issued.record.id = ids_.next();
    issued.record.user_id = user->id;
    issued.record.token_hash = hash_token(*token);
    issued.record.created_at = clock_.now();
    if (expires_in_days) {
      issued.record.expires_at = issued.record.created_at + std::chrono::days{*expires_in_days};
    }
    VEZA_TRY_VOID(tx.api_tokens().insert(issued.record));
    issued.token = std::move(*token);
    return issued;
  });
}

Result<User> TokenService::authenticate(std::string_view token) {
  if (!detail::well_formed(token, kPrefix)) return rejected();
  const std::string hash = hash_token(token);
  return transact<User>(db_, TxMode::read, [&](Transaction& tx) -> Result<User> {
    return detail::user_for_token(tx, tx.api_tokens(), hash, clock_.now(), rejected());
  });
}

Result<ApiToken> TokenService::revoke(std::string_view token_id) {
  const auto unknown = [&] {
    return make_error(ErrorCode::not_found, "no API token with id " + std::string(token_id.substr(0, 64)));
  };
  if (!is_uuid(token_id)) return unknown();
  return transact<ApiToken>(db_, TxMode::write, [&](Transaction& tx) -> Result<ApiToken> {
    auto found = tx.api_tokens().find_by_id(token_id);
    if (!found) return std::move(found).error();
    if (!*found) return unknown();
    ApiToken token = std::move(**found);
    const auto already = [&] {
      return make_error(ErrorCode::conflict, "API token " + token.id + " is already revoked");
    };
    if (token.revoked_at) return already();
    const Timestamp now = clock_.now();
    auto revoked = tx.api_tokens().revoke(token.id, now);
    if (!revoked) return std::move(revoked).error();
    if (!*revoked) return already();
    token.revoked_at = now;
    return token;
  });
}

Result<std::vector<ApiToken>> TokenService::list_for(std::string_view user_email) {
  return transact<std::vector<ApiToken>>(db_, TxMode::read, [&](Transaction& tx) -> Result<std::vector<ApiToken>> {
    auto user = user_by_email(tx, user_email);
    if (!user) return std::move(user).error();
    return tx.api_tokens().list_for_user(user->id);
  });
}

}  // namespace veza::identity
