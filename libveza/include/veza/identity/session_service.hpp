#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/identity/api_token.hpp>
#include <veza/identity/user.hpp>
#include <veza/persistence/database.hpp>

namespace veza::identity {

// How long a login session lives (issue 8).
inline constexpr std::chrono::days kSessionLifetime{30};

struct IssuedSession {
  std::string token;  // shown once (JSON and cookie); only its hash is stored
  ApiToken record;
};

// Login sessions: opaque `vezas_` tokens, 32 random bytes, SHA-256 stored, 30 days, revocable.
// They are stored like API tokens but in their own table, and told apart by their prefix.
class VEZA_API SessionService {
 public:
  SessionService(IdGenerator& ids, const Clock& clock, Database& db) : ids_(ids), clock_(clock), db_(db) {}

  // Inside the caller's transaction: the OAuth callback creates a user and its session as one.
  Result<IssuedSession> create_in(Transaction& tx, std::string_view user_id);
  // The session's user; `unauthenticated` for a malformed, unknown, revoked or expired session.
  Result<User> authenticate(std::string_view token);
  // Ends the session of `token` (logout); `unauthenticated` when it is not a live session.
  Result<void> revoke(std::string_view token);

  // Whether `token` has the session prefix (the server then asks this service, not TokenService).
  [[nodiscard]] static bool is_session_token(std::string_view token) noexcept;

 private:
  IdGenerator& ids_;
  const Clock& clock_;
  Database& db_;
};

}  // namespace veza::identity
