// The benchmark's reference: the smallest reasonable Boost.Beast HTTP/1.1 server, built like
// veza-server (one I/O thread, a C++20 coroutine per connection, keep-alive, string bodies), so
// run_server_bench.sh can compare veza-server's /api/v1/health with it on the same machine.
//
//   beast_hello_server [HOST:PORT]   (default 127.0.0.1:0; logs `listening on HOST:PORT` to stderr)
#include <csignal>
#include <iostream>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

net::awaitable<void> session(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  for (;;) {
    stream.expires_after(std::chrono::seconds(60));
    http::request<http::string_body> req;
    auto [ec, n] = co_await http::async_read(stream, buffer, req, use_tuple);
    if (ec) break;
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::server, "beast-hello");
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = R"({"status":"ok"})";
    res.prepare_payload();
    auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
    if (wec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (!acceptor.is_open()) co_return;
    if (ec) continue;
    // The reference server needs no drain: a session that fails just ends.
    net::co_spawn(acceptor.get_executor(), session(beast::tcp_stream(std::move(socket))), net::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string addr = argc > 1 ? argv[1] : "127.0.0.1:0";
  const auto colon = addr.rfind(':');
  net::io_context ioc{1};
  tcp::acceptor acceptor(ioc, {net::ip::make_address(addr.substr(0, colon)),
                               static_cast<unsigned short>(std::stoul(addr.substr(colon + 1)))});
  const auto local = acceptor.local_endpoint();
  std::cerr << "listening on " << local.address().to_string() << ":" << local.port() << std::endl;
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { ioc.stop(); });
  net::co_spawn(ioc, listen(acceptor), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  ioc.run();
  return 0;
}
