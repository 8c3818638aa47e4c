// Value types of the reviews module: the summary's arithmetic and the keyset cursor.
#include <doctest/doctest.h>

#include <veza/reviews/review.hpp>

using namespace veza::reviews;

TEST_SUITE("reviews") {
  TEST_CASE("the average is rounded half-up to two decimals and absent without reviews") {
    RatingSummary s;
    CHECK_FALSE(s.average_hundredths().has_value());
    CHECK_FALSE(s.average().has_value());
    for (int r : {5, 5, 4, 3}) s.apply(r, 1);
    CHECK(s.count == 4);
    CHECK(s.sum == 17);
    CHECK(s.average_hundredths() == 425);
    CHECK(s.stars == std::array<std::int64_t, 5>{0, 0, 1, 1, 2});
    RatingSummary third;
    for (int r : {1, 1, 2}) third.apply(r, 1);  // 4/3 = 1.333…
    CHECK(third.average_hundredths() == 133);
    RatingSummary two_thirds;
    for (int r : {2, 2, 1}) two_thirds.apply(r, 1);  // 5/3 = 1.666…
    CHECK(two_thirds.average_hundredths() == 167);
    RatingSummary half;
    for (int r : {1, 2, 2, 2, 2, 2, 2, 2}) half.apply(r, 1);  // 15/8 = 1.875
    CHECK(half.average_hundredths() == 188);
    s.apply(5, -1);
    CHECK(s.count == 3);
    CHECK(s.stars[4] == 1);
    s.apply(0, 1);  // out of range: ignored
    s.apply(6, 1);
    CHECK(s.count == 3);
  }

  TEST_CASE("a cursor round-trips and refuses what we did not make") {
    const std::string id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    ReviewCursor newest{ReviewSort::newest, veza::Timestamp(std::chrono::milliseconds(1719828930123)), 0, id};
    auto text = encode_cursor(newest);
    auto back = decode_cursor(text, ReviewSort::newest);
    REQUIRE(back);
    CHECK(back->created_at == newest.created_at);
    CHECK(back->id == id);
    ReviewCursor high{ReviewSort::highest, {}, 4, id};
    auto h = decode_cursor(encode_cursor(high), ReviewSort::highest);
    REQUIRE(h);
    CHECK(h->rating == 4);
    // A cursor of another sort, garbage, a bad id or a rating out of range.
    for (const std::string& bad : {encode_cursor(high), std::string("n_"), std::string("nabc_") + id,
                                  std::string("n123_not-a-uuid"), std::string(""), std::string("x1_") + id}) {
      auto r = decode_cursor(bad, ReviewSort::newest);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == veza::ErrorCode::invalid_argument);
    }
    CHECK_FALSE(decode_cursor("h9_" + id, ReviewSort::highest));
  }

  TEST_CASE("sorts and statuses parse from their names") {
    CHECK(parse_review_sort("newest") == ReviewSort::newest);
    CHECK(parse_review_sort("highest") == ReviewSort::highest);
    CHECK(parse_review_sort("lowest") == ReviewSort::lowest);
    CHECK_FALSE(parse_review_sort("best").has_value());
    for (auto s : {ReviewStatus::published, ReviewStatus::hidden, ReviewStatus::removed}) {
      CHECK(parse_review_status(to_string(s)) == s);
    }
  }
}

#include <veza/json/review_json.hpp>

TEST_SUITE("reviews") {
  TEST_CASE("summary JSON has the issue's shape, two decimals and null without reviews") {
    RatingSummary s;
    CHECK(veza::json::to_json(s) == R"({"average":null,"count":0,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":0}})");
    for (int r : {5, 5, 4, 3}) s.apply(r, 1);
    CHECK(veza::json::to_json(s) == R"({"average":4.25,"count":4,"distribution":{"1":0,"2":0,"3":1,"4":1,"5":2}})");
    RatingSummary five;
    five.apply(5, 1);
    CHECK(veza::json::to_json(five).rfind(R"({"average":5,)", 0) == 0);
    RatingSummary half;
    half.apply(4, 1);
    half.apply(5, 1);
    CHECK(veza::json::to_json(half).rfind(R"({"average":4.5,)", 0) == 0);
    RatingSummary small;
    for (int r : {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}) small.apply(r, 1);  // 1.05
    CHECK(veza::json::to_json(small).rfind(R"({"average":1.05,)", 0) == 0);
  }

  TEST_CASE("review JSON carries verified_purchase, the reply and null for no comment") {
    Review r;
    r.id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    r.product_id = r.id;
    r.user_id = r.id;
    r.rating = 4;
    r.verified_purchase = false;
    const auto text = veza::json::to_json(r);
    CHECK(text.find(R"("comment":null)") != std::string::npos);
    CHECK(text.find(R"("verified_purchase":false)") != std::string::npos);
    CHECK(text.find(R"("reply":null)") != std::string::npos);
    r.reply = ReviewReply{"thanks", {}, {}};
    CHECK(veza::json::to_json(r).find(R"("reply":{"text":"thanks")") != std::string::npos);
  }
}
