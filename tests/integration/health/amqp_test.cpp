#include <chrono>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "adapters/amqp/amqp_probe.hpp"
#include "adapters/system/system_clock.hpp"
#include "integration/health/local_servers.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::adapters::AmqpProbe;
using veza::adapters::SystemClock;

namespace {

std::shared_ptr<AmqpProbe> probe_for(const std::string& url) {
  auto p = AmqpProbe::create(url);
  REQUIRE(p);
  return *p;
}

}  // namespace

TEST_SUITE("health") {
  TEST_CASE("health: amqp URL: user, password, host, port and vhost are read, no path is the default vhost") {
    auto e = veza::adapters::parse_amqp_url("amqp://app:p%40ss@mq.internal:5673/shop");
    REQUIRE(e);
    CHECK(e->user == "app");
    CHECK(e->password == "p@ss");
    CHECK(e->host == "mq.internal");
    CHECK(e->port == 5673);
    CHECK(e->vhost == "shop");
    CHECK(e->display == "amqp://app:***@mq.internal:5673/shop");
    for (const char* url : {"amqp://u:p@h", "amqp://u:p@h/", "amqp://u:p@h/%2F"}) {
      INFO(url);
      auto d = veza::adapters::parse_amqp_url(url);
      REQUIRE(d);
      CHECK(d->vhost == "/");
      CHECK(d->port == 5672);
    }
  }

  TEST_CASE("health: amqp URL: another scheme or no host is invalid_argument without the password") {
    for (const char* bad : {"amqps://u:pw456@h/", "http://u:pw456@h/", "amqp://u:pw456@/", "::"}) {
      INFO(bad);
      auto r = veza::adapters::parse_amqp_url(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::invalid_argument);
      CHECK(r.error().message.find("pw456") == std::string::npos);
    }
  }

  TEST_CASE("health: amqp probe: a real RabbitMQ accepts guest on loopback and refuses a wrong password or vhost") {
    auto& broker = veza::testing::RabbitServer::shared();
    const SystemClock clock;
    CHECK(probe_for(broker.url())->check(clock.monotonic() + 2s));

    auto wrong = probe_for(broker.url("guest", "wrong-pass-789"))->check(clock.monotonic() + 2s);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::unavailable);
    CHECK(wrong.error().message.find("wrong-pass-789") == std::string::npos);

    auto vhost = probe_for(broker.url("guest", "guest", "/no-such-vhost"))->check(clock.monotonic() + 2s);
    REQUIRE_FALSE(vhost);
    CHECK(vhost.error().code == ErrorCode::unavailable);
  }

  TEST_CASE("health: amqp probe: a port with nothing listening is down at once") {
    const auto port = veza::testing::free_port();
    const SystemClock clock;
    const auto started = clock.monotonic();
    auto r = probe_for("amqp://guest:guest@127.0.0.1:" + std::to_string(port) + "/")->check(clock.monotonic() + 2s);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    CHECK(clock.monotonic() - started < 1s);  // refused, not timed out
  }

  TEST_CASE("health: amqp probe: a server that accepts TCP but never speaks is down at the deadline, not hung") {
    veza::testing::SilentListener silent;
    const SystemClock clock;
    const auto started = clock.monotonic();
    auto r = probe_for("amqp://guest:guest@127.0.0.1:" + std::to_string(silent.port()) + "/")
                 ->check(clock.monotonic() + 300ms);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    CHECK(clock.monotonic() - started < 2s);
  }

  TEST_CASE("health: amqp probe: no time left before the deadline is down without connecting") {
    const SystemClock clock;
    auto r = probe_for("amqp://guest:guest@127.0.0.1:1/")->check(clock.monotonic() - 1ms);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("no time left") != std::string::npos);
  }
}
