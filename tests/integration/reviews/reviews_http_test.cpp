// The review routes on the real veza-server binary: purchases are real orders (made paid and
// refunded through OrderService on the server's own database), requests go over loopback.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "seeder.hpp"
#include "server_harness.hpp"

namespace bj = boost::json;
using veza::testing::Account;
using veza::testing::http;
using veza::testing::HttpResponse;
using veza::testing::Seeder;
using veza::testing::ServerProcess;
using veza::testing::TempDir;

namespace {

const std::string kJson = "Content-Type: application/json";

bj::object parse(const HttpResponse& r) {
  INFO(r.body);
  auto v = bj::parse(r.body);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::string reviews_of(const std::string& product) { return "/api/v1/products/" + product + "/reviews"; }

}  // namespace

TEST_SUITE("reviews") {
  TEST_CASE("reviews over HTTP: create, list, summary, edit, delete, refund and bad input") {
    TempDir dir("veza-reviews-http");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const Account seller = seed.account("seller@example.org");
    const Account alice = seed.account("alice@example.org");
    const Account bob = seed.account("bob@example.org");
    const Account stranger = seed.account("stranger@example.org");
    const auto product = seed.product(seller, "Night drive");
    const auto alice_order = seed.order(alice, product, true);
    seed.order(bob, product, true);
    const auto port = server.port();
    const std::string base = reviews_of(product.id);

    // Not a buyer: 403 saying a purchase is needed.
    auto denied = http(port, "POST", base, {stranger.auth(), kJson}, R"({"rating":5})");
    CHECK(denied.status == 403);
    CHECK(denied.body.find("purchase") != std::string::npos);
    CHECK(http(port, "POST", base, {seller.auth(), kJson}, R"({"rating":5})").status == 403);
    CHECK(http(port, "POST", base, {kJson}, R"({"rating":5})").status == 401);
    CHECK(http(port, "POST", reviews_of(seed.runtime().ids().next()), {alice.auth(), kJson}, R"({"rating":5})").status == 404);

    // Bad ratings and comments: 400 malformed, 422 out of range.
    const std::string long_comment(2001, 'x');
    for (const auto& [body, status] : std::vector<std::pair<std::string, unsigned>>{
             {R"({"rating":0})", 422u},
             {R"({"rating":6})", 422u},
             {R"({"rating":4.5})", 400u},
             {R"({"rating":"5"})", 400u},
             {R"({"comment":"no rating"})", 400u},
             {R"({"rating":5,"comment":")" + long_comment + R"("})", 422u},
             {"{\"rating\":5,\"comment\":\"bad \xC3\x28\"}", 400u},
             {"not json", 400u}}) {
      CAPTURE(body);
      CHECK(http(port, "POST", base, {alice.auth(), kJson}, body).status == status);
    }
    auto empty = parse(http(port, "GET", base + "/summary"));
    CHECK(empty.at("average").is_null());
    CHECK(empty.at("count").as_int64() == 0);

    auto created = http(port, "POST", base, {alice.auth(), kJson}, R"({"rating":4,"comment":"  Warm bass  "})");
    REQUIRE(created.status == 201);
    auto review = parse(created);
    CHECK(review.at("comment").as_string() == "Warm bass");
    CHECK(review.at("verified_purchase").as_bool());
    const std::string review_id(review.at("id").as_string());
    auto twice = http(port, "POST", base, {alice.auth(), kJson}, R"({"rating":1})");
    CHECK(twice.status == 409);
    CHECK(twice.body.find(review_id) != std::string::npos);
    REQUIRE(http(port, "POST", base, {bob.auth(), kJson}, R"({"rating":5})").status == 201);

    CHECK(http(port, "GET", base + "/summary").body ==
          R"({"average":4.5,"count":2,"distribution":{"1":0,"2":0,"3":0,"4":1,"5":1}})");
    auto product_json = parse(http(port, "GET", "/api/v1/products/" + product.id));
    CHECK(product_json.at("review_summary").as_object().at("count").as_int64() == 2);

    // Pages: limit 1, sort highest, follow the cursor.
    auto first = parse(http(port, "GET", base + "?limit=1&sort=highest"));
    REQUIRE(first.at("items").as_array().size() == 1);
    CHECK(first.at("items").as_array()[0].as_object().at("rating").as_int64() == 5);
    REQUIRE(first.at("next_cursor").is_string());
    const std::string cursor(first.at("next_cursor").as_string());
    auto second = parse(http(port, "GET", base + "?limit=1&sort=highest&cursor=" + cursor));
    CHECK(second.at("items").as_array()[0].as_object().at("id").as_string() == review_id);
    CHECK(second.at("next_cursor").is_null());
    CHECK(http(port, "GET", base + "?limit=0").status == 422);
    CHECK(http(port, "GET", base + "?limit=101").status == 422);
    CHECK(http(port, "GET", base + "?limit=ten").status == 400);
    CHECK(http(port, "GET", base + "?sort=best").status == 400);
    CHECK(http(port, "GET", base + "?cursor=garbage").status == 400);

    // Edit keeps the id; someone without a review gets 404.
    auto edited = http(port, "PUT", base + "/mine", {alice.auth(), kJson}, R"({"rating":2})");
    REQUIRE(edited.status == 200);
    CHECK(parse(edited).at("id").as_string() == review_id);
    CHECK(http(port, "PUT", base + "/mine", {stranger.auth(), kJson}, R"({"rating":2})").status == 404);
    CHECK(parse(http(port, "GET", base + "/summary")).at("count").as_int64() == 2);

    // Seller reply; a buyer may not reply.
    CHECK(http(port, "PUT", base + "/" + review_id + "/reply", {seller.auth(), kJson}, R"({"text":"Thanks!"})").status == 200);
    CHECK(http(port, "PUT", base + "/" + review_id + "/reply", {bob.auth(), kJson}, R"({"text":"me"})").status == 403);
    // Reports: once per user.
    CHECK(http(port, "POST", base + "/" + review_id + "/report", {stranger.auth(), kJson}, R"({"reason":"spam"})").status == 201);
    CHECK(http(port, "POST", base + "/" + review_id + "/report", {stranger.auth(), kJson}, R"({"reason":"spam"})").status == 409);

    // A full refund: the review stays, unverified, and leaves the summary.
    REQUIRE(seed.runtime().orders().settle_refund(alice_order.id, true));
    CHECK(http(port, "GET", base + "/summary").body ==
          R"({"average":5,"count":1,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":1}})");
    auto listed = parse(http(port, "GET", base));
    REQUIRE(listed.at("items").as_array().size() == 2);
    bool found_unverified = false;
    for (const auto& item : listed.at("items").as_array()) {
      if (item.as_object().at("id").as_string() == review_id) {
        found_unverified = !item.as_object().at("verified_purchase").as_bool();
      }
    }
    CHECK(found_unverified);

    // Delete: 204, then 404.
    CHECK(http(port, "DELETE", base + "/mine", {bob.auth()}).status == 204);
    CHECK(http(port, "DELETE", base + "/mine", {bob.auth()}).status == 404);
    CHECK(parse(http(port, "GET", base + "/summary")).at("count").as_int64() == 0);

    // The created counter is exported.
    auto metrics = http(port, "GET", "/metrics");
    CHECK(metrics.body.find("veza_reviews_created_total 2") != std::string::npos);
  }
}
