#pragma once
// The HTTP server: one I/O thread running a coroutine per connection, a worker pool for the
// blocking service calls, and the graceful drain on SIGTERM/SIGINT. Beast and Asio stay in
// server.cpp and http_session.cpp (a pimpl keeps them out of this header).
#include <memory>
#include <string>

#include <veza/core/result.hpp>
#include <veza/runtime/config.hpp>

namespace veza::server {

struct AppContext;
class Router;

class Server {
 public:
  Server(AppContext& app, const Router& router, const Config& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on config.http_addr; returns the bound "HOST:PORT" (port 0 → the chosen one).
  Result<std::string> listen();
  // Serves until a signal drains the server; 0 after a clean drain, 1 when the deadline or a
  // second signal cut connections.
  int run();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace veza::server
