#include <veza/identity/token_service.hpp>

#include <array>
#include <chrono>
#include <utility>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <veza/core/text.hpp>

namespace veza::identity {
namespace {

constexpr std::string_view kPrefix = "veza_";
constexpr std::size_t kRandomBytes = 32;
// base64url without padding of 32 bytes: ceil(32 * 4 / 3) = 43 characters.
constexpr std::size_t kEncodedChars = (kRandomBytes * 4 + 2) / 3;
constexpr std::size_t kTokenChars = kPrefix.size() + kEncodedChars;

// One message for every rejected token, so a caller cannot tell an unknown token from a
// revoked or expired one (that would help someone probing stolen or guessed tokens).
Error rejected() {
  return make_error(ErrorCode::unauthenticated, "the API token is invalid, expired or revoked");
}

std::string base64url(const unsigned char* data, std::size_t n) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((n * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const unsigned v = (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8) | unsigned{data[i + 2]};
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (n - i == 1) {
    const unsigned v = unsigned{data[i]} << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (n - i == 2) {
    const unsigned v = (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

bool is_base64url_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool well_formed(std::string_view token) noexcept {
  if (token.size() != kTokenChars || token.substr(0, kPrefix.size()) != kPrefix) return false;
  for (const char c : token.substr(kPrefix.size())) {
    if (!is_base64url_char(c)) return false;
  }
  return true;
}

Result<std::string> random_token() {
  std::array<unsigned char, kRandomBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return make_error(ErrorCode::internal, "the random number generator failed; try again");
  }
  return std::string(kPrefix) + base64url(bytes.data(), bytes.size());
}

Result<User> user_by_email(Transaction& tx, std::string_view email) {
  const std::string_view wanted = trim(email);
  auto user = tx.users().find_by_email(wanted);
  if (!user) return std::move(user).error();
  if (!*user) return make_error(ErrorCode::not_found, "no user with email " + std::string(wanted.substr(0, 254)));
  return std::move(**user);
}

}  // namespace

std::string hash_token(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate; an empty hash then matches no token.
  if (EVP_Digest(token.data(), token.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{len} * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

Result<IssuedToken> TokenService::create(std::string_view user_email, std::optional<int> expires_in_days) {
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > kMaxTokenDays)) {
    return make_error(ErrorCode::validation_failed,
                      "expires_in_days must be between 1 and " + std::to_string(kMaxTokenDays) + " (or omitted)");
  }
  return transact<IssuedToken>(db_, TxMode::write, [&](Transaction& tx) -> Result<IssuedToken> {
    auto user = user_by_email(tx, user_email);
    if (!user) return std::move(user).error();
    auto token = random_token();
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
  // A malformed token cannot match a stored hash: refuse it without touching the database.
  if (!well_formed(token)) return rejected();
  const std::string hash = hash_token(token);
  return transact<User>(db_, TxMode::read, [&](Transaction& tx) -> Result<User> {
    auto record = tx.api_tokens().find_by_hash(hash);
    if (!record) return std::move(record).error();
    if (!*record) return rejected();
    const ApiToken& t = **record;
    if (t.revoked_at) return rejected();
    if (t.expires_at && *t.expires_at <= clock_.now()) return rejected();
    auto user = tx.users().find_by_id(t.user_id);
    if (!user) return std::move(user).error();
    if (!*user) return rejected();
    return std::move(**user);
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
