// Checkout and who sees which order.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/domain_fixture.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::identity::Role;
using veza::orders::OrderStatus;
using veza::testing::DomainFixture;
using veza::testing::SequentialIds;

TEST_SUITE("orders") {
  TEST_CASE("checkout freezes each line's price and splits it into net and VAT, totals are the sums") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto a = f.make_product(seller, 1250, "EUR", 2000, "First");
    const auto b = f.make_product(seller, 999, "EUR", 550, "Second");
    auto r = f.orders.create(buyer.id, {a.id, b.id});
    REQUIRE(r);
    CHECK(r->status == OrderStatus::pending_payment);
    CHECK(r->buyer_id == buyer.id);
    CHECK(r->currency.code() == "EUR");
    REQUIRE(r->items.size() == 2);
    CHECK(r->items[0].product_id == a.id);
    CHECK(r->items[0].seller_id == seller.id);
    CHECK(r->items[0].title == "First");
    CHECK(r->items[0].unit_gross_cents == 1250);
    CHECK(r->items[0].vat_rate_bp == 2000);
    CHECK(r->items[0].net_cents == 1042);
    CHECK(r->items[0].vat_cents == 208);
    CHECK(r->items[1].net_cents == 947);
    CHECK(r->items[1].vat_cents == 52);
    CHECK(r->total_cents == 1250 + 999);
    CHECK(r->net_cents == 1042 + 947);
    CHECK(r->vat_cents == 208 + 52);
    CHECK_FALSE(r->payment_id);
    CHECK(r->created_at == f.clock.now());

    auto stored = f.orders.get(r->id);
    REQUIRE(stored);
    REQUIRE(stored->items.size() == 2);
    CHECK(stored->items[0].order_id == r->id);
    CHECK(stored->total_cents == r->total_cents);
  }

  TEST_CASE("checkout refuses no items, too many items and the same product twice") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto p = f.make_product(seller);
    auto empty = f.orders.create(buyer.id, {});
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::validation_failed);
    auto twice = f.orders.create(buyer.id, {p.id, p.id});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::validation_failed);
    std::vector<std::string> many;
    for (std::size_t i = 0; i <= veza::orders::kMaxOrderItems; ++i) many.push_back(SequentialIds::nth(1000 + i));
    auto too_many = f.orders.create(buyer.id, many);
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().code == ErrorCode::validation_failed);
  }

  TEST_CASE("checkout refuses an unknown product or buyer with not_found") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto p = f.make_product(seller);
    auto unknown = f.orders.create(buyer.id, {p.id, SequentialIds::nth(500)});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
    auto garbage = f.orders.create(buyer.id, {"product-1"});
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().code == ErrorCode::not_found);
    auto nobody = f.orders.create(SequentialIds::nth(501), {p.id});
    REQUIRE_FALSE(nobody);
    CHECK(nobody.error().code == ErrorCode::not_found);
    auto none = f.orders.list_all(10);
    REQUIRE(none);
    CHECK(none->empty());
  }

  TEST_CASE("checkout refuses mixed currencies") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto eur = f.make_product(seller, 100, "EUR");
    const auto usd = f.make_product(seller, 100, "USD");
    auto r = f.orders.create(buyer.id, {eur.id, usd.id});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::validation_failed);
  }

  TEST_CASE("buying your own product is a conflict") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto p = f.make_product(seller);
    auto r = f.orders.create(seller.id, {p.id});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
  }

  TEST_CASE("buying a product you already hold an active licence for is a conflict") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto p = f.make_product(seller);
    auto first = f.orders.create(buyer.id, {p.id});
    REQUIRE(first);
    REQUIRE(f.orders.mark_paid(first->id));
    auto again = f.orders.create(buyer.id, {p.id});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);

    SUBCASE("after a full refund the product can be bought again") {
      REQUIRE(f.orders.settle_refund(first->id, true));
      CHECK(f.orders.create(buyer.id, {p.id}));
    }
  }

  TEST_CASE("the buyer and admins see an order, anyone else gets not_found") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto admin = f.make_user("admin@example.com", Role::admin);
    const auto stranger = f.make_user("stranger@example.com");
    const auto p = f.make_product(seller);
    auto order = f.orders.create(buyer.id, {p.id});
    REQUIRE(order);
    CHECK(f.orders.get_for(order->id, buyer));
    CHECK(f.orders.get_for(order->id, admin));
    auto hidden = f.orders.get_for(order->id, stranger);
    REQUIRE_FALSE(hidden);
    CHECK(hidden.error().code == ErrorCode::not_found);
    auto missing = f.orders.get_for(SequentialIds::nth(999), admin);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
    CHECK(hidden.error().message.find(order->id) != std::string::npos);  // same wording as a missing id
  }

  TEST_CASE("a buyer lists their own orders, newest first, list_all lists everyone's") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto other = f.make_user("other@example.com");
    const auto p1 = f.make_product(seller);
    const auto p2 = f.make_product(seller);
    auto older = f.orders.create(buyer.id, {p1.id});
    f.clock.advance(1s);
    auto newer = f.orders.create(buyer.id, {p2.id});
    f.clock.advance(1s);
    auto theirs = f.orders.create(other.id, {p1.id});
    REQUIRE(older);
    REQUIRE(newer);
    REQUIRE(theirs);

    auto mine = f.orders.list_for(buyer, 10);
    REQUIRE(mine);
    REQUIRE(mine->size() == 2);
    CHECK((*mine)[0].id == newer->id);
    CHECK((*mine)[1].id == older->id);

    auto all = f.orders.list_all(2);
    REQUIRE(all);
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].id == theirs->id);

    auto bad = f.orders.list_all(0);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::validation_failed);
  }

  TEST_CASE("a buyer's orders come in pages whose cursor is the last order, and another buyer's order is no cursor") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.org");
    const auto buyer = f.make_user("buyer@example.org");
    const auto other = f.make_user("other@example.org");
    std::vector<std::string> newest_first;
    for (int i = 0; i < 5; ++i) {
      f.clock.advance(1s);
      auto o = f.orders.create(buyer.id, {f.make_product(seller).id});
      REQUIRE(o);
      newest_first.insert(newest_first.begin(), o->id);
    }
    auto theirs = f.orders.create(other.id, {f.make_product(seller).id});
    REQUIRE(theirs);

    std::vector<std::string> walked;
    std::optional<std::string> cursor;
    int pages = 0;
    do {
      auto page = f.orders.page_for(buyer, 2, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
      REQUIRE(page);
      ++pages;
      for (const auto& o : page->items) walked.push_back(o.id);
      cursor = page->next_cursor;
    } while (cursor && pages < 10);
    CHECK(pages == 3);  // 2 + 2 + 1, and the last page has no cursor
    CHECK(walked == newest_first);

    for (const std::string& bad : {theirs->id, std::string("not-an-order"), f.ids.next()}) {
      auto refused = f.orders.page_for(buyer, 2, std::string_view(bad));
      REQUIRE_FALSE(refused);
      CHECK(refused.error().code == ErrorCode::invalid_argument);
      CHECK(refused.error().message.find("next_cursor") != std::string::npos);
    }
  }

  TEST_CASE("an admin pages through every buyer's orders, and nobody else may") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.org");
    const auto admin = f.make_user("admin@example.org", veza::identity::Role::admin);
    const auto a = f.make_user("a@example.org");
    const auto b = f.make_user("b@example.org");
    std::vector<std::string> newest_first;
    for (const auto* buyer : {&a, &b, &a}) {
      f.clock.advance(1s);
      auto o = f.orders.create(buyer->id, {f.make_product(seller).id});
      REQUIRE(o);
      newest_first.insert(newest_first.begin(), o->id);
    }
    auto first = f.orders.page_all(admin, 2, std::nullopt);
    REQUIRE(first);
    REQUIRE(first->next_cursor);
    auto second = f.orders.page_all(admin, 2, std::string_view(*first->next_cursor));
    REQUIRE(second);
    CHECK_FALSE(second->next_cursor);
    std::vector<std::string> walked;
    for (const auto* p : {&*first, &*second}) {
      for (const auto& o : p->items) walked.push_back(o.id);
    }
    CHECK(walked == newest_first);

    auto refused = f.orders.page_all(a, 2, std::nullopt);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::forbidden);
  }

  TEST_CASE("a payment id is recorded on a pending order only") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto buyer = f.make_user("buyer@example.com");
    const auto p = f.make_product(seller);
    auto order = f.orders.create(buyer.id, {p.id});
    REQUIRE(order);
    REQUIRE(f.orders.set_payment_id(order->id, "pay_123"));
    auto stored = f.orders.get(order->id);
    REQUIRE(stored);
    CHECK(stored->payment_id == "pay_123");

    auto empty = f.orders.set_payment_id(order->id, " ");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::validation_failed);
    auto unknown = f.orders.set_payment_id(SequentialIds::nth(999), "pay_1");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);

    REQUIRE(f.orders.mark_paid(order->id));
    auto late = f.orders.set_payment_id(order->id, "pay_456");
    REQUIRE_FALSE(late);
    CHECK(late.error().code == ErrorCode::conflict);
    CHECK(f.orders.get(order->id)->payment_id == "pay_123");
  }
}
