#include "adapters/amqp/amqp_probe.hpp"

#include <optional>
#include <utility>

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "adapters/system/redact_url.hpp"

#include "adapters/system/system_clock.hpp"

namespace veza::adapters {

namespace {

// What is left before the deadline as a timeval; nullopt when nothing is (rabbitmq-c reads a
// NULL timeout as "wait forever", so a zero or negative budget must never reach it).
std::optional<timeval> left(const Clock& clock, health::Deadline deadline) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(deadline - clock.monotonic()).count();
  if (us <= 0) return std::nullopt;
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(us / 1'000'000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>(us % 1'000'000);
  return tv;
}

// Owns a rabbitmq-c connection (and the socket it owns).
struct Connection {
  amqp_connection_state_t state = amqp_new_connection();
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (state != nullptr) amqp_destroy_connection(state);
  }
};

std::string reply_reason(const amqp_rpc_reply_t& reply) {
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NONE: return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION: return amqp_error_string2(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      // The broker's text (ACCESS_REFUSED, NOT_ALLOWED for an unknown vhost) names no password.
      if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD && reply.reply.decoded != nullptr) {
        const auto* close = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
        return std::string(static_cast<const char*>(close->reply_text.bytes), close->reply_text.len);
      }
      return "the broker closed the connection";
    case AMQP_RESPONSE_NORMAL: break;
  }
  return "ok";
}

}  // namespace

Result<AmqpEndpoint> parse_amqp_url(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    return make_error(ErrorCode::invalid_argument, "RabbitMQ URL is malformed: use amqp://user:pass@host:5672/vhost");
  }
  const auto& u = *parsed;
  AmqpEndpoint out;
  out.display = redact_url(url);
  if (u.scheme() != "amqp") {
    return make_error(ErrorCode::invalid_argument, "RabbitMQ URL " + out.display + " is not amqp:// (amqps is not supported)");
  }
  out.host = u.host_address();
  if (out.host.empty()) return make_error(ErrorCode::invalid_argument, "RabbitMQ URL " + out.display + " names no host");
  if (u.has_port()) {
    if (u.port_number() == 0) {
      return make_error(ErrorCode::invalid_argument, "RabbitMQ URL " + out.display + " has an invalid port");
    }
    out.port = u.port_number();
  }
  if (u.has_userinfo()) {
    out.user = u.user();
    out.password = u.password();
  }
  std::string path = u.path();
  if (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (!path.empty()) out.vhost = std::move(path);
  if (u.has_query() || u.has_fragment()) {
    return make_error(ErrorCode::invalid_argument, "RabbitMQ URL " + out.display + ": query options are not supported");
  }
  return out;
}

Result<std::shared_ptr<AmqpProbe>> AmqpProbe::create(std::string_view url, bool critical,
                                                     std::shared_ptr<const Clock> clock) {
  auto endpoint = parse_amqp_url(url);
  if (!endpoint) return std::move(endpoint).error();
  return std::make_shared<AmqpProbe>(std::move(*endpoint), critical, std::move(clock));
}

AmqpProbe::AmqpProbe(AmqpEndpoint endpoint, bool critical, std::shared_ptr<const Clock> clock)
    : endpoint_(std::move(endpoint)),
      critical_(critical),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {}

Result<void> AmqpProbe::check(health::Deadline deadline) {
  const auto down = [&](const std::string& why) {
    return make_error(ErrorCode::unavailable, "RabbitMQ at " + endpoint_.display + ": " + why);
  };
  Connection conn;
  if (conn.state == nullptr) return down("out of memory");
  amqp_socket_t* socket = amqp_tcp_socket_new(conn.state);  // owned by the connection
  if (socket == nullptr) return down("could not create a socket");

  auto budget = left(*clock_, deadline);
  if (!budget) return down("no time left to connect");
  if (const int status = amqp_socket_open_noblock(socket, endpoint_.host.c_str(), endpoint_.port, &*budget);
      status != AMQP_STATUS_OK) {
    return down(std::string("unreachable: ") + amqp_error_string2(status));
  }

  // The handshake (Start, Tune, Open) gets what remains; without a timeout a server that
  // accepted TCP but never speaks would hold us for rabbitmq-c's default of 12 s.
  budget = left(*clock_, deadline);
  if (!budget) return down("connected, but no time left to log in");
  amqp_set_handshake_timeout(conn.state, &*budget);
  amqp_set_rpc_timeout(conn.state, &*budget);
  const amqp_rpc_reply_t login = amqp_login(conn.state, endpoint_.vhost.c_str(), 0, AMQP_DEFAULT_FRAME_SIZE, 0,
                                            AMQP_SASL_METHOD_PLAIN, endpoint_.user.c_str(), endpoint_.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) return down("login failed: " + reply_reason(login));

  // Close politely when there is time, so the broker does not log an abrupt disconnect; the
  // login already proved the dependency, so a failed close does not make it down.
  if (budget = left(*clock_, deadline); budget) {
    amqp_set_rpc_timeout(conn.state, &*budget);
    amqp_connection_close(conn.state, AMQP_REPLY_SUCCESS);
  }
  return ok();
}

}  // namespace veza::adapters
