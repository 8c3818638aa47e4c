#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include <veza/health/health_service.hpp>

#include "adapters/redis/redis_key_value_store.hpp"
#include "adapters/redis/redis_probe.hpp"
#include "adapters/redis/redis_url.hpp"
#include "adapters/system/system_clock.hpp"
#include "integration/health/local_servers.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::adapters::RedisKeyValueStore;
using veza::adapters::RedisProbe;
using veza::adapters::SystemClock;
using veza::testing::RedisServer;

namespace {

veza::health::Deadline in(const veza::Clock& clock, std::chrono::milliseconds d) { return clock.monotonic() + d; }

veza::adapters::RedisStoreOptions store_options(std::chrono::milliseconds backoff, std::chrono::milliseconds timeout = 500ms) {
  veza::adapters::RedisStoreOptions o;
  o.connect_timeout = o.command_timeout = timeout;
  o.reconnect_backoff = backoff;
  return o;
}

veza::adapters::RedisStoreOptions prefixed(std::string prefix) {
  veza::adapters::RedisStoreOptions o;
  o.key_prefix = std::move(prefix);
  return o;
}

std::shared_ptr<RedisProbe> probe_for(const std::string& url) {
  auto p = RedisProbe::create(url);
  REQUIRE(p);
  return *p;
}

}  // namespace

