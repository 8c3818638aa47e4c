#include "server.hpp"

#include <csignal>
#include <exception>
#include <list>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>

#include <veza/core/logger.hpp>

#include "http_session.hpp"

namespace veza::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}
}  // namespace

struct Server::Impl {
  Impl(AppContext& a, const Router& r, const Config& c)
      : app(a),
        config(c),
        pool(worker_threads_for(c)),
        provider_pool(c.provider_threads),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        deadline(ioc),
        request_ids(a.runtime.clock()),
        env{a, r, c, pool, provider_pool, request_ids, seconds(c.header_timeout_s), seconds(c.idle_timeout_s),
            &a.runtime.metrics().gauge("http_server_active_requests", "HTTP requests being served"), {}, {}} {}

  net::awaitable<void> accept_loop();
  void spawn_session(tcp::socket socket);
  void wait_signal();
  void begin_drain(int signal_number);
  void cut_connections(const char* why);
  void finish_if_drained();

  AppContext& app;
  const Config& config;
  net::io_context ioc{1};
  net::thread_pool pool;           // database and file work
  net::thread_pool provider_pool;  // routes that call a payment or sign-in provider
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer deadline;
  Uuid7Generator request_ids;
  SessionEnv env;
  std::list<std::shared_ptr<Connection>> connections;  // I/O thread only
  int exit_code = 0;
};

net::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(net::as_tuple(net::use_awaitable));
    if (!acceptor.is_open()) co_return;  // closed by the drain
    if (ec) {
      // EMFILE and friends: log and keep accepting (a timer-less retry would spin, so pause briefly).
      app.runtime.logger().log(LogLevel::warn, "accept failed", {{"error", ec.message()}});
      net::steady_timer pause(ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(net::use_awaitable);
      continue;
    }
    spawn_session(std::move(socket));
  }
}

void Server::Impl::spawn_session(tcp::socket socket) {
  auto conn = std::make_shared<Connection>(boost::beast::tcp_stream(std::move(socket)));
  connections.push_front(conn);
  auto it = connections.begin();
  net::co_spawn(ioc, serve_connection(conn, env), [this, it](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        app.runtime.logger().log(LogLevel::error, "connection failed", {{"what", ex.what()}});
      }
    }
    connections.erase(it);
    finish_if_drained();
  });
}

void Server::Impl::wait_signal() {
  signals.async_wait([this](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;  // cancelled: the drain finished
    begin_drain(signal_number);
  });
}

void Server::Impl::begin_drain(int signal_number) {
  if (app.state.load() == ServerState::draining) {
    cut_connections("second signal");
    return;
  }
  app.state.store(ServerState::draining);  // /readyz answers 503 from now on
  app.runtime.logger().log(LogLevel::info, "draining",
                           {{"signal", std::to_string(signal_number)},
                            {"connections", std::to_string(connections.size())},
                            {"deadline_s", std::to_string(config.shutdown_timeout_s)}});
  boost::system::error_code ignored;
  acceptor.close(ignored);  // new connections are refused
  for (auto& c : connections) {
    if (c->idle) c->stream.socket().close(ignored);  // in-flight requests run to completion
  }
  deadline.expires_after(seconds(config.shutdown_timeout_s));
  deadline.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) cut_connections("shutdown deadline passed");
  });
  wait_signal();
  finish_if_drained();
}

void Server::Impl::cut_connections(const char* why) {
  app.runtime.logger().log(LogLevel::warn, "cutting connections",
                           {{"reason", why}, {"connections", std::to_string(connections.size())}});
  exit_code = 1;
  ioc.stop();
}

void Server::Impl::finish_if_drained() {
  if (app.state.load() != ServerState::draining || !connections.empty()) return;
  deadline.cancel();
  signals.cancel();
}

Server::Server(AppContext& app, const Router& router, const Config& config)
    : impl_(std::make_unique<Impl>(app, router, config)) {}

Server::~Server() = default;

Result<std::string> Server::listen() {
  const std::string& addr = impl_->config.http_addr;
  const auto colon = addr.rfind(':');
  std::string host = addr.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port = static_cast<unsigned short>(std::stoul(addr.substr(colon + 1)));
  boost::system::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return make_error(ErrorCode::invalid_argument, "VEZA_HTTP_ADDR: '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, port);
  auto& acc = impl_->acceptor;
  if (acc.open(endpoint.protocol(), ec); ec) {
    return make_error(ErrorCode::unavailable, "cannot open a socket: " + ec.message());
  }
  acc.set_option(net::socket_base::reuse_address(true), ec);
  if (acc.bind(endpoint, ec); ec) {
    return make_error(ErrorCode::unavailable, "cannot listen on " + addr + ": " + ec.message());
  }
  if (acc.listen(net::socket_base::max_listen_connections, ec); ec) {
    return make_error(ErrorCode::unavailable, "cannot listen on " + addr + ": " + ec.message());
  }
  const auto local = acc.local_endpoint();
  const std::string shown_host = local.address().is_v6() ? "[" + local.address().to_string() + "]"
                                                         : local.address().to_string();
  return shown_host + ":" + std::to_string(local.port());
}

int Server::run() {
  auto& s = *impl_;
  net::co_spawn(s.ioc, s.accept_loop(), [&s](std::exception_ptr e) {
    if (e) s.app.runtime.logger().log(LogLevel::error, "accept loop ended unexpectedly");
  });
  s.wait_signal();
  s.ioc.run();
  // Blocking work still queued on the pool finishes before the runtime (and its DB pool) goes.
  s.pool.join();
  s.provider_pool.join();
  s.app.runtime.logger().log(LogLevel::info, "stopped", {{"exit_code", std::to_string(s.exit_code)}});
  return s.exit_code;
}

}  // namespace veza::server
