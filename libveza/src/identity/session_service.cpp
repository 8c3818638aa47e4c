#include <veza/identity/session_service.hpp>

#include <utility>

#include <veza/identity/token_service.hpp>

#include "secret_token.hpp"

namespace veza::identity {
namespace {

constexpr std::string_view kPrefix = "vezas_";

Error rejected() { return make_error(ErrorCode::unauthenticated, "the session is invalid, expired or signed out"); }

}  // namespace

bool SessionService::is_session_token(std::string_view token) noexcept {
  return token.substr(0, kPrefix.size()) == kPrefix;
}

Result<IssuedSession> SessionService::create_in(Transaction& tx, std::string_view user_id) {
  auto token = detail::random_token(kPrefix);
  if (!token) return std::move(token).error();
  IssuedSession issued;
  issued.record.id = ids_.next();
  issued.record.user_id = std::string(user_id);
  issued.record.token_hash = hash_token(*token);
  issued.record.created_at = clock_.now();
  issued.record.expires_at = issued.record.created_at + kSessionLifetime;
  VEZA_TRY_VOID(tx.sessions().insert(issued.record));
  issued.token = std::move(*token);
  return issued;
}

Result<User> SessionService::authenticate(std::string_view token) {
  if (!detail::well_formed(token, kPrefix)) return rejected();
  const std::string hash = hash_token(token);
  return transact<User>(db_, TxMode::read, [&](Transaction& tx) -> Result<User> {
    return detail::user_for_token(tx, tx.sessions(), hash, clock_.now(), rejected());
  });
}

Result<void> SessionService::revoke(std::string_view token) {
  if (!detail::well_formed(token, kPrefix)) return rejected();
  const std::string hash = hash_token(token);
  return db_.run(TxMode::write, [&](Transaction& tx) -> Result<void> {
    auto record = tx.sessions().find_by_hash(hash);
    if (!record) return std::move(record).error();
    const Timestamp now = clock_.now();
    if (!*record || !detail::is_live(**record, now)) return rejected();
    auto revoked = tx.sessions().revoke((*record)->id, now);
    if (!revoked) return std::move(revoked).error();
    return ok();
  });
}

}  // namespace veza::identity
