#pragma once
// Real servers for the health integration tests, each owned by an RAII object: the destructor
// stops every process it started (and epmd, which RabbitMQ leaves behind) and removes its temp
// dir, also when the test failed. A server that cannot start throws, which fails the test case.
#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>

namespace veza::testing {

// A loopback TCP port nothing listens on right now (bind to 0, read it back, close).
std::uint16_t free_port();

// A listening socket nobody ever accepts or answers: the kernel completes the TCP handshake,
// then nothing; a client waiting for the server to speak first (AMQP, a Redis reply) hangs.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// redis-server on 127.0.0.1 and a free port, no persistence.
class RedisServer {
 public:
  // `requirepass`: when not empty, clients must AUTH with it.
  explicit RedisServer(const std::string& requirepass = "");
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }
  // Stops the server now (SIGTERM, then waits for it).
  void stop();

 private:
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

// rabbitmq-server as user rabbitmq in a temp dir it owns, on free AMQP, distribution and epmd
// ports (its own epmd, so stopping it touches no other), started once per test process.
class RabbitServer {
 public:
  // The process-wide instance, started on first use (about 6 s); stopped at exit.
  static RabbitServer& shared();
  ~RabbitServer();
  RabbitServer(const RabbitServer&) = delete;
  RabbitServer& operator=(const RabbitServer&) = delete;
  [[nodiscard]] std::uint16_t port() const { return amqp_port_; }
  [[nodiscard]] std::string url(const std::string& user = "guest", const std::string& password = "guest",
                                const std::string& vhost_path = "/") const {
    return "amqp://" + user + ":" + password + "@127.0.0.1:" + std::to_string(amqp_port_) + vhost_path;
  }

 private:
  RabbitServer();
  void start();
  void stop();
  std::string dir_;
  std::uint16_t amqp_port_ = 0;
  std::uint16_t epmd_port_ = 0;
  pid_t pid_ = -1;
};

// Whether a TCP connect to 127.0.0.1:port succeeds.
bool accepts_connections(std::uint16_t port);

}  // namespace veza::testing
