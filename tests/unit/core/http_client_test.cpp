// DESIGN's HttpClient rule: retries on 429/5xx only for GETs or retry-safe requests, and only
// when the wait fits in the remaining time budget.
#include <deque>
#include <vector>

#include <doctest/doctest.h>

#include <veza/core/http_client.hpp>

#include "support/fake_clock.hpp"

namespace {

using veza::HttpRequest;
using veza::HttpResponse;

struct ScriptedTransport final : veza::HttpClient {
  std::deque<veza::Result<HttpResponse>> answers;
  std::vector<HttpRequest> seen;
  veza::Result<HttpResponse> send(const HttpRequest& r) override {
    seen.push_back(r);
    auto a = answers.front();
    answers.pop_front();
    return a;
  }
};

HttpResponse status(unsigned s, const char* retry_after = nullptr) {
  HttpResponse r;
  r.status = s;
  if (retry_after) r.headers.emplace_back("retry-after", retry_after);
  return r;
}

struct Fixture {
  veza::testing::FakeClock clock;
  ScriptedTransport transport;
  std::vector<std::chrono::milliseconds> slept;
  veza::RetryingHttpClient client{transport, clock, veza::RetryPolicy{std::chrono::milliseconds(2000), std::chrono::milliseconds(100), 3},
                                            [this](std::chrono::milliseconds d) {
                                              slept.push_back(d);
                                              clock.advance(d);
                                            }};
};

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("http client: a GET answered 503 is retried with backoff and its success returned") {
    Fixture f;
    f.transport.answers = {status(503), status(200)};
    auto r = f.client.send(HttpRequest{"GET", "http://x/payments/p", {}, {}, false, {}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(f.transport.seen.size() == 2);
    CHECK(f.slept == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(100)});
  }

  TEST_CASE("http client: a payment POST answered 500 is never re-sent") {
    Fixture f;
    f.transport.answers = {status(500), status(200)};
    auto r = f.client.send(HttpRequest{"POST", "http://x/payments", {}, "{}", false, {}});
    REQUIRE(r);
    CHECK(r->status == 500);
    CHECK(f.transport.seen.size() == 1);
  }

  TEST_CASE("http client: a 429 whose Retry-After fits the budget is waited out, one that does not fails at once") {
    Fixture f;
    f.transport.answers = {status(429, "1"), status(429, "5")};
    auto r = f.client.send(HttpRequest{"GET", "http://x/refunds/r", {}, {}, false, {}});
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(f.transport.seen.size() == 2);
    CHECK(f.slept == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1000)});
    // The second attempt only had what was left of the 2 s budget.
    REQUIRE(f.transport.seen[1].timeout);
    CHECK(*f.transport.seen[1].timeout == std::chrono::milliseconds(1000));
  }

  TEST_CASE("http client: a timed-out GET is not retried (the budget is spent)") {
    Fixture f;
    f.transport.answers = {veza::Result<HttpResponse>(veza::make_error(veza::ErrorCode::upstream_failed, "t", "timeout"))};
    auto r = f.client.send(HttpRequest{"GET", "http://x/payments/p", {}, {}, false, {}});
    REQUIRE_FALSE(r);
    CHECK(r.error().detail == "timeout");
    CHECK(f.transport.seen.size() == 1);
  }

  TEST_CASE("http client: Retry-After accepts delta-seconds only") {
    CHECK(veza::parse_retry_after("3") == std::chrono::milliseconds(3000));
    CHECK_FALSE(veza::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
    CHECK_FALSE(veza::parse_retry_after("-1"));
  }
}
