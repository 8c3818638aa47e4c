// Graceful shutdown of the real veza-server: SIGTERM drains (readyz 503, listener closed,
// in-flight requests and uploads finish, exit 0); past the deadline or on a second signal the
// remaining connections are cut and the exit code says so.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;
using Steady = std::chrono::steady_clock;

namespace {

// Sends SIGTERM and waits for the server to say it drains (so the test's next step is after it).
void sigterm(ServerProcess& server) {
  server.signal(SIGTERM);
  REQUIRE_MESSAGE(server.wait_for_log("\"draining\"", Ms(3000)), server.log());
}

// A partial request head: the connection counts as in flight (not idle), so a drain waits for it.
std::unique_ptr<Connection> half_sent_request(std::uint16_t port, const std::string& target) {
  auto c = std::make_unique<Connection>(port);
  REQUIRE(c->send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::this_thread::sleep_for(Ms(100));  // the server has read the first bytes
  return c;
}

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("server: shutdown: an upload in flight when SIGTERM arrives completes with 201 and the process exits 0") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--shutdown-timeout", "10", "--idle-timeout", "2"});
    std::string product_id;
    std::string bearer;
    {
      Seeder seed(dir.path());
      const Account seller = seed.account("seller@example.com");
      product_id = seed.product(seller, "Uploaded while draining").id;
      bearer = seller.auth();
    }
    constexpr std::size_t kPiece = 16 * 1024;
    constexpr int kPieces = 10;
    Connection up(server.port());
    REQUIRE(up.send(request_head("PUT", "/api/v1/products/" + product_id + "/file",
                                 {bearer, "Content-Type: audio/mpeg"}, kPiece * kPieces, true)));
    REQUIRE(up.send("ID3" + std::string(kPiece - 3, 'x')));
    std::this_thread::sleep_for(Ms(50));

    sigterm(server);
    for (int i = 1; i < kPieces; ++i) {
      std::this_thread::sleep_for(Ms(40));
      REQUIRE_MESSAGE(up.send(std::string(kPiece, static_cast<char>('a' + i))), "the server cut the upload");
      CHECK(server.running());
    }
    const auto res = up.read_response();
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(res->body.find("\"size\":" + std::to_string(kPiece * kPieces)) != std::string::npos);
    CHECK(res->header("connection") == "close");  // no keep-alive while draining
    const auto code = server.wait_exit(Ms(5000));
    INFO(server.log());
    REQUIRE(code);
    CHECK(*code == 0);

    // The file really was committed and attached.
    Seeder after(dir.path());
    auto product = after.runtime().catalog().get(product_id);
    REQUIRE(product);
    REQUIRE(product->file);
    CHECK(product->file->size == kPiece * kPieces);
  }

  TEST_CASE("server: shutdown: after SIGTERM a new connection is refused") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--shutdown-timeout", "10", "--header-timeout", "10"});
    auto pending = half_sent_request(server.port(), "/healthz");  // keeps the drain going
    sigterm(server);
    CHECK(server.running());
    CHECK_FALSE(accepts_connections(server.port()));
    REQUIRE(pending->send("\r\n"));
    const auto res = pending->read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto code = server.wait_exit(Ms(5000));
    REQUIRE(code);
    CHECK(*code == 0);
  }

  TEST_CASE("server: shutdown: /readyz answers 503 while the server drains") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--shutdown-timeout", "10", "--header-timeout", "10"});
    auto pending = half_sent_request(server.port(), "/readyz");
    sigterm(server);
    REQUIRE(pending->send("\r\n"));
    const auto res = pending->read_response();
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(json_string(json_of(*res), "status") == "draining");
    CHECK(res->header("x-request-id"));
    const auto code = server.wait_exit(Ms(5000));
    REQUIRE(code);
    CHECK(*code == 0);
  }

  TEST_CASE("server: shutdown: idle keep-alive connections are closed at once and the process exits 0") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--shutdown-timeout", "10", "--idle-timeout", "30"});
    Connection idle(server.port());
    REQUIRE(idle.send(request_head("GET", "/healthz", {}, 0, true)));
    REQUIRE(idle.read_response());
    const auto t0 = Steady::now();
    sigterm(server);
    CHECK(idle.closed_within(Ms(2000)));
    const auto code = server.wait_exit(Ms(3000));
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(Steady::now() - t0 < Ms(2000));  // neither the idle timeout nor the drain deadline was waited for
  }

  TEST_CASE("server: shutdown: past --shutdown-timeout the remaining connections are cut and the exit code is non-zero") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--shutdown-timeout", "0.3", "--header-timeout", "30"});
    auto stuck = half_sent_request(server.port(), "/healthz");
    const auto t0 = Steady::now();
    sigterm(server);
    const auto code = server.wait_exit(Ms(5000));
    const auto took = Steady::now() - t0;
    INFO(server.log());
    REQUIRE(code);
    CHECK(*code == 1);
    CHECK(took >= Ms(250));
    CHECK(took < Ms(3000));
    CHECK(stuck->closed_within(Ms(1000)));
  }

  TEST_CASE("server: shutdown: a second signal while draining cuts at once with a non-zero exit code") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--shutdown-timeout", "30", "--header-timeout", "30"});
    auto stuck = half_sent_request(server.port(), "/healthz");
    sigterm(server);
    std::this_thread::sleep_for(Ms(100));
    CHECK(server.running());
    server.signal(SIGINT);
    const auto code = server.wait_exit(Ms(3000));
    INFO(server.log());
    REQUIRE(code);
    CHECK(*code == 1);
  }
}
