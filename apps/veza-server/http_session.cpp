#include "http_session.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <span>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>

namespace veza::server {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Runs a blocking call on the worker pool and resumes the session on its own executor.
template <class F>
net::awaitable<std::invoke_result_t<F&>> on_pool(net::thread_pool& pool, F f) {
  using R = std::invoke_result_t<F&>;
  co_return co_await net::co_spawn(
      pool.get_executor(), [f = std::move(f)]() mutable -> net::awaitable<R> { co_return f(); }, net::use_awaitable);
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Request to_request(const http::request_parser<http::empty_body>::value_type& head, const Connection& conn,
                   IdGenerator& ids) {
  Request r;
  r.method = std::string(head.method_string());
  const std::string_view target = head.target();
  const auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  for (const auto& field : head) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  const auto incoming = r.header("x-request-id");
  r.request_id = incoming && valid_request_id(*incoming) ? std::string(*incoming) : ids.next();
  r.client_addr = conn.client_addr;
  return r;
}

// A parse error in the request head deserves a 400 (431 for its size), not a silent close: a bad
// Content-Length, Transfer-Encoding or chunk header, an obsolete line fold, a bad field or target.
// The client hanging up (end_of_stream, partial_message), timeouts and socket errors are not
// answered.
bool is_malformed_head(const beast::error_code& ec) {
  static const auto& http_category = make_error_code(http::error::end_of_stream).category();
  if (!ec || ec.category() != http_category) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message && ec != http::error::need_more &&
         ec != http::error::need_buffer;
}

// Parses the head from what the buffer already holds. The whole head nearly always comes with the
// first read, and then it needs no asynchronous read (a timer, a scheduler round trip and a
// coroutine resumption per request); an incomplete head is left for async_read_header.
beast::error_code parse_buffered_head(http::request_parser<http::empty_body>& head, beast::flat_buffer& buffer) {
  beast::error_code ec;
  buffer.consume(head.put(buffer.data(), ec));
  if (ec == http::error::need_more) ec = {};
  return ec;
}

bool has_body(const http::request_parser<http::empty_body>& p) {
  return p.chunked() || (p.content_length() && *p.content_length() > 0);
}

net::awaitable<void> send_continue_if_expected(Connection& conn, const Request& req) {
  const auto expect = req.header("expect");
  if (expect && (*expect == "100-continue" || *expect == "100-Continue")) {
    http::response<http::empty_body> cont{http::status::continue_, 11};
    co_await http::async_write(conn.stream, cont, use_tuple);
  }
}

// Reads a JSON body whole, under VEZA_MAX_BODY_BYTES.
net::awaitable<Result<void>> read_body(Connection& conn, beast::flat_buffer& buffer,
                                       http::request_parser<http::empty_body>& head, Request& req,
                                       const SessionEnv& env) {
  if (head.content_length() && *head.content_length() > env.config.max_body_bytes) {
    co_return make_error(ErrorCode::too_large, "the body is larger than " + std::to_string(env.config.max_body_bytes) +
                                                   " bytes (VEZA_MAX_BODY_BYTES)");
  }
  co_await send_continue_if_expected(conn, req);
  http::request_parser<http::string_body> body{std::move(head)};
  body.body_limit(env.config.max_body_bytes);
  conn.stream.expires_after(env.idle_timeout);
  auto [ec, n] = co_await http::async_read(conn.stream, buffer, body, use_tuple);
  if (ec == http::error::body_limit) {
    co_return make_error(ErrorCode::too_large, "the body is larger than " + std::to_string(env.config.max_body_bytes) +
                                                   " bytes (VEZA_MAX_BODY_BYTES)");
  }
  if (ec) co_return make_error(ErrorCode::invalid_argument, "could not read the request body: " + ec.message());
  req.body = std::move(body.get().body());
  co_return ok();
}

// Streams an upload in chunks to the BlobStore writer on the worker pool: never the whole file
// in memory, and the route refuses (auth, type) before a single body byte is read.
net::awaitable<Response> stream_upload(Connection& conn, beast::flat_buffer& buffer,
                                       http::request_parser<http::empty_body>& head, Request& req, const Route& route,
                                       SessionEnv& env, bool& keep_alive) {
  const std::uint64_t limit = env.config.max_upload_bytes;
  keep_alive = false;  // any early answer leaves body bytes unread
  if (head.content_length() && *head.content_length() > limit) {
    co_return error_response(make_error(ErrorCode::too_large, "the upload is larger than " + std::to_string(limit) +
                                                                  " bytes (VEZA_MAX_UPLOAD_BYTES)"));
  }
  auto writer = co_await on_pool(env.pool, [&] { return route.upload.open(req, env.app); });
  if (!writer) co_return error_response(writer.error());
  co_await send_continue_if_expected(conn, req);
  http::request_parser<http::buffer_body> body{std::move(head)};
  body.body_limit(limit);
  std::vector<std::byte> chunk(kChunkBytes);
  while (!body.is_done()) {
    body.get().body().data = chunk.data();
    body.get().body().size = chunk.size();
    conn.stream.expires_after(env.idle_timeout);
    auto [ec, n] = co_await http::async_read(conn.stream, buffer, body, use_tuple);
    if (ec == http::error::need_buffer) ec = {};
    if (ec == http::error::body_limit) {
      co_return error_response(make_error(ErrorCode::too_large, "the upload is larger than " + std::to_string(limit) +
                                                                    " bytes (VEZA_MAX_UPLOAD_BYTES)"));
    }
    if (ec) co_return error_response(make_error(ErrorCode::invalid_argument, "the upload was cut: " + ec.message()));
    const std::size_t got = chunk.size() - body.get().body().size;
    if (got == 0) continue;
    auto wrote = co_await on_pool(env.pool, [&] { return (*writer)->write(std::span(chunk.data(), got)); });
    if (!wrote) co_return error_response(wrote.error());
  }
  keep_alive = body.get().keep_alive();
  auto blob = co_await on_pool(env.pool, [&] { return (*writer)->commit(); });
  if (!blob) co_return error_response(blob.error());
  co_return co_await on_pool(env.pool, [&] { return route.upload.finish(req, env.app, *blob); });
}

template <class Message>
void set_common_fields(Message& m, const Response& res, const Request& req, bool keep_alive) {
  // A fresh message: insert, not set (which first searches for the field to replace).
  m.insert(http::field::server, "veza");
  m.insert("X-Request-Id", req.request_id);
  m.insert(http::field::content_type, res.content_type);
  for (const auto& [k, v] : res.headers) m.set(k, v);
  m.keep_alive(keep_alive);
}

net::awaitable<beast::error_code> write_response(Connection& conn, Response& res, const Request& req, bool keep_alive,
                                                 unsigned version, SessionEnv& env) {
  conn.stream.expires_after(env.idle_timeout);
  // HEAD: the GET answer's head, Content-Length included, and no body (RFC 9110 §9.3.2).
  const bool head_only = req.method == "HEAD";
  if (!res.stream) {
    http::response<http::string_body> m{static_cast<http::status>(res.status), version};
    set_common_fields(m, res, req, keep_alive);
    m.body() = std::move(res.body);
    m.prepare_payload();
    if (head_only) {
      http::response_serializer<http::string_body> sr{m};
      auto [ec, n] = co_await http::async_write_header(conn.stream, sr, use_tuple);
      co_return ec;
    }
    auto [ec, n] = co_await http::async_write(conn.stream, m, use_tuple);
    co_return ec;
  }
  // Streamed body (downloads): the header, then chunks read on the worker pool.
  http::response<http::buffer_body> m{static_cast<http::status>(res.status), version};
  set_common_fields(m, res, req, keep_alive);
  m.content_length(res.stream->size());
  m.body().data = nullptr;
  m.body().more = true;
  http::response_serializer<http::buffer_body> sr{m};
  auto [hec, hn] = co_await http::async_write_header(conn.stream, sr, use_tuple);
  if (hec || head_only) co_return hec;
  std::vector<std::byte> chunk(kChunkBytes);
  for (;;) {
    auto got = co_await on_pool(env.pool, [&] { return res.stream->read(chunk); });
    if (!got) co_return beast::error_code(net::error::operation_aborted);  // cannot finish: cut the connection
    m.body().data = *got ? chunk.data() : nullptr;
    m.body().size = *got;
    m.body().more = *got != 0;
    conn.stream.expires_after(env.idle_timeout);
    auto [ec, n] = co_await http::async_write(conn.stream, sr, use_tuple);
    if (ec == http::error::need_buffer) ec = {};
    if (ec) co_return ec;
    if (*got == 0) co_return beast::error_code{};
  }
}

// OpenTelemetry's rule for the method label: a closed set, anything else is _OTHER, so a client
// cannot grow the series count; the route is the template, never the raw path.
std::string_view method_label(std::string_view m) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    if (m == known) return known;
  }
  return "_OTHER";
}

