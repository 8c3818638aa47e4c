// HEAD on the real veza-server: the GET answer's head (status, Content-Length, request id)
// with no body, so the keep-alive connection stays in step; counted under the route template.
#include <doctest/doctest.h>

#include <string>

#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

TEST_SUITE("server") {
  TEST_CASE("server: HEAD answers like GET without a body, and the connection stays usable") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account alice = seed.account("alice@example.com");
    const auto product = seed.product(alice, "Headed");
    const std::string target = "/api/v1/products/" + product.id;
    const auto got = http(server.port(), "GET", target);
    REQUIRE(got.status == 200);

    Connection c(server.port());
    REQUIRE(c.send(request_head("HEAD", target, {}, 0, true)));
    const auto head = c.read_response(Ms(5000), true);
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->header("content-length") == std::to_string(got.body.size()));
    CHECK(head->header("content-type") == got.header("content-type"));
    CHECK(head->header("x-request-id").has_value());
    // Had a body followed the head, this would read it instead of the next answer.
    REQUIRE(c.send(request_head("HEAD", "/no/such/route", {}, 0, true)));
    const auto missing = c.read_response(Ms(5000), true);
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->header("content-length") != "0");
    REQUIRE(c.send(request_head("GET", "/healthz", {}, 0)));
    const auto next = c.read_response();
    REQUIRE(next);
    CHECK(next->status == 200);
    CHECK(next->body == R"({"status":"alive"})");

    Connection once(server.port());
    REQUIRE(once.send(request_head("HEAD", "/api/v1/health", {}, 0)));
    const auto health = once.read_response(Ms(5000), true);
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->header("content-length") != "0");
    CHECK(once.closed_within(Ms(2000)));  // Connection: close is honoured after a head-only answer

    const auto metrics = http(server.port(), "GET", "/metrics").body;
    CHECK(metrics.find(R"(http_server_requests_total{method="HEAD",route="/api/v1/products/{id}",status="200"} 1)") !=
          std::string::npos);
  }
}
