// Seller replies, reports that hide a review, moderation, and rebuild-summary's drift report.
#include <doctest/doctest.h>

#include <thread>

#include "reviews_fixture.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::reviews::ModerationAction;
using veza::reviews::ReviewSort;
using veza::reviews::ReviewStatus;
using veza::testing::ReviewsFixture;

TEST_SUITE("reviews") {
  TEST_CASE("the seller replies once per review, a second reply edits it, nobody else may") {
    ReviewsFixture f;
    const auto alice = f.buyer("alice@example.org");
    const auto r = f.review(alice, 2, std::string("Too quiet"));
    auto reply = f.reviews.reply(f.seller.id, f.product.id, r.id, " Remastered since. ");
    REQUIRE(reply);
    REQUIRE(reply->reply.has_value());
    CHECK(reply->reply->text == "Remastered since.");
    f.clock.advance(std::chrono::seconds(1));
    auto edited = f.reviews.reply(f.seller.id, f.product.id, r.id, "Remastered: try again");
    REQUIRE(edited);
    CHECK(edited->reply->created_at == reply->reply->created_at);
    CHECK(edited->reply->updated_at > reply->reply->updated_at);
    CHECK(edited->updated_at == r.updated_at);  // the author's edit time is theirs

    auto by_buyer = f.reviews.reply(alice.id, f.product.id, r.id, "me too");
    REQUIRE_FALSE(by_buyer);
    CHECK(by_buyer.error().code == ErrorCode::forbidden);
    auto other_product = f.make_product(f.seller, 100, "EUR", 0, "Other");
    auto wrong = f.reviews.reply(f.seller.id, other_product.id, r.id, "hi");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::not_found);
    auto empty = f.reviews.reply(f.seller.id, f.product.id, r.id, "   ");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::validation_failed);
  }

  TEST_CASE("three reports hide a review from lists and the summary until an admin decides") {
    ReviewsFixture f;
    const auto alice = f.buyer("alice@example.org");
    const auto bob = f.buyer("bob@example.org");
    const auto spam = f.review(alice, 1, std::string("spam"));
    f.review(bob, 5);
    const auto r1 = f.make_user("r1@example.org"), r2 = f.make_user("r2@example.org"), r3 = f.make_user("r3@example.org");
    REQUIRE(f.reviews.report(r1.id, f.product.id, spam.id, "spam"));
    auto twice = f.reviews.report(r1.id, f.product.id, spam.id, "spam again");
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::conflict);
    auto no_reason = f.reviews.report(r2.id, f.product.id, spam.id, "");
    REQUIRE_FALSE(no_reason);
    CHECK(no_reason.error().code == ErrorCode::validation_failed);
    REQUIRE(f.reviews.report(r2.id, f.product.id, spam.id, "spam"));
    CHECK(f.summary().count == 2);
    auto third = f.reviews.report(r3.id, f.product.id, spam.id, "spam");
    REQUIRE(third);
    CHECK(third->status == ReviewStatus::hidden);
    CHECK(third->report_count == 3);
    CHECK(f.summary().count == 1);
    CHECK(f.summary().sum == 5);
    auto page = f.reviews.list(f.product.id, ReviewSort::newest, 10, std::nullopt);
    REQUIRE(page);
    CHECK(page->items.size() == 1);
    f.check_consistent();

    SUBCASE("publish brings it back and resets the count") {
      auto p = f.reviews.moderate(spam.id, ModerationAction::publish);
      REQUIRE(p);
      CHECK(p->status == ReviewStatus::published);
      CHECK(p->report_count == 0);
      CHECK(f.summary().count == 2);
      f.check_consistent();
    }
    SUBCASE("remove keeps it out for good") {
      auto rm = f.reviews.moderate(spam.id, ModerationAction::remove);
      REQUIRE(rm);
      CHECK(rm->status == ReviewStatus::removed);
      CHECK(f.summary().count == 1);
      const auto r4 = f.make_user("r4@example.org");
      auto gone = f.reviews.report(r4.id, f.product.id, spam.id, "x");
      REQUIRE_FALSE(gone);
      CHECK(gone.error().code == ErrorCode::not_found);
      // The author cannot simply post it again.
      CHECK_FALSE(f.reviews.create(alice.id, f.product.id, {1, {}}));
      f.check_consistent();
    }
    auto unknown = f.reviews.moderate(f.ids.next(), ModerationAction::publish);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
  }

  TEST_CASE("rebuild-summary reports drift, corrects it, and then finds none") {
    ReviewsFixture f;
    const auto alice = f.buyer("alice@example.org");
    f.review(alice, 4);
    auto clean = f.reviews.rebuild_summaries();
    REQUIRE(clean);
    CHECK(clean->products_checked == 1);
    CHECK(clean->drifted.empty());
    // Corrupt the stored row behind the service's back.
    REQUIRE(f.db.run(TxMode::write, [&](Transaction& tx) {
      veza::reviews::RatingSummary wrong;
      wrong.apply(1, 1);
      wrong.apply(1, 1);
      return tx.reviews().store_summary(f.product.id, wrong);
    }));
    auto fixed = f.reviews.rebuild_summaries();
    REQUIRE(fixed);
    REQUIRE(fixed->drifted.size() == 1);
    CHECK(fixed->drifted[0].product_id == f.product.id);
    CHECK(fixed->drifted[0].stored.count == 2);
    CHECK(fixed->drifted[0].recomputed.count == 1);
    CHECK(f.summary().sum == 4);
    f.check_consistent();
  }

  TEST_CASE("concurrent creates, edits and deletes leave the summary equal to a recomputation") {
    ReviewsFixture f;
    std::vector<veza::identity::User> users;
    for (int i = 0; i < 8; ++i) users.push_back(f.buyer("c" + std::to_string(i) + "@example.org"));
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < users.size(); ++t) {
      threads.emplace_back([&, t] {
        const auto& u = users[t];
        for (int i = 0; i < 20; ++i) {
          // Results are ignored on purpose: conflicts and not-founds are part of the race.
          (void)f.reviews.create(u.id, f.product.id, {1 + (i + static_cast<int>(t)) % 5, {}});
          (void)f.reviews.edit_mine(u.id, f.product.id, {1 + i % 5, {}});
          if (i % 3 == 0) (void)f.reviews.delete_mine(u.id, f.product.id);
        }
      });
    }
    for (auto& th : threads) th.join();
    f.check_consistent();
  }
}
