// ReviewService over the in-memory fakes: who may review, validation, edits, pages, the
// summary, and how refunds and re-purchases move a review out of and back into the summary.
#include <doctest/doctest.h>

#include <set>

#include "reviews_fixture.hpp"

using veza::ErrorCode;
using veza::reviews::ReviewSort;
using veza::testing::ReviewsFixture;

TEST_SUITE("reviews") {
  TEST_CASE("a verified buyer reviews once, the summary and the metric follow") {
    ReviewsFixture f;
    const auto alice = f.buyer("alice@example.org");
    auto r = f.reviews.create(alice.id, f.product.id, {4, std::string("  Great track \n")});
    REQUIRE(r);
    CHECK(r->rating == 4);
    CHECK(r->comment == "Great track");
    CHECK(r->verified_purchase);
    CHECK(r->created_at == r->updated_at);
    auto s = f.summary();
    CHECK(s.count == 1);
    CHECK(s.sum == 4);
    CHECK(s.stars[3] == 1);
    CHECK(f.metrics.value("veza_reviews_created_total") == 1.0);

    SUBCASE("a second review is a conflict naming the first") {
      auto again = f.reviews.create(alice.id, f.product.id, {5, {}});
      REQUIRE_FALSE(again);
      CHECK(again.error().code == ErrorCode::conflict);
      CHECK(again.error().message.find(r->id) != std::string::npos);
      CHECK(f.summary().count == 1);
      CHECK(f.metrics.value("veza_reviews_created_total") == 1.0);
    }
    SUBCASE("editing keeps the id, sets updated_at and moves the summary") {
      f.clock.advance(std::chrono::seconds(5));
      auto e = f.reviews.edit_mine(alice.id, f.product.id, {2, std::string("   ")});
      REQUIRE(e);
      CHECK(e->id == r->id);
      CHECK(e->updated_at > e->created_at);
      CHECK_FALSE(e->comment.has_value());
      auto s2 = f.summary();
      CHECK(s2.count == 1);
      CHECK(s2.sum == 2);
      CHECK(s2.stars[3] == 0);
      CHECK(s2.stars[1] == 1);
      f.check_consistent();
    }
    SUBCASE("deleting removes it from the summary, after which a new review is allowed") {
      REQUIRE(f.reviews.delete_mine(alice.id, f.product.id));
      CHECK(f.summary().count == 0);
      CHECK_FALSE(f.summary().average_hundredths().has_value());
      auto gone = f.reviews.delete_mine(alice.id, f.product.id);
      REQUIRE_FALSE(gone);
      CHECK(gone.error().code == ErrorCode::not_found);
      REQUIRE(f.reviews.create(alice.id, f.product.id, {5, {}}));
      CHECK(f.summary().sum == 5);
    }
    SUBCASE("someone without a review cannot edit or delete (not found)") {
      const auto bob = f.buyer("bob@example.org");
      auto e = f.reviews.edit_mine(bob.id, f.product.id, {1, {}});
      REQUIRE_FALSE(e);
      CHECK(e.error().code == ErrorCode::not_found);
      CHECK(f.summary().sum == 4);
    }
  }

  TEST_CASE("bad input is refused before any transaction and never moves the summary") {
    ReviewsFixture f;
    const auto alice = f.buyer("alice@example.org");
    f.review(alice, 3);
    const auto before = f.db.transactions_begun();
    const std::string long_comment(2001, 'a');
    const std::string max_comment(2000, 'a');
    struct Case {
      std::int64_t rating;
      std::optional<std::string> comment;
    };
    for (const auto& c : {Case{0, {}}, Case{6, {}}, Case{-1, {}}, Case{3, long_comment},
                          Case{3, std::string("bad \xC3\x28 utf8")}}) {
      auto r = f.reviews.edit_mine(alice.id, f.product.id, {c.rating, c.comment});
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    CHECK(f.db.transactions_begun() == before);
    CHECK(f.summary().sum == 3);
    auto at_max = f.reviews.edit_mine(alice.id, f.product.id, {3, max_comment});
    CHECK(at_max);
    // 2,000 characters, not bytes: "é" is two bytes.
    std::string accents;
    for (int i = 0; i < 2000; ++i) accents += "\xC3\xA9";
    CHECK(f.reviews.edit_mine(alice.id, f.product.id, {3, accents}));
  }

  TEST_CASE("only verified buyers other than the seller may review an existing product") {
    ReviewsFixture f;
    const auto stranger = f.make_user("stranger@example.org");
    auto no_purchase = f.reviews.create(stranger.id, f.product.id, {5, {}});
    REQUIRE_FALSE(no_purchase);
    CHECK(no_purchase.error().code == ErrorCode::forbidden);
    CHECK(no_purchase.error().message.find("purchase") != std::string::npos);
    auto own = f.reviews.create(f.seller.id, f.product.id, {5, {}});
    REQUIRE_FALSE(own);
    CHECK(own.error().code == ErrorCode::forbidden);
    auto unknown = f.reviews.create(stranger.id, f.ids.next(), {5, {}});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
    auto not_uuid = f.reviews.create(stranger.id, "product-1", {5, {}});
    REQUIRE_FALSE(not_uuid);
    CHECK(not_uuid.error().code == ErrorCode::not_found);
    auto pending = f.orders.create(stranger.id, {f.product.id});  // ordered, not paid
    REQUIRE(pending);
    CHECK_FALSE(f.reviews.create(stranger.id, f.product.id, {5, {}}));
    CHECK(f.summary().count == 0);
    CHECK_FALSE(f.metrics.value("veza_reviews_created_total").value_or(0) > 0);
  }

  TEST_CASE("a full refund unverifies the review and takes it out of the summary, buying again restores it") {
    ReviewsFixture f;
    const auto alice = f.make_user("alice@example.org");
    const auto order = f.buy(alice, f.product);
    const auto bob = f.buyer("bob@example.org");
    f.review(alice, 1);
    f.review(bob, 5);
    CHECK(f.summary().count == 2);

    SUBCASE("a partial refund keeps the licence and changes nothing") {
      REQUIRE(f.orders.settle_refund(order.id, false));
      CHECK(f.summary().count == 2);
      CHECK(f.reviews.get_mine(alice.id, f.product.id)->verified_purchase);
    }
    SUBCASE("full refund, then a new purchase") {
      REQUIRE(f.orders.settle_refund(order.id, true));
      auto mine = f.reviews.get_mine(alice.id, f.product.id);
      REQUIRE(mine);
      CHECK_FALSE(mine->verified_purchase);
      auto s = f.summary();
      CHECK(s.count == 1);
      CHECK(s.sum == 5);
      CHECK(s.stars[0] == 0);
      // Still visible, marked unverified.
      auto page = f.reviews.list(f.product.id, ReviewSort::newest, 10, std::nullopt);
      REQUIRE(page);
      REQUIRE(page->items.size() == 2);
      // Editing an unverified review does not sneak it back into the summary.
      REQUIRE(f.reviews.edit_mine(alice.id, f.product.id, {2, {}}));
      CHECK(f.summary().count == 1);
      f.check_consistent();

      f.buy(alice, f.product);
      CHECK(f.reviews.get_mine(alice.id, f.product.id)->verified_purchase);
      auto again = f.summary();
      CHECK(again.count == 2);
      CHECK(again.sum == 7);
      f.check_consistent();
    }
  }

  TEST_CASE("pages are keyset-ordered for every sort and end without a cursor") {
    ReviewsFixture f;
    std::vector<std::string> ids;
    const std::int64_t ratings[] = {3, 5, 1, 5, 2, 4, 3};
    int n = 0;
    for (auto rating : ratings) {
      const auto u = f.buyer("u" + std::to_string(n++) + "@example.org");
      f.clock.advance(std::chrono::milliseconds(n % 2));  // some share a timestamp: the id breaks ties
      ids.push_back(f.review(u, rating).id);
    }
    for (auto sort : {ReviewSort::newest, ReviewSort::highest, ReviewSort::lowest}) {
      CAPTURE(veza::reviews::to_string(sort));
      std::vector<veza::reviews::Review> all;
      std::optional<std::string> cursor;
      int pages = 0;
      do {
        auto page = f.reviews.list(f.product.id, sort, 3,
                                   cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
        REQUIRE(page);
        ++pages;
        all.insert(all.end(), page->items.begin(), page->items.end());
        cursor = page->next_cursor;
      } while (cursor && pages < 10);
      CHECK(pages == 3);
      REQUIRE(all.size() == 7);
      std::set<std::string> seen;
      for (const auto& r : all) seen.insert(r.id);
      CHECK(seen.size() == 7);
      for (std::size_t i = 1; i < all.size(); ++i) {
        const auto& a = all[i - 1];
        const auto& b = all[i];
        if (sort == ReviewSort::newest) CHECK((a.created_at > b.created_at || (a.created_at == b.created_at && a.id > b.id)));
        if (sort == ReviewSort::highest) CHECK((a.rating > b.rating || (a.rating == b.rating && a.id > b.id)));
        if (sort == ReviewSort::lowest) CHECK((a.rating < b.rating || (a.rating == b.rating && a.id > b.id)));
      }
    }
    auto exact = f.reviews.list(f.product.id, ReviewSort::newest, 7, std::nullopt);
    REQUIRE(exact);
    CHECK_FALSE(exact->next_cursor.has_value());
    for (std::size_t bad : {std::size_t{0}, std::size_t{101}}) {
      auto r = f.reviews.list(f.product.id, ReviewSort::newest, bad, std::nullopt);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    auto first = f.reviews.list(f.product.id, ReviewSort::highest, 2, std::nullopt);
    REQUIRE(first);
    auto wrong_sort = f.reviews.list(f.product.id, ReviewSort::newest, 2, std::string_view(*first->next_cursor));
    REQUIRE_FALSE(wrong_sort);
    CHECK(wrong_sort.error().code == ErrorCode::invalid_argument);
    auto unknown = f.reviews.list(f.ids.next(), ReviewSort::newest, 2, std::nullopt);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
  }

  TEST_CASE("an order participant error rolls the review change back with the order") {
    ReviewsFixture f;
    const auto alice = f.make_user("alice@example.org");
    const auto order = f.buy(alice, f.product);
    f.review(alice, 4);
    f.db.fail_next_commit();
    CHECK_FALSE(f.orders.settle_refund(order.id, true));
    CHECK(f.summary().count == 1);
    CHECK(f.reviews.get_mine(alice.id, f.product.id)->verified_purchase);
  }

  TEST_CASE("pages and summaries of an unknown product are not found, a product without reviews is empty") {
    ReviewsFixture f;
    const std::string unknown = f.ids.next();
    auto page = f.reviews.list(unknown, ReviewSort::newest, 20, std::nullopt);
    REQUIRE_FALSE(page);
    CHECK(page.error().code == ErrorCode::not_found);
    auto summary = f.reviews.summary(unknown);
    REQUIRE_FALSE(summary);
    CHECK(summary.error().code == ErrorCode::not_found);
    auto empty = f.reviews.list(f.product.id, ReviewSort::newest, 20, std::nullopt);
    REQUIRE(empty);
    CHECK(empty->items.empty());
    CHECK(f.summary().count == 0);
    const auto alice = f.buyer("alice@example.org");
    REQUIRE(f.reviews.create(alice.id, f.product.id, {3, {}}));
    auto one = f.reviews.list(f.product.id, ReviewSort::lowest, 20, std::nullopt);
    REQUIRE(one);
    CHECK(one->items.size() == 1);
    CHECK(f.summary().count == 1);
  }
}
