#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <boost/json.hpp>

#include <veza/json/review_json.hpp>

namespace bj = boost::json;
using veza::Timestamp;
using veza::reviews::Review;

namespace {

const Timestamp kT{std::chrono::milliseconds{1'782'900'930'123}};  // 2026-07-01T10:15:30.123Z

Review plain_review() {
  Review r;
  r.id = "01890000-0000-7000-8000-000000000001";
  r.product_id = "01890000-0000-7000-8000-0000000000aa";
  r.user_id = "01890000-0000-7000-8000-0000000000bb";
  r.rating = 4;
  r.verified_purchase = true;
  r.created_at = kT;
  r.updated_at = kT + std::chrono::milliseconds{5};
  return r;
}

}  // namespace

TEST_SUITE("json") {
  TEST_CASE("a review is written with its keys in the documented order, null comment and reply") {
    CHECK(veza::json::to_json(plain_review()) ==
          R"({"id":"01890000-0000-7000-8000-000000000001","product_id":"01890000-0000-7000-8000-0000000000aa",)"
          R"("user_id":"01890000-0000-7000-8000-0000000000bb","rating":4,"comment":null,"verified_purchase":true,)"
          R"("status":"published","reply":null,"created_at":"2026-07-01T10:15:30.123Z",)"
          R"("updated_at":"2026-07-01T10:15:30.128Z"})");
  }

  TEST_CASE("review text with quotes, backslashes, control characters and non-ASCII comes back unchanged") {
    Review r = plain_review();
    const std::string comment = "She said \"wow\" \\ then\nleft\x01 — très bien ♪";
    r.comment = comment;
    r.verified_purchase = false;
    r.status = veza::reviews::ReviewStatus::hidden;
    r.reply = veza::reviews::ReviewReply{"Thanks \"friend\"\t!", kT, kT + std::chrono::milliseconds{1}};
    veza::reviews::ReviewPage page;
    page.items = {r, plain_review()};
    page.next_cursor = "eyJzIjoibmV3ZXN0In0";
    const bj::value v = bj::parse(veza::json::to_json(page));
    const auto& items = v.at("items").as_array();
    REQUIRE(items.size() == 2);
    const auto& first = items.at(0).as_object();
    CHECK(first.at("comment").as_string() == comment);
    CHECK(first.at("verified_purchase").as_bool() == false);
    CHECK(first.at("status").as_string() == "hidden");
    CHECK(first.at("reply").at("text").as_string() == "Thanks \"friend\"\t!");
    CHECK(first.at("reply").at("updated_at").as_string() == "2026-07-01T10:15:30.124Z");
    CHECK(items.at(1).at("comment").is_null());
    CHECK(v.at("next_cursor").as_string() == "eyJzIjoibmV3ZXN0In0");

    page.next_cursor.reset();
    page.items.clear();
    CHECK(veza::json::to_json(page) == R"({"items":[],"next_cursor":null})");
  }
}
