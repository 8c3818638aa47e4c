#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <veza/core/idempotency.hpp>
#include <veza/core/in_process_key_value_store.hpp>

#include "support/fake_clock.hpp"

using veza::IdempotencyKeys;
using veza::StoredAnswer;
using Verdict = veza::IdempotencyKeys::Verdict;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  veza::testing::FakeClock clock;
  veza::InProcessKeyValueStore store{clock};
  IdempotencyKeys keys{store, nullptr, 24h, 2min};
};

const std::string kRequest = "POST /api/v1/orders\n{\"items\":[{\"product_id\":\"p\"}]}";

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("idempotency: the first request runs, its repeat replays the kept answer, Location included") {
    Fixture f;
    auto first = f.keys.claim("checkout:u1", "k-1", kRequest);
    REQUIRE(first);
    CHECK(first->verdict == Verdict::run);
    REQUIRE(f.keys.finish("checkout:u1", "k-1", kRequest, StoredAnswer{201, "/api/v1/orders/o1", "{\"id\":\"o1\"}\n"}));
    auto again = f.keys.claim("checkout:u1", "k-1", kRequest);
    REQUIRE(again);
    CHECK(again->verdict == Verdict::replay);
    CHECK(again->answer.status == 201);
    CHECK(again->answer.location == "/api/v1/orders/o1");
    CHECK(again->answer.body == "{\"id\":\"o1\"}\n");
    // Scopes keep users apart: the same key of another user is a first use.
    CHECK(f.keys.claim("checkout:u2", "k-1", kRequest)->verdict == Verdict::run);
  }

  TEST_CASE("idempotency: the key with another request is a mismatch, running or answered") {
    Fixture f;
    REQUIRE(f.keys.claim("s", "k", kRequest));
    CHECK(f.keys.claim("s", "k", kRequest + " ")->verdict == Verdict::mismatch);
    REQUIRE(f.keys.finish("s", "k", kRequest, StoredAnswer{202, "", "{}"}));
    CHECK(f.keys.claim("s", "k", "POST /other\n{}")->verdict == Verdict::mismatch);
  }

  TEST_CASE("idempotency: a repeat while the first runs is in progress, until the claim expires") {
    Fixture f;
    REQUIRE(f.keys.claim("s", "k", kRequest)->verdict == Verdict::run);
    CHECK(f.keys.claim("s", "k", kRequest)->verdict == Verdict::in_progress);
    f.clock.advance(2min + 1ms);  // the first died without an answer
    CHECK(f.keys.claim("s", "k", kRequest)->verdict == Verdict::run);
  }

  TEST_CASE("idempotency: a released key runs again, and answers are kept for the keep time only") {
    Fixture f;
    REQUIRE(f.keys.claim("s", "k", kRequest)->verdict == Verdict::run);
    REQUIRE(f.keys.release("s", "k"));
    CHECK(f.keys.claim("s", "k", kRequest)->verdict == Verdict::run);
    REQUIRE(f.keys.finish("s", "k", kRequest, StoredAnswer{201, "", "{}"}));
    f.clock.advance(24h - 1ms);
    CHECK(f.keys.claim("s", "k", kRequest)->verdict == Verdict::replay);
    f.clock.advance(2ms);
    CHECK(f.keys.claim("s", "k", kRequest)->verdict == Verdict::run);
  }

  TEST_CASE("idempotency: an empty or overlong key is invalid_argument, and nothing is claimed") {
    Fixture f;
    auto empty = f.keys.claim("s", "", kRequest);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == veza::ErrorCode::invalid_argument);
    CHECK(empty.error().message.find("Idempotency-Key") != std::string::npos);
    CHECK_FALSE(f.keys.claim("s", std::string(201, 'k'), kRequest));
    CHECK(f.keys.claim("s", std::string(200, 'k'), kRequest)->verdict == Verdict::run);
  }

  TEST_CASE("idempotency: run handles a request once, keeps only 2xx answers and maps refusals to errors") {
    Fixture f;
    int calls = 0;
    const auto created = [&] {
      ++calls;
      return StoredAnswer{201, "/api/v1/orders/o1", "{\"id\":\"o1\"}"};
    };
    auto first = f.keys.run("s", "k", kRequest, created);
    REQUIRE(first);
    CHECK_FALSE(first->replayed);
    auto again = f.keys.run("s", "k", kRequest, created);
    REQUIRE(again);
    CHECK(again->replayed);
    CHECK(again->answer.location == "/api/v1/orders/o1");
    CHECK(calls == 1);

    auto other = f.keys.run("s", "k", "POST /other\n{}", created);
    REQUIRE_FALSE(other);
    CHECK(other.error().code == veza::ErrorCode::validation_failed);
    CHECK(calls == 1);

    // A failed answer is not kept: the same key runs the request again.
    const auto failed = [&] {
      ++calls;
      return StoredAnswer{502, "", "{}"};
    };
    REQUIRE(f.keys.run("s", "k2", kRequest, failed));
    REQUIRE(f.keys.run("s", "k2", kRequest, failed));
    CHECK(calls == 3);

    REQUIRE(f.keys.claim("s", "k3", kRequest)->verdict == Verdict::run);  // someone else runs it
    auto busy = f.keys.run("s", "k3", kRequest, created);
    REQUIRE_FALSE(busy);
    CHECK(busy.error().code == veza::ErrorCode::conflict);
    CHECK(busy.error().retry_after_s == 1);
    CHECK(calls == 3);
  }
}
