#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <veza/core/clock.hpp>
#include <veza/health/health_probe.hpp>

namespace veza::adapters {

// Where and how to reach one RabbitMQ broker.
struct AmqpEndpoint {
  std::string host;
  std::uint16_t port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";
  std::string display;  // the URL without its password, for messages and logs
};

// amqp://user:pass@host[:port][/vhost] (percent-encoded; no path or "/" is the default vhost
// "/", "/%2F" too). `invalid_argument` otherwise; the message never repeats a password.
VEZA_API Result<AmqpEndpoint> parse_amqp_url(std::string_view url);

// Health probe "rabbitmq": a real AMQP 0-9-1 connection with rabbitmq-c — TCP connect, protocol
// header, Connection.Start/Tune/Open (the login to the vhost) — then Connection.Close, all within
// the deadline: a broker that accepts TCP and never speaks is down at the deadline, not hung.
class VEZA_API AmqpProbe final : public health::HealthProbe {
 public:
  // `invalid_argument` for a malformed URL. `clock` measures what is left before the deadline;
  // it must tell the time the HealthService's clock does (the system clock when null).
  static Result<std::shared_ptr<AmqpProbe>> create(std::string_view url, bool critical = false,
                                                   std::shared_ptr<const Clock> clock = nullptr);
  AmqpProbe(AmqpEndpoint endpoint, bool critical, std::shared_ptr<const Clock> clock);

  [[nodiscard]] std::string name() const override { return "rabbitmq"; }
  [[nodiscard]] bool critical() const override { return critical_; }
  Result<void> check(health::Deadline deadline) override;

 private:
  AmqpEndpoint endpoint_;
  bool critical_;
  std::shared_ptr<const Clock> clock_;
};

}  // namespace veza::adapters
