// The HTTP API of the real veza-server: request ids, error shapes and statuses, products,
// metrics by route template, order isolation and download permissions.
#include <algorithm>

#include <doctest/doctest.h>

#include <thread>

#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kJson = "Content-Type: application/json";
const std::string kUnknownId = "01890000-0000-7000-8000-000000000000";

std::string product_body(const std::string& title, long price = 990) {
  return R"({"title":")" + title + R"(","description":"d","price_cents":)" + std::to_string(price) +
         R"(,"currency":"EUR","vat_rate_bp":2000})";
}

HttpResponse upload(std::uint16_t port, const Account& who, const std::string& product_id, const std::string& bytes,
                    const std::string& type = "audio/mpeg") {
  return http(port, "PUT", "/api/v1/products/" + product_id + "/file", {who.auth(), "Content-Type: " + type}, bytes);
}

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("server: every response carries X-Request-Id, and a well-formed incoming one is echoed") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    for (const char* target : {"/healthz", "/readyz", "/api/v1/health", "/api/v1/me", "/no/such/route", "/metrics"}) {
      INFO(target);
      const auto r = http(server.port(), "GET", target);
      CHECK(r.status != 0);
      CHECK(r.header("x-request-id").value_or("").size() >= 8);
    }
    const auto a = http(server.port(), "GET", "/healthz");
    const auto b = http(server.port(), "GET", "/healthz");
    CHECK(a.header("x-request-id") != b.header("x-request-id"));
    CHECK(http(server.port(), "GET", "/healthz", {"X-Request-Id: trace-42.a_b"}).header("x-request-id") ==
          "trace-42.a_b");
    // A header value that could forge log lines is replaced by a fresh id.
    const auto forged = http(server.port(), "GET", "/healthz", {"X-Request-Id: a\"b{}"});
    CHECK(forged.header("x-request-id").value_or("a\"b{}") != "a\"b{}");
  }

  TEST_CASE("server: errors are {error:{code,message}} JSON with statuses 400/401/404/405/413/415/422") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {"--max-body-bytes", "1024"});
    Seeder seed(dir.path());
    const Account alice = seed.account("alice@example.com");
    const auto p = server.port();

    auto r = http(p, "POST", "/api/v1/products", {alice.auth(), kJson}, R"({"title":)");
    CHECK(r.status == 400);
    CHECK(error_code(r) == "invalid_argument");
    r = http(p, "POST", "/api/v1/products", {alice.auth(), kJson}, R"({"title":"x"})");
    CHECK(r.status == 400);
    CHECK(error_code(r) == "invalid_argument");

    r = http(p, "GET", "/api/v1/me");
    CHECK(r.status == 401);
    CHECK(error_code(r) == "unauthenticated");
    r = http(p, "GET", "/api/v1/me", {"Authorization: Bearer veza_not-a-real-token"});
    CHECK(r.status == 401);
    CHECK(error_code(r) == "unauthenticated");

    r = http(p, "GET", "/api/v1/no-such-thing");
    CHECK(r.status == 404);
    CHECK(error_code(r) == "not_found");
    r = http(p, "GET", "/api/v1/products/" + kUnknownId);
    CHECK(r.status == 404);
    CHECK(error_code(r) == "not_found");

    r = http(p, "DELETE", "/api/v1/health");
    CHECK(r.status == 405);
    CHECK(error_code(r) == "method_not_allowed");
    CHECK(r.header("allow") == "GET");

    r = http(p, "POST", "/api/v1/products", {alice.auth(), kJson}, std::string(2048, ' '));
    CHECK(r.status == 413);
    CHECK(error_code(r) == "too_large");

    r = http(p, "POST", "/api/v1/products", {alice.auth(), "Content-Type: text/plain"}, product_body("x"));
    CHECK(r.status == 415);
    CHECK(error_code(r) == "unsupported_media_type");

    r = http(p, "POST", "/api/v1/products", {alice.auth(), kJson}, product_body("x", -5));
    CHECK(r.status == 422);
    CHECK(error_code(r) == "validation_failed");
    r = http(p, "GET", "/api/v1/orders?limit=0", {alice.auth()});
    CHECK(r.status == 422);
    CHECK(error_code(r) == "validation_failed");
  }

  TEST_CASE("server: POST /api/v1/products makes the caller the seller (201, Location) and GET returns it") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account alice = seed.account("alice@example.com");
    const auto created = http(server.port(), "POST", "/api/v1/products", {alice.auth(), kJson}, product_body("Dawn"));
    REQUIRE(created.status == 201);
    const auto body = json_of(created);
    const std::string id = json_string(body, "id");
    REQUIRE(!id.empty());
    CHECK(json_string(body, "seller_id") == alice.user.id);
    CHECK(created.header("location") == "/api/v1/products/" + id);
    const auto got = http(server.port(), "GET", "/api/v1/products/" + id);
    CHECK(got.status == 200);
    CHECK(json_string(json_of(got), "title") == "Dawn");
    CHECK(http(server.port(), "POST", "/api/v1/products", {kJson}, product_body("Anon")).status == 401);
  }

  TEST_CASE("server: /metrics counts requests by route template, never by raw id") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account alice = seed.account("alice@example.com");
    const auto product = seed.product(alice, "Counted");
    for (int i = 0; i < 3; ++i) CHECK(http(server.port(), "GET", "/api/v1/products/" + product.id).status == 200);
    CHECK(http(server.port(), "GET", "/api/v1/products/" + kUnknownId).status == 404);

    const std::string ok_series =
        R"(http_server_requests_total{method="GET",route="/api/v1/products/{id}",status="200"} 3)";
    const std::string nf_series =
        R"(http_server_requests_total{method="GET",route="/api/v1/products/{id}",status="404"} 1)";
    std::string text;
    for (int attempt = 0; attempt < 50; ++attempt) {  // a request is recorded right after its response is written
      const auto m = http(server.port(), "GET", "/metrics");
      REQUIRE(m.status == 200);
      CHECK(m.header("content-type").value_or("").rfind("text/plain", 0) == 0);
      text = m.body;
      if (text.find(ok_series) != std::string::npos && text.find(nf_series) != std::string::npos) break;
      std::this_thread::sleep_for(Ms(10));
    }
    INFO(text);
    CHECK(text.find(ok_series) != std::string::npos);
    CHECK(text.find(nf_series) != std::string::npos);
    CHECK(text.find(product.id) == std::string::npos);
    CHECK(text.find(kUnknownId) == std::string::npos);
    CHECK(text.find(R"(http_server_request_duration_seconds_bucket{method="GET",route="/api/v1/products/{id}",status="200",le="0.5"} 3)") !=
          std::string::npos);
    CHECK(text.find("http_server_active_requests") != std::string::npos);
    CHECK(text.find(R"(veza_health_status{dependency="db"})") != std::string::npos);
  }

  TEST_CASE("server: one user cannot read another's order (404) while the buyer can") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account seller = seed.account("seller@example.com");
    const Account buyer = seed.account("buyer@example.com");
    const Account other = seed.account("other@example.com");
    const Account admin = seed.account("admin@example.com", "admin");
    const auto product = seed.product(seller, "Ordered");
    const auto order = seed.order(buyer, product, false);
    const std::string target = "/api/v1/orders/" + order.id;

    const auto mine = http(server.port(), "GET", target, {buyer.auth()});
    CHECK(mine.status == 200);
    CHECK(json_string(json_of(mine), "id") == order.id);
    CHECK(json_string(json_of(mine), "buyer_id") == buyer.user.id);

    const auto theirs = http(server.port(), "GET", target, {other.auth()});
    CHECK(theirs.status == 404);
    CHECK(error_code(theirs) == "not_found");
    // The same answer as for an id that does not exist: nothing leaks.
    const auto missing = http(server.port(), "GET", "/api/v1/orders/" + kUnknownId, {other.auth()});
    CHECK(missing.status == 404);
    CHECK(http(server.port(), "GET", target, {seller.auth()}).status == 404);
    CHECK(http(server.port(), "GET", target).status == 401);
    CHECK(http(server.port(), "GET", target, {admin.auth()}).status == 200);

    const auto list_mine = http(server.port(), "GET", "/api/v1/orders", {buyer.auth()});
    CHECK(list_mine.status == 200);
    CHECK(list_mine.body.find(order.id) != std::string::npos);
    const auto list_other = http(server.port(), "GET", "/api/v1/orders", {other.auth()});
    CHECK(list_other.status == 200);
    CHECK(list_other.body.find(order.id) == std::string::npos);
    // Admins list every buyer's orders with all=true; nobody else may.
    const auto everyone = http(server.port(), "GET", "/api/v1/orders?all=true", {admin.auth()});
    CHECK(everyone.status == 200);
    CHECK(everyone.body.find(order.id) != std::string::npos);
    CHECK(http(server.port(), "GET", "/api/v1/orders?all=false", {admin.auth()}).body.find(order.id) == std::string::npos);
    CHECK(http(server.port(), "GET", "/api/v1/orders?all=true", {buyer.auth()}).status == 403);
    CHECK(http(server.port(), "GET", "/api/v1/orders?all=yes", {admin.auth()}).status == 400);
    // Someone else's order is no cursor for my list (400, like a malformed one).
    const auto foreign = http(server.port(), "GET", "/api/v1/orders?cursor=" + order.id, {other.auth()});
    CHECK(foreign.status == 400);
    CHECK(error_code(foreign) == "invalid_argument");
  }

  TEST_CASE("server: a buyer's orders come in keyset pages, newest first, until next_cursor is null") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account seller = seed.account("seller@example.com");
    const Account buyer = seed.account("buyer@example.com");
    std::vector<std::string> made;
    for (int i = 0; i < 5; ++i) made.push_back(seed.order(buyer, seed.product(seller, "Track " + std::to_string(i)), false).id);

    std::vector<std::string> walked;
    std::string target = "/api/v1/orders?limit=2";
    int pages = 0;
    for (; pages < 10; ++pages) {
      const auto page = http(server.port(), "GET", target, {buyer.auth()});
      REQUIRE(page.status == 200);
      const auto body = json_of(page);
      for (const auto& item : body.as_object().at("items").as_array()) walked.push_back(json_string(item, "id"));
      const auto& next = body.as_object().at("next_cursor");
      if (next.is_null()) break;
      target = "/api/v1/orders?limit=2&cursor=" + std::string(next.as_string());
    }
    CHECK(pages == 2);  // three pages: 2 + 2 + 1
    std::sort(made.begin(), made.end());
    std::vector<std::string> seen = walked;
    std::sort(seen.begin(), seen.end());
    CHECK(seen == made);  // every order once
    CHECK(std::is_sorted(walked.rbegin(), walked.rend()));  // UUIDv7 ids: newest first
  }

  TEST_CASE("server: a download that cannot be served does not count as the buyer's first download") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account seller = seed.account("seller@example.com");
    const Account buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track without a file yet");
    seed.order(buyer, product, true);
    const auto first_download = [&] {
      auto licence = veza::transact<std::optional<veza::orders::Licence>>(
          seed.runtime().database(), veza::TxMode::read,
          [&](veza::Transaction& tx) { return tx.licences().find_active(buyer.user.id, product.id); });
      REQUIRE(licence);
      REQUIRE(licence->has_value());
      return (*licence)->first_downloaded_at;
    };
    const std::string target = "/api/v1/products/" + product.id + "/download";
    CHECK(http(server.port(), "GET", target, {buyer.auth()}).status == 404);
    // A first download ends a waived withdrawal right: a 404 must not have used it up.
    CHECK_FALSE(first_download());
    REQUIRE(upload(server.port(), seller, product.id, "ID3 audio").status == 201);
    CHECK(http(server.port(), "GET", target, {buyer.auth()}).status == 200);
    CHECK(first_download());
  }

  TEST_CASE("server: download is allowed to the seller and a licence holder, 403 for anyone else") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account seller = seed.account("seller@example.com");
    const Account buyer = seed.account("buyer@example.com");
    const Account other = seed.account("other@example.com");
    const auto product = seed.product(seller, "Track");
    const std::string target = "/api/v1/products/" + product.id + "/download";

    std::string audio = "ID3";
    for (int i = 0; i < 200000; ++i) audio.push_back(static_cast<char>('a' + i % 26));  // > one 64 KiB chunk

    CHECK(upload(server.port(), buyer, product.id, audio).status == 403);
    CHECK(upload(server.port(), seller, product.id, audio, "text/plain").status == 415);
    const auto up = upload(server.port(), seller, product.id, audio);
    REQUIRE(up.status == 201);
    CHECK(up.body.find("\"size\":" + std::to_string(audio.size())) != std::string::npos);

    const auto by_seller = http(server.port(), "GET", target, {seller.auth()});
    CHECK(by_seller.status == 200);
    CHECK(by_seller.header("content-type") == "audio/mpeg");
    CHECK(by_seller.body == audio);

    const auto by_other = http(server.port(), "GET", target, {other.auth()});
    CHECK(by_other.status == 403);
    CHECK(error_code(by_other) == "forbidden");
    CHECK(http(server.port(), "GET", target).status == 401);

    const auto order = seed.order(buyer, product, false);
    CHECK_MESSAGE(http(server.port(), "GET", target, {buyer.auth()}).status == 403, "an unpaid order grants nothing");
    REQUIRE(seed.runtime().orders().mark_paid(order.id));
    const auto by_buyer = http(server.port(), "GET", target, {buyer.auth()});
    CHECK(by_buyer.status == 200);
    CHECK(by_buyer.body == audio);
  }
}