TEST_SUITE("health") {
  TEST_CASE("health: redis URL: host, port, database and password are read, the display hides the password") {
    auto e = veza::adapters::parse_redis_url("redis://:s3cr%40t@cache.internal:6380/2");
    REQUIRE(e);
    CHECK(e->host == "cache.internal");
    CHECK(e->port == 6380);
    CHECK(e->db == 2);
    CHECK(e->user.empty());
    CHECK(e->password == "s3cr@t");
    CHECK(e->display == "redis://:***@cache.internal:6380/2");
    auto d = veza::adapters::parse_redis_url("redis://localhost");
    REQUIRE(d);
    CHECK(d->port == 6379);
    CHECK(d->db == 0);
    CHECK(d->password.empty());
  }

  TEST_CASE("health: redis URL: other schemes, a bad database and no host are invalid_argument without the password") {
    for (const char* bad : {"rediss://:pw123@h:1/0", "redis://:pw123@h:1/zero", "redis://:pw123@/0", "http://h", "::"}) {
      INFO(bad);
      auto r = veza::adapters::parse_redis_url(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::invalid_argument);
      CHECK(r.error().message.find("pw123") == std::string::npos);
    }
  }

  TEST_CASE("health: redis probe: a running redis-server answers PING with PONG") {
    RedisServer server;
    const SystemClock clock;
    CHECK(probe_for(server.url())->check(in(clock, 500ms)));
  }

  TEST_CASE("health: redis probe: the password and database of the URL are used, and a wrong password is down") {
    RedisServer server("hunter2-secret");
    const SystemClock clock;
    const std::string base = "127.0.0.1:" + std::to_string(server.port());
    CHECK(probe_for("redis://:hunter2-secret@" + base + "/3")->check(in(clock, 500ms)));
    auto wrong = probe_for("redis://:not-it-xyz@" + base + "/0")->check(in(clock, 500ms));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::unavailable);
    CHECK(wrong.error().message.find("not-it-xyz") == std::string::npos);
    CHECK_FALSE(probe_for("redis://" + base + "/0")->check(in(clock, 500ms)));  // no AUTH: PING refused
  }

  TEST_CASE("health: redis probe: a stopped server makes the health report degraded within the timeout") {
    RedisServer server;
    const SystemClock clock;
    auto db = std::make_shared<veza::health::FunctionProbe>("db", true, [](veza::health::Deadline) { return veza::ok(); });
    veza::health::HealthOptions options;
    options.probe_timeout = 300ms;
    options.cache_ttl = 0ms;
    veza::health::HealthService service({db, probe_for(server.url())}, clock, options);
    auto up = service.check();
    CHECK(up.status == veza::health::HealthStatus::ok);
    server.stop();
    const auto started = clock.monotonic();
    auto down = service.check();
    CHECK(clock.monotonic() - started < 2s);
    CHECK(down.status == veza::health::HealthStatus::degraded);
    REQUIRE(down.find("redis") != nullptr);
    CHECK(down.find("redis")->status == veza::health::DependencyStatus::down);
  }

  TEST_CASE("health: redis probe: a server that accepts TCP but never answers is down at the deadline, not hung") {
    veza::testing::SilentListener silent;
    const SystemClock clock;
    const auto started = clock.monotonic();
    auto r = probe_for("redis://127.0.0.1:" + std::to_string(silent.port()) + "/0")->check(in(clock, 300ms));
    CHECK_FALSE(r);
    CHECK(clock.monotonic() - started < 2s);
  }

  TEST_CASE("health: redis store: put, get, take once, and keys expire after their TTL") {
    RedisServer server;
    const SystemClock clock;
    auto opened = RedisKeyValueStore::open(server.url(), clock, prefixed("veza:"));
    REQUIRE(opened);
    auto& store = **opened;
    REQUIRE(store.put("state:abc", "verifier-1", 60'000ms));
    CHECK(store.get("state:abc").value() == std::optional<std::string>("verifier-1"));
    CHECK(store.take("state:abc").value() == std::optional<std::string>("verifier-1"));
    CHECK_FALSE(store.take("state:abc").value().has_value());
    REQUIRE(store.put("short", std::string("bin\0ary", 7), 100ms));
    CHECK(store.get("short").value() == std::optional<std::string>(std::string("bin\0ary", 7)));
    std::this_thread::sleep_for(250ms);
    CHECK_FALSE(store.get("short").value().has_value());
    CHECK(store.put("k", "v", 0ms).error().code == ErrorCode::invalid_argument);
  }

  TEST_CASE("health: redis store: of concurrent takes of one key exactly one gets the value") {
    RedisServer server;
    const SystemClock clock;
    auto store = RedisKeyValueStore::open(server.url(), clock);
    REQUIRE(store);
    REQUIRE((*store)->put("once", "v", 60'000ms));
    std::atomic<int> winners{0};
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        auto r = (*store)->take("once");
        if (!r) ++errors;
        else if (r->has_value()) ++winners;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(errors.load() == 0);
    CHECK(winners.load() == 1);
  }

  TEST_CASE("health: redis store: increment counts in a fixed window that restarts once it ends") {
    RedisServer server;
    const SystemClock clock;
    auto store = RedisKeyValueStore::open(server.url(), clock);
    REQUIRE(store);
    auto a = (*store)->increment("rl:1.2.3.4", 300ms);
    REQUIRE(a);
    CHECK(a->count == 1);
    CHECK(a->resets_in > 0ms);
    CHECK(a->resets_in <= 300ms);
    auto b = (*store)->increment("rl:1.2.3.4", 300ms);
    REQUIRE(b);
    CHECK(b->count == 2);
    CHECK(b->resets_in <= a->resets_in);
    std::this_thread::sleep_for(450ms);
    auto c = (*store)->increment("rl:1.2.3.4", 300ms);
    REQUIRE(c);
    CHECK(c->count == 1);
  }

  TEST_CASE("health: redis store: put_if_absent sets a key once until it expires") {
    RedisServer server;
    const SystemClock clock;
    auto store = RedisKeyValueStore::open(server.url(), clock);
    REQUIRE(store);
    CHECK((*store)->put_if_absent("idem:1", "first", 200ms).value());
    CHECK_FALSE((*store)->put_if_absent("idem:1", "second", 200ms).value());
    CHECK((*store)->get("idem:1").value() == std::optional<std::string>("first"));
    std::this_thread::sleep_for(350ms);
    CHECK((*store)->put_if_absent("idem:1", "third", 200ms).value());
  }

  TEST_CASE("health: redis store: an unreachable server is unavailable, fast while backing off") {
    std::uint16_t port = 0;
    {
      RedisServer server;
      port = server.port();
    }
    const SystemClock clock;
    auto store = RedisKeyValueStore::open("redis://127.0.0.1:" + std::to_string(port) + "/0", clock,
                                          store_options(60'000ms, 200ms));
    REQUIRE(store);
    auto first = (*store)->put("k", "v", 1000ms);
    REQUIRE_FALSE(first);
    CHECK(first.error().code == ErrorCode::unavailable);
    auto second = (*store)->take("k");
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::unavailable);
  }

  TEST_CASE("health: redis store: a connection the server dropped is replaced on a later call") {
    const SystemClock clock;
    RedisServer server;
    auto store = RedisKeyValueStore::open(server.url(), clock, store_options(1ms));
    REQUIRE(store);
    REQUIRE((*store)->put("k", "v", 60'000ms));
    // Kill the client connection from the server side; the store's next call fails, the one
    // after reconnects.
    {
      auto admin = veza::adapters::RedisConnection::open(*veza::adapters::parse_redis_url(server.url()), 500ms, 500ms);
      REQUIRE(admin);
      REQUIRE(admin->command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"}));
    }
    auto after = (*store)->get("k");
    if (!after) after = (*store)->get("k");
    REQUIRE(after);
    CHECK(*after == std::optional<std::string>("v"));
  }
}
