// Tests veza/core/in_process_key_value_store.hpp: kept with the health module's tests because one
// owner wrote the KeyValueStore port and its adapters together.
#include <veza/core/in_process_key_value_store.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "support/fake_clock.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::InProcessKeyValueStore;
using veza::testing::FakeClock;

TEST_SUITE("health") {
  TEST_CASE("health: in-process store: a key lives until its TTL and is gone after") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    REQUIRE(store.put("k", "v", 1000ms));
    clock.advance(999ms);
    auto got = store.get("k");
    REQUIRE(got);
    CHECK(*got == std::optional<std::string>("v"));
    clock.advance(1ms);
    got = store.get("k");
    REQUIRE(got);
    CHECK_FALSE(got->has_value());
    CHECK(store.size() == 0);
  }

  TEST_CASE("health: in-process store: put replaces the value and restarts the TTL") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    REQUIRE(store.put("k", "one", 100ms));
    clock.advance(90ms);
    REQUIRE(store.put("k", "two", 100ms));
    clock.advance(90ms);
    CHECK(store.get("k").value() == std::optional<std::string>("two"));
  }

  TEST_CASE("health: in-process store: take returns the value once") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    REQUIRE(store.put("state", "verifier", 60'000ms));
    CHECK(store.take("state").value() == std::optional<std::string>("verifier"));
    CHECK_FALSE(store.take("state").value().has_value());
    CHECK_FALSE(store.get("state").value().has_value());
  }

  TEST_CASE("health: in-process store: take of an expired key finds nothing") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    REQUIRE(store.put("state", "verifier", 10ms));
    clock.advance(10ms);
    CHECK_FALSE(store.take("state").value().has_value());
  }

  TEST_CASE("health: in-process store: of concurrent takes of one key exactly one gets the value") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    REQUIRE(store.put("state", "v", 60'000ms));
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        auto r = store.take("state");
        if (r && r->has_value()) ++winners;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(winners.load() == 1);
  }

  TEST_CASE("health: in-process store: increment counts within a fixed window and restarts after it") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    auto a = store.increment("login:1.2.3.4", 60'000ms);
    REQUIRE(a);
    CHECK(a->count == 1);
    CHECK(a->resets_in == 60'000ms);
    clock.advance(20'000ms);
    auto b = store.increment("login:1.2.3.4", 60'000ms);
    REQUIRE(b);
    CHECK(b->count == 2);
    CHECK(b->resets_in == 40'000ms);  // the window is not extended
    CHECK(store.increment("login:5.6.7.8", 60'000ms)->count == 1);
    clock.advance(40'000ms);
    auto c = store.increment("login:1.2.3.4", 60'000ms);
    REQUIRE(c);
    CHECK(c->count == 1);
    CHECK(c->resets_in == 60'000ms);
  }

  TEST_CASE("health: in-process store: put_if_absent sets only an absent or expired key") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    CHECK(store.put_if_absent("idem", "first", 100ms).value());
    CHECK_FALSE(store.put_if_absent("idem", "second", 100ms).value());
    CHECK(store.get("idem").value() == std::optional<std::string>("first"));
    clock.advance(100ms);
    CHECK(store.put_if_absent("idem", "third", 100ms).value());
    CHECK(store.get("idem").value() == std::optional<std::string>("third"));
  }

  TEST_CASE("health: in-process store: a TTL or window that is not positive is invalid_argument") {
    FakeClock clock;
    InProcessKeyValueStore store(clock);
    auto p = store.put("k", "v", 0ms);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == ErrorCode::invalid_argument);
    CHECK(store.increment("k", -1ms).error().code == ErrorCode::invalid_argument);
    CHECK(store.put_if_absent("k", "v", 0ms).error().code == ErrorCode::invalid_argument);
  }
}
