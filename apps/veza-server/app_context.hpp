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

// The caller behind `Authorization: Bearer <token>`; `unauthenticated` when absent or invalid.
Result<identity::User> authenticate(const Request& request, AppContext& app);

}  // namespace veza::server
