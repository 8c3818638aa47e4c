#pragma once
// Internal to veza-server: the state the listener and the per-connection coroutines share.
// Everything here runs on the single I/O thread, so it needs no locks.
#include <chrono>
#include <list>
#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <veza/core/id.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/runtime/config.hpp>

#include "app_context.hpp"
#include "router.hpp"

namespace veza::server {

struct Connection {
  explicit Connection(boost::beast::tcp_stream s) : stream(std::move(s)) {}
  boost::beast::tcp_stream stream;
  std::string client_addr;  // the peer's address, read once when the connection starts
  bool idle = true;         // waiting for the next request: closed at once by a drain
};

struct RequestInstruments {
  Counter* requests;
  Histogram* duration;
};

// One series of the request metrics: the matched route (nullptr: none matched), the method
// label (one of method_label's literals) and the status. Cheap to hash: no string is built.
struct InstrumentKey {
  const Route* route;
  std::string_view method;
  unsigned status;
  bool operator==(const InstrumentKey&) const = default;
};

struct InstrumentKeyHash {
  std::size_t operator()(const InstrumentKey& k) const noexcept {
    const std::size_t h = std::hash<const Route*>{}(k.route) ^ (std::hash<std::string_view>{}(k.method) << 1);
    return h ^ (std::hash<unsigned>{}(k.status) << 2);
  }
};

struct SessionEnv {
  AppContext& app;
  const Router& router;
  const Config& config;
  boost::asio::thread_pool& pool;           // database and file work
  boost::asio::thread_pool& provider_pool;  // Route::calls_provider
  IdGenerator& request_ids;
  std::chrono::steady_clock::duration header_timeout;
  std::chrono::steady_clock::duration idle_timeout;
  Gauge* active_requests;
  std::unordered_map<InstrumentKey, RequestInstruments, InstrumentKeyHash> instruments;
  LogFields access_log_fields;  // reused for every access-log line (no allocations once warm)
};

// Serves one connection until it closes, times out, or the server drains.
boost::asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, SessionEnv& env);

}  // namespace veza::server
