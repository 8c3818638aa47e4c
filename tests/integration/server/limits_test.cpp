// veza-server's limits and timeouts: oversize bodies, slow-header clients, idle connections.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;
using Steady = std::chrono::steady_clock;

TEST_SUITE("server") {
  TEST_CASE("server: a JSON body over --max-body-bytes gets 413, declared or chunked") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--max-body-bytes", "1000"});
    Seeder seed(dir.path());
    const Account alice = seed.account("alice@example.com");
    const std::string big(1001, 'x');

    const auto declared = http(server.port(), "POST", "/api/v1/products",
                               {alice.auth(), "Content-Type: application/json"}, big);
    CHECK(declared.status == 413);
    CHECK(error_code(declared) == "too_large");

    // No Content-Length: the limit must hold while the body is read.
    Connection c(server.port());
    std::string req = "POST /api/v1/products HTTP/1.1\r\nHost: x\r\n" + alice.auth() +
                      "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    for (int i = 0; i < 3; ++i) req += "190\r\n" + std::string(400, 'x') + "\r\n";  // 3 × 400 bytes
    req += "0\r\n\r\n";
    REQUIRE(c.send(req));
    const auto chunked = c.read_response();
    REQUIRE(chunked);
    CHECK(chunked->status == 413);
    CHECK(error_code(*chunked) == "too_large");

    // Just under the limit is read and handled (here: not JSON → 400, not 413).
    const auto under = http(server.port(), "POST", "/api/v1/products", {alice.auth(), "Content-Type: application/json"},
                            std::string(1000, ' '));
    CHECK(under.status == 400);
  }

  TEST_CASE("server: an upload over --max-upload-bytes gets 413, declared or streamed") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--max-upload-bytes", "100000"});
    Seeder seed(dir.path());
    const Account seller = seed.account("seller@example.com");
    const auto product = seed.product(seller, "Big");
    const std::string target = "/api/v1/products/" + product.id + "/file";

    const auto declared = http(server.port(), "PUT", target, {seller.auth(), "Content-Type: audio/mpeg"},
                               std::string(100001, 'a'));
    CHECK(declared.status == 413);
    CHECK(error_code(declared) == "too_large");

    Connection c(server.port());
    std::string req = "PUT " + target + " HTTP/1.1\r\nHost: x\r\n" + seller.auth() +
                      "\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    REQUIRE(c.send(req));
    for (int i = 0; i < 30; ++i) {  // 30 × 4 KiB = 120 KiB
      if (!c.send("1000\r\n" + std::string(4096, 'b') + "\r\n")) break;  // the server may answer and close early
    }
    c.send("0\r\n\r\n");
    const auto streamed = c.read_response();
    REQUIRE(streamed);
    CHECK(streamed->status == 413);
    CHECK(error_code(*streamed) == "too_large");

    // Nothing was attached, and a file under the limit still goes through.
    auto after = seed.runtime().catalog().get(product.id);
    REQUIRE(after);
    CHECK(!after->file);
    CHECK(http(server.port(), "PUT", target, {seller.auth(), "Content-Type: audio/mpeg"}, std::string(100000, 'c'))
              .status == 201);
  }

  TEST_CASE("server: a malformed request head (bad Content-Length, a bad field) gets a 400 JSON error, not a silent close") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    for (const std::string head : {"POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                                   "POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
                                   "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n"}) {
      INFO(head);
      Connection c(server.port());
      REQUIRE(c.send(head));
      const auto r = c.read_response(Ms(2000));
      REQUIRE(r);
      CHECK(r->status == 400);
      CHECK(error_code(*r) == "invalid_argument");
      CHECK(r->header("x-request-id"));
      CHECK(c.closed_within(Ms(1000)));
    }
    Connection big(server.port());
    REQUIRE(big.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"));
    const auto r = big.read_response(Ms(2000));
    REQUIRE(r);
    CHECK(r->status == 431);
    CHECK(error_code(*r) == "header_too_large");
  }

  TEST_CASE("server: a slow-header client (one byte per 100 ms) is dropped after --header-timeout") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--header-timeout", "0.3", "--idle-timeout", "5"});
    const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n";
    Connection c(server.port());
    const auto t0 = Steady::now();
    bool dropped = false;
    std::size_t sent = 0;
    for (; sent < head.size(); ++sent) {
      if (!c.send(head.substr(sent, 1)) || c.closed_within(Ms(100))) {
        dropped = true;
        break;
      }
    }
    const auto took = std::chrono::duration_cast<Ms>(Steady::now() - t0);
    INFO("sent " << sent << " of " << head.size() << " bytes in " << took.count() << " ms");
    CHECK(dropped);
    CHECK(took < Ms(2000));
    CHECK(took >= Ms(250));
    // The server itself is fine.
    CHECK(http(server.port(), "GET", "/healthz").status == 200);
  }

  TEST_CASE("server: a request head sent promptly is served, then an idle keep-alive connection closes after --idle-timeout") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--header-timeout", "0.3", "--idle-timeout", "0.4"});
    Connection c(server.port());
    REQUIRE(c.send(request_head("GET", "/healthz", {}, 0, true)));
    auto first = c.read_response();
    REQUIRE(first);
    CHECK(first->status == 200);
    REQUIRE(c.send(request_head("GET", "/readyz", {}, 0, true)));  // keep-alive works
    auto second = c.read_response();
    REQUIRE(second);
    CHECK(second->status == 200);
    const auto t0 = Steady::now();
    CHECK(c.closed_within(Ms(3000)));
    const auto took = std::chrono::duration_cast<Ms>(Steady::now() - t0);
    CHECK(took >= Ms(300));
    CHECK(took < Ms(2000));
  }
}
