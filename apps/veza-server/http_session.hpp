#pragma once
// Internal to veza-server: the state the listener and the per-connection coroutines share.
// Everything here runs on the single I/O thread, so it needs no locks.
#include <chrono>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <veza/core/id.hpp>
#include <veza/core/metrics.hpp>
#include <veza/runtime/config.hpp>

#include "app_context.hpp"
#include "router.hpp"

namespace veza::server {

struct Connection {
  explicit Connection(boost::beast::tcp_stream s) : stream(std::move(s)) {}
  boost::beast::tcp_stream stream;
  bool idle = true;  // waiting for the next request: closed at once by a drain
};

struct RequestInstruments {
  Counter* requests;
  Histogram* duration;
};

struct SessionEnv {
  AppContext& app;
  const Router& router;
  const Config& config;
  boost::asio::thread_pool& pool;
  IdGenerator& request_ids;
  std::chrono::steady_clock::duration header_timeout;
  std::chrono::steady_clock::duration idle_timeout;
  Gauge* active_requests;
  std::unordered_map<std::string, RequestInstruments> instruments;  // by "METHOD route status"
};

// Serves one connection until it closes, times out, or the server drains.
boost::asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, SessionEnv& env);

}  // namespace veza::server