// Milliseconds with six decimals ("0.016051"), as std::to_string(double) wrote them, from the
// whole nanoseconds: integer formatting, without vsnprintf or floating-point formatting.
void write_milliseconds(std::string& out, std::chrono::steady_clock::duration took) {
  const long long ns = std::max<long long>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(took).count());
  std::array<char, 32> buf{};
  char* end = std::to_chars(buf.data(), buf.data() + buf.size(), ns / 1'000'000).ptr;
  *end++ = '.';
  const long long frac = ns % 1'000'000;
  for (long long div = 100'000; div > 0; div /= 10) *end++ = static_cast<char>('0' + (frac / div) % 10);
  out.assign(buf.data(), end);
}

void record(SessionEnv& env, const Request& req, const Route* route, unsigned status,
            std::chrono::steady_clock::duration took) {
  const double ms = std::chrono::duration<double, std::milli>(took).count();
  const std::string_view route_label = route ? std::string_view(route->path_template) : "unmatched";
  const std::string_view method = method_label(req.method);
  // Instruments are looked up once per (method, route, status) and kept: the series set is
  // closed (route templates, known methods), so this cache stays small. I/O thread only.
  const InstrumentKey key{route, method, status};
  auto it = env.instruments.find(key);
  if (it == env.instruments.end()) {
    Metrics& metrics = env.app.runtime.metrics();
    const MetricLabels labels{
        {"method", std::string(method)}, {"route", std::string(route_label)}, {"status", std::to_string(status)}};
    Counter& requests =
        metrics.counter("http_server_requests_total", "HTTP requests served, by method, route template and status", labels);
    Histogram& duration = metrics.histogram("http_server_request_duration_seconds",
                                            "Time to serve an HTTP request, by method, route and status", labels,
                                            default_latency_buckets());
    it = env.instruments.emplace(key, RequestInstruments{&requests, &duration}).first;
  }
  it->second.requests->increment();
  it->second.duration->observe(ms / 1000.0);
  // The access log's fields, filled in place: the strings keep their capacity between requests.
  LogFields& f = env.access_log_fields;
  if (f.empty()) f = {{"method", ""}, {"route", ""}, {"status", ""}, {"duration_ms", ""}, {"request_id", ""}};
  f[0].second = req.method;
  f[1].second = route_label;
  std::array<char, 16> digits{};
  f[2].second.assign(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), status).ptr);
  write_milliseconds(f[3].second, took);
  f[4].second = req.request_id;
  env.app.runtime.logger().log(LogLevel::info, "request", f);
}

}  // namespace

