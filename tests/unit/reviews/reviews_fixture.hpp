#pragma once
// The domain fixture plus a ReviewService registered as an order participant, and a helper
// that makes a verified buyer through a real (paid) order.
#include <string>

#include <veza/reviews/review_service.hpp>

#include "support/domain_fixture.hpp"
#include "support/fake_metrics.hpp"

namespace veza::testing {

struct ReviewsFixture : DomainFixture {
  FakeMetrics metrics;
  reviews::ReviewService reviews{db, ids, clock, &metrics, reviews::ReviewOptions{3}};
  identity::User seller = make_user("seller@example.org");
  catalog::Product product = make_product(seller);

  ReviewsFixture() { orders.add_participant(reviews); }

  orders::Order buy(const identity::User& buyer, const catalog::Product& p) {
    auto order = orders.create(buyer.id, {p.id});
    REQUIRE(order);
    auto paid = orders.mark_paid(order->id);
    REQUIRE(paid);
    return *paid;
  }

  identity::User buyer(const std::string& email) {
    auto u = make_user(email);
    buy(u, product);
    return u;
  }

  reviews::Review review(const identity::User& u, std::int64_t rating, std::optional<std::string> comment = {}) {
    auto r = reviews.create(u.id, product.id, {rating, std::move(comment)});
    REQUIRE(r);
    return *r;
  }

  reviews::RatingSummary summary() {
    auto s = reviews.summary(product.id);
    REQUIRE(s);
    return *s;
  }

  // The maintained summary must always equal a recomputation from the reviews.
  void check_consistent() {
    auto rebuilt = reviews.rebuild_summaries(std::string_view(product.id));
    REQUIRE(rebuilt);
    CHECK(rebuilt->drifted.empty());
  }
};

}  // namespace veza::testing
