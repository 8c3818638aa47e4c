// Reviews against real SQLite and PostgreSQL: the repository's rows, pages and summary UPSERTs,
// the service end to end (orders make buyers verified), and concurrent writers.
#include <doctest/doctest.h>

#include <atomic>
#include <latch>
#include <thread>

#include <veza/orders/order_service.hpp>
#include <veza/reviews/review_service.hpp>

#include "sql_test_db.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::reviews::RatingSummary;
using veza::reviews::Review;
using veza::reviews::ReviewSort;
using veza::reviews::ReviewStatus;

namespace {

struct Stack {
  explicit Stack(veza::testing::SqlTestDb& db) : t(db) { orders.add_participant(reviews); }
  veza::testing::SqlTestDb& t;
  veza::orders::OrderService orders{t.db(), t.ids, t.clock};
  veza::reviews::ReviewService reviews{t.db(), t.ids, t.clock};

  veza::identity::User buyer(const std::string& email, const veza::catalog::Product& p) {
    auto u = t.add_user(email);
    auto o = t.add_order(u, {p});
    REQUIRE(orders.mark_paid(o.id));
    return u;
  }
  RatingSummary summary(const std::string& product) {
    auto s = reviews.summary(product);
    REQUIRE(s);
    return *s;
  }
  RatingSummary recomputed(const std::string& product) {
    auto s = veza::transact<RatingSummary>(t.db(), TxMode::read,
                                           [&](Transaction& tx) { return tx.reviews().recompute_summary(product); });
    REQUIRE(s);
    return *s;
  }
};

void concurrent_writers(veza::adapters::SqlDialect dialect) {
  auto db = veza::testing::SqlTestDb::create(dialect, true, 6);
  Stack s(*db);
  const auto seller = db->add_user("seller@example.org");
  const auto product = db->add_product(seller);
  std::vector<veza::identity::User> users;
  for (int i = 0; i < 6; ++i) users.push_back(s.buyer("c" + std::to_string(i) + "@example.org", product));
  std::atomic<int> internal_errors{0};
  const auto note = [&](const veza::Error& e) {
    if (e.code != ErrorCode::conflict && e.code != ErrorCode::not_found) ++internal_errors;
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < users.size() * 2; ++t) {
    // Two threads per user, so the same review is created, edited and deleted concurrently.
    threads.emplace_back([&, t] {
      const auto& u = users[t % users.size()];
      for (int i = 0; i < 12; ++i) {
        const int rating = 1 + (i + static_cast<int>(t)) % 5;
        if (auto r = s.reviews.create(u.id, product.id, {rating, {}}); !r) note(r.error());
        if (auto r = s.reviews.edit_mine(u.id, product.id, {1 + i % 5, {}}); !r) note(r.error());
        if (i % 3 == static_cast<int>(t % 3)) {
          if (auto r = s.reviews.delete_mine(u.id, product.id); !r) note(r.error());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(internal_errors.load() == 0);
  const RatingSummary maintained = s.summary(product.id);
  CHECK(maintained == s.recomputed(product.id));
  auto rebuilt = s.reviews.rebuild_summaries();
  REQUIRE(rebuilt);
  CHECK(rebuilt->drifted.empty());
}

// A review created while the buyer's order is fully refunded, many times over from two
// threads released together. Whichever commits first, the review (if the create won) must end
// unverified and outside the summary: on PostgreSQL that needs the create to lock the licence it
// read, or the refund's look for a review runs before the new review is visible.
void create_racing_full_refund(veza::adapters::SqlDialect dialect, int rounds) {
  auto db = veza::testing::SqlTestDb::create(dialect, true, 4);
  Stack s(*db);
  const auto seller = db->add_user("seller@example.org");
  const auto product = db->add_product(seller);
  int created = 0, still_verified = 0;
  for (int round = 0; round < rounds; ++round) {
    const auto buyer = db->add_user("race" + std::to_string(round) + "@example.org");
    const auto order = db->add_order(buyer, {product});
    REQUIRE(s.orders.mark_paid(order.id));
    std::latch start(2);
    veza::Result<Review> review = veza::make_error(ErrorCode::internal, "not run");
    veza::Result<veza::orders::Order> refunded = veza::make_error(ErrorCode::internal, "not run");
    std::thread reviewer([&] {
      start.arrive_and_wait();
      review = s.reviews.create(buyer.id, product.id, {5, std::string("fast")});
    });
    std::thread refunder([&] {
      start.arrive_and_wait();
      refunded = s.orders.settle_refund(order.id, true);
    });
    reviewer.join();
    refunder.join();
    REQUIRE(refunded);
    if (!review) {
      CHECK(review.error().code == ErrorCode::forbidden);  // the refund committed first
      continue;
    }
    ++created;
    auto mine = s.reviews.get_mine(buyer.id, product.id);
    REQUIRE(mine);
    if (mine->verified_purchase) ++still_verified;
  }
  INFO(created << " of " << rounds << " reviews were created before the refund committed");
  CHECK(still_verified == 0);
  CHECK(s.summary(product.id).count == 0);
  CHECK(s.summary(product.id) == s.recomputed(product.id));
}

}  // namespace

TEST_SUITE("reviews") {
  VEZA_SQL_TEST(review_rows, "a review is stored, updated with its reply and deleted with its reports") {
    const auto seller = t.add_user("seller@example.org");
    const auto author = t.add_user("author@example.org");
    const auto reporter = t.add_user("reporter@example.org");
    const auto product = t.add_product(seller);
    Review r;
    r.id = t.ids.next();
    r.product_id = product.id;
    r.user_id = author.id;
    r.rating = 4;
    r.comment = "Fine";
    r.created_at = t.clock.now();
    r.updated_at = r.created_at;
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.reviews().insert(r); }));
    Review dup = r;
    dup.id = t.ids.next();
    auto again = t.db().run(TxMode::write, [&](Transaction& tx) { return tx.reviews().insert(dup); });
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);

    t.clock.advance(std::chrono::seconds(3));
    r.rating = 2;
    r.comment.reset();
    r.verified_purchase = false;
    r.status = ReviewStatus::hidden;
    r.report_count = 3;
    r.reply = veza::reviews::ReviewReply{"Thanks", t.clock.now(), t.clock.now()};
    r.updated_at = t.clock.now();
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      auto u = tx.reviews().update(r);
      if (!u) return u.error();
      CHECK(*u);
      auto rep = tx.reviews().add_report({r.id, reporter.id, "spam", t.clock.now()});
      if (!rep) return rep.error();
      CHECK(*rep);
      auto twice = tx.reviews().add_report({r.id, reporter.id, "spam", t.clock.now()});
      if (!twice) return twice.error();
      CHECK_FALSE(*twice);
      return veza::ok();
    }));
    auto found = veza::transact<std::optional<Review>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.reviews().find_by_author(product.id, author.id, false);
    });
    REQUIRE(found);
    REQUIRE(found->has_value());
    const Review& f = **found;
    CHECK(f.id == r.id);
    CHECK(f.rating == 2);
    CHECK_FALSE(f.comment.has_value());
    CHECK_FALSE(f.verified_purchase);
    CHECK(f.status == ReviewStatus::hidden);
    CHECK(f.report_count == 3);
    REQUIRE(f.reply.has_value());
    CHECK(f.reply->text == "Thanks");
    CHECK(f.reply->created_at == r.reply->created_at);
    CHECK(f.created_at == r.created_at);
    CHECK(f.updated_at == r.updated_at);
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      auto gone = tx.reviews().remove(r.id);
      if (!gone) return gone.error();
      CHECK(*gone);
      auto none = tx.reviews().find_by_id(r.id, true);
      if (!none) return none.error();
      CHECK_FALSE(none->has_value());
      return veza::ok();
    }));
    auto junk = veza::transact<std::optional<Review>>(t.db(), TxMode::read,
                                                      [&](Transaction& tx) { return tx.reviews().find_by_id("x", false); });
    REQUIRE(junk);
    CHECK_FALSE(junk->has_value());
  }

  VEZA_SQL_TEST(summary_upserts, "summary UPSERTs add up, and store_summary overwrites") {
    const auto seller = t.add_user("seller@example.org");
    const auto product = t.add_product(seller);
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      for (int r : {5, 5, 4, 3}) VEZA_TRY_VOID(tx.reviews().adjust_summary(product.id, r, 1));
      return tx.reviews().adjust_summary(product.id, 5, -1);
    }));
    auto s = veza::transact<RatingSummary>(t.db(), TxMode::read, [&](Transaction& tx) { return tx.reviews().summary(product.id); });
    REQUIRE(s);
    CHECK(s->count == 3);
    CHECK(s->sum == 12);
    CHECK(s->stars == std::array<std::int64_t, 5>{0, 0, 1, 1, 1});
    RatingSummary zero;
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.reviews().store_summary(product.id, zero); }));
    auto z = veza::transact<RatingSummary>(t.db(), TxMode::read, [&](Transaction& tx) { return tx.reviews().summary(product.id); });
    REQUIRE(z);
    CHECK(*z == zero);
    auto none = veza::transact<RatingSummary>(t.db(), TxMode::read, [&](Transaction& tx) { return tx.reviews().summary(t.ids.next()); });
    REQUIRE(none);
    CHECK(none->count == 0);
  }

  VEZA_SQL_TEST(service_flow, "buy, review, page, refund and buy again through the service") {
    Stack s(t);
    const auto seller = t.add_user("seller@example.org");
    const auto product = t.add_product(seller);
    std::vector<veza::identity::User> buyers;
    const int ratings[] = {3, 5, 1, 5, 2, 4, 3};
    for (int i = 0; i < 7; ++i) {
      buyers.push_back(s.buyer("b" + std::to_string(i) + "@example.org", product));
      if (i % 2 == 0) t.clock.advance(std::chrono::milliseconds(1));  // some share a timestamp
      REQUIRE(s.reviews.create(buyers.back().id, product.id, {ratings[i], std::string("r") + std::to_string(i)}));
    }
    CHECK(s.summary(product.id).count == 7);
    CHECK(s.summary(product.id).sum == 23);
    for (auto sort : {ReviewSort::newest, ReviewSort::highest, ReviewSort::lowest}) {
      CAPTURE(veza::reviews::to_string(sort));
      std::vector<Review> all;
      std::optional<std::string> cursor;
      int pages = 0;
      do {
        auto page = s.reviews.list(product.id, sort, 3, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
        REQUIRE(page);
        ++pages;
        all.insert(all.end(), page->items.begin(), page->items.end());
        cursor = page->next_cursor;
      } while (cursor && pages < 10);
      CHECK(pages == 3);
      REQUIRE(all.size() == 7);
      for (std::size_t i = 1; i < all.size(); ++i) {
        const auto& a = all[i - 1];
        const auto& b = all[i];
        if (sort == ReviewSort::newest) CHECK((a.created_at > b.created_at || (a.created_at == b.created_at && a.id > b.id)));
        if (sort == ReviewSort::highest) CHECK((a.rating > b.rating || (a.rating == b.rating && a.id > b.id)));
        if (sort == ReviewSort::lowest) CHECK((a.rating < b.rating || (a.rating == b.rating && a.id > b.id)));
      }
    }
    // Refund the first buyer's order: their 3 leaves the summary, the review stays listed.
    auto licences = veza::transact<std::vector<veza::orders::Licence>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.licences().list_for_user(buyers[0].id); });
    REQUIRE(licences);
    REQUIRE(licences->size() == 1);
    REQUIRE(s.orders.settle_refund(licences->front().order_id, true));
    CHECK(s.summary(product.id).count == 6);
    CHECK(s.summary(product.id).sum == 20);
    auto mine = s.reviews.get_mine(buyers[0].id, product.id);
    REQUIRE(mine);
    CHECK_FALSE(mine->verified_purchase);
    auto again = t.add_order(buyers[0], {product});
    REQUIRE(s.orders.mark_paid(again.id));
    CHECK(s.summary(product.id).count == 7);
    CHECK(s.summary(product.id) == s.recomputed(product.id));
    auto products = veza::transact<std::vector<std::string>>(t.db(), TxMode::read,
                                                             [&](Transaction& tx) { return tx.reviews().products_with_reviews(); });
    REQUIRE(products);
    CHECK(*products == std::vector<std::string>{product.id});
  }

  TEST_CASE("sqlite: concurrent create, edit and delete keep the summary equal to a recomputation") {
    concurrent_writers(veza::adapters::SqlDialect::sqlite);
  }
  TEST_CASE("postgresql: concurrent create, edit and delete keep the summary equal to a recomputation") {
    concurrent_writers(veza::adapters::SqlDialect::postgresql);
  }

  TEST_CASE("sqlite: a review created while the order is fully refunded ends unverified and outside the summary") {
    create_racing_full_refund(veza::adapters::SqlDialect::sqlite, 100);
  }
  TEST_CASE("postgresql: a review created while the order is fully refunded ends unverified and outside the summary") {
    create_racing_full_refund(veza::adapters::SqlDialect::postgresql, 100);
  }

  // Reads keep their prepared statements per pooled connection; a connection the server drops
  // takes them with it, so the pool must prepare them again on the new one (not reuse the old).
  TEST_CASE("postgresql: after the server drops a pooled connection, reads reconnect and prepare their statements again") {
    auto t = veza::testing::SqlTestDb::create(veza::adapters::SqlDialect::postgresql, true, 1);
    Stack s(*t);
    const auto seller = t->add_user("seller@example.org");
    const auto product = t->add_product(seller);
    const auto buyer = s.buyer("buyer@example.org", product);
    REQUIRE(s.reviews.create(buyer.id, product.id, {4, std::string("Warm")}));
    CHECK(s.summary(product.id).count == 1);  // prepared and cached on the one connection
    REQUIRE(s.reviews.list(product.id, ReviewSort::newest, 10, std::nullopt));

    const std::string database = t->url().substr(t->url().rfind('/') + 1);
    veza::testing::postgres_admin_exec(veza::testing::postgres_admin_url(),
                                       "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                           database + "' AND pid <> pg_backend_pid()");

    // The first call may be the one that finds the connection gone (unavailable, not a crash);
    // from then on the new connection answers, with every statement prepared on it.
    auto first = s.reviews.summary(product.id);
    if (!first) CHECK(first.error().code == ErrorCode::unavailable);
    CHECK(s.summary(product.id).count == 1);
    CHECK(s.summary(product.id).sum == 4);
    auto page = s.reviews.list(product.id, ReviewSort::newest, 10, std::nullopt);
    REQUIRE(page);
    REQUIRE(page->items.size() == 1);
    CHECK(page->items[0].comment == std::optional<std::string>("Warm"));
  }
}
