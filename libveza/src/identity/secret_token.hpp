#pragma once
// What API tokens and login sessions share: a prefix plus 32 random bytes in base64url, only
// its SHA-256 stored, and the same checks when one is presented (issue 3, issue 8).
#include <string>
#include <string_view>

#include <veza/core/crypto.hpp>
#include <veza/identity/api_token.hpp>
#include <veza/identity/user.hpp>
#include <veza/persistence/database.hpp>

namespace veza::identity::detail {

inline constexpr std::size_t kSecretBytes = 32;
// base64url without padding of 32 bytes: ceil(32 * 4 / 3) = 43 characters.
inline constexpr std::size_t kSecretChars = (kSecretBytes * 4 + 2) / 3;

inline bool is_base64url_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A malformed token cannot match a stored hash, so it is refused without touching the database.
inline bool well_formed(std::string_view token, std::string_view prefix) noexcept {
  if (token.size() != prefix.size() + kSecretChars || token.substr(0, prefix.size()) != prefix) return false;
  for (const char c : token.substr(prefix.size())) {
    if (!is_base64url_char(c)) return false;
  }
  return true;
}

inline Result<std::string> random_token(std::string_view prefix) {
  auto secret = random_base64url(kSecretBytes);
  if (!secret) return std::move(secret).error();
  return std::string(prefix) + *secret;
}

// Neither revoked nor expired at `now`.
inline bool is_live(const ApiToken& t, Timestamp now) noexcept {
  return !t.revoked_at && (!t.expires_at || *t.expires_at > now);
}

// The user behind a stored token record, or `rejected` for an unknown, revoked or expired one
// (one error for all, so a prober cannot tell them apart).
inline Result<User> user_for_token(Transaction& tx, ApiTokenRepository& records, std::string_view token_hash,
                                   Timestamp now, const Error& rejected) {
  auto record = records.find_by_hash(token_hash);
  if (!record) return std::move(record).error();
  if (!*record) return rejected;
  const ApiToken& t = **record;
  if (!is_live(t, now)) return rejected;
  auto user = tx.users().find_by_id(t.user_id);
  if (!user) return std::move(user).error();
  if (!*user) return rejected;
  return std::move(**user);
}

}  // namespace veza::identity::detail