net::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, SessionEnv& env) {
  {
    beast::error_code ec;  // once per connection, not per request (a getpeername each)
    const auto ep = conn->stream.socket().remote_endpoint(ec);
    if (!ec) conn->client_addr = ep.address().to_string();
  }
  beast::flat_buffer buffer;
  for (;;) {
    conn->idle = true;
    if (env.app.state.load() == ServerState::draining) break;
    if (buffer.size() == 0) {
      // Idle keep-alive: wait for the first byte of the next request.
      conn->stream.expires_after(env.idle_timeout);
      auto [ec, n] = co_await conn->stream.async_read_some(buffer.prepare(4096), use_tuple);
      if (ec) break;
      buffer.commit(n);
    }
    conn->idle = false;
    http::request_parser<http::empty_body> head;
    head.header_limit(kMaxHeaderBytes);
    head.body_limit(boost::none);  // checked per route once the route is known
    beast::error_code ec = parse_buffered_head(head, buffer);
    if (!ec && !head.is_header_done()) {
      // The rest of the head must arrive within the header timeout: a slow-header client is cut off.
      conn->stream.expires_after(env.header_timeout);
      auto [read_ec, n] = co_await http::async_read_header(conn->stream, buffer, head, use_tuple);
      ec = read_ec;
    }
    if (is_malformed_head(ec)) {
      Request bad;
      bad.request_id = env.request_ids.next();
      Response res = ec == http::error::header_limit
                         ? error_response(make_error(ErrorCode::too_large, "the request head is too large", "header_too_large"))
                         : error_response(make_error(ErrorCode::invalid_argument, "malformed HTTP request"));
      if (ec == http::error::header_limit) res.status = 431;
      co_await write_response(*conn, res, bad, false, 11, env);
      break;
    }
    if (ec) break;  // closed, timed out, or garbage: nothing to answer
    const auto t0 = env.app.runtime.clock().monotonic();
    Gauge& active = *env.active_requests;
    active.increment();
    Request req = to_request(head.get(), *conn, env.request_ids);
    const unsigned version = head.get().version();
    bool keep_alive = head.get().keep_alive();
    Response res;
    const Route* matched = nullptr;
    try {
      const RouteMatch match = env.router.match(req);
      matched = match.route;
      if (!match.route) {
        res = match.path_known
                  ? error_response(make_error(ErrorCode::invalid_argument, "method not allowed; use " + match.allow,
                                                       "method_not_allowed"))
                  : error_response(make_error(ErrorCode::not_found, "no such route: " + req.path));
        if (match.path_known) {
          res.status = 405;
          res.headers.emplace_back("Allow", match.allow);
        }
        if (has_body(head)) keep_alive = false;
      } else if (match.route->upload.open) {
        res = co_await stream_upload(*conn, buffer, head, req, *match.route, env, keep_alive);
      } else {
        Result<void> body = ok();
        if (has_body(head)) {
          body = co_await read_body(*conn, buffer, head, req, env);
          if (!body) keep_alive = false;
        }
        if (!body) {
          res = error_response(body.error());
        } else if (match.route->runs_inline) {
          res = match.route->handler(req, env.app);
        } else if (auto fast = match.route->fast_path ? match.route->fast_path(req, env.app) : std::nullopt) {
          res = std::move(*fast);
        } else {
          const Route* route = match.route;
          res = co_await on_pool(route->calls_provider ? env.provider_pool : env.pool,
                                 [&] { return route->handler(req, env.app); });
        }
      }
    } catch (const std::exception& e) {
      // The boundary: a handler bug becomes a 500 JSON answer and a log line, never a crash.
      env.app.runtime.logger().log(LogLevel::error, "handler failed",
                                   {{"request_id", req.request_id}, {"route", req.route}, {"what", e.what()}});
      res = error_response(make_error(ErrorCode::internal, "internal error; request id " + req.request_id));
      keep_alive = false;
    }
    if (env.app.state.load() == ServerState::draining) keep_alive = false;
    const auto wrote = co_await write_response(*conn, res, req, keep_alive, version, env);
    active.decrement();
    record(env, req, matched, res.status, env.app.runtime.clock().monotonic() - t0);
    if (wrote || !keep_alive) break;
  }
  beast::error_code ignored;
  conn->stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace veza::server