TEST_SUITE("server") {
  TEST_CASE("server: the access log is one JSON line per request (method, route template, status, duration, request id), never the token") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account alice = seed.account("alice@example.com");
    const auto product = seed.product(alice, "Logged");
    const auto r = http(server.port(), "GET", "/api/v1/products/" + product.id + "?secret=" + alice.token,
                        {alice.auth(), "X-Request-Id: logged-request-1"});
    CHECK(r.status == 200);
    CHECK(http(server.port(), "GET", "/api/v1/me", {alice.auth()}).status == 200);
    REQUIRE(server.wait_for_log("logged-request-1", Ms(2000)));
    const std::string log = server.log();
    CHECK(log.find(alice.token) == std::string::npos);
    const auto hit = log.find("logged-request-1");
    const auto begin = log.rfind('\n', hit);
    const std::string line = log.substr(begin == std::string::npos ? 0 : begin + 1,
                                        log.find('\n', hit) - (begin == std::string::npos ? 0 : begin + 1));
    INFO(line);
    boost::system::error_code ec;
    const auto v = boost::json::parse(line, ec);
    REQUIRE_FALSE(ec);
    CHECK(json_string(v, "method") == "GET");
    CHECK(json_string(v, "route") == "/api/v1/products/{id}");
    CHECK(json_string(v, "status") == "200");
    CHECK(!json_string(v, "duration_ms").empty());
    CHECK(json_string(v, "request_id") == "logged-request-1");
  }
}
