#pragma once
// What every handler may use: the runtime's services and the server's own state.
#include <atomic>
#include <chrono>

#include <veza/identity/user.hpp>
#include <veza/runtime/runtime.hpp>

#include "http_types.hpp"

namespace veza::server {

enum class ServerState { starting, ready, draining };

struct AppContext {
  Runtime& runtime;
  std::atomic<ServerState> state{ServerState::starting};
  std::chrono::steady_clock::time_point started_at{};
};

// The session cookie the OAuth callback sets.
inline constexpr std::string_view kSessionCookie = "veza_session";

// The caller behind `Authorization: Bearer <token>` (an API token or a session) or the session
// cookie; `unauthenticated` when absent or invalid, `forbidden` for a cookie-signed POST, PUT
// or DELETE whose Origin is not ours.
Result<identity::User> authenticate(const Request& request, AppContext& app);
// The client's address: the peer, or, when the peer is one of VEZA_TRUSTED_PROXIES, the
// address its X-Forwarded-For names (rate limits must count clients, not the proxy).
std::string client_address(const Request& request, const AppContext& app);
// The Bearer token, if the request sends an Authorization header (empty when malformed).
std::optional<std::string> presented_token(const Request& request);

}  // namespace veza::server
