// Orders (with items) and licences against real SQLite and PostgreSQL (the same cases for both).
#include <doctest/doctest.h>

#include <veza/orders/order.hpp>

#include "sql_test_db.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::orders::Licence;
using veza::orders::LicenceStatus;
using veza::orders::Order;
using veza::orders::OrderStatus;
using veza::orders::RefundStatus;

namespace {

std::optional<Order> find_order(veza::testing::SqlTestDb& t, const std::string& id) {
  auto r = veza::transact<std::optional<Order>>(t.db(), TxMode::read, [&](Transaction& tx) { return tx.orders().find_by_id(id); });
  REQUIRE(r);
  return *r;
}

Licence make_licence(veza::testing::SqlTestDb& t, const std::string& user, const std::string& product,
                     const std::string& order) {
  Licence l;
  l.id = t.ids.next();
  l.user_id = user;
  l.product_id = product;
  l.order_id = order;
  l.granted_at = t.clock.now();
  return l;
}

veza::Result<void> insert_licence(veza::testing::SqlTestDb& t, const Licence& l) {
  return t.db().run(TxMode::write, [&](Transaction& tx) { return tx.licences().insert(l); });
}

}  // namespace

TEST_SUITE("sql") {
  VEZA_SQL_TEST(order_round_trip, "an order is stored with its items and found with them in position order") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    // Titles in reverse alphabetical order, ids ascending: only `position` gives this order.
    const auto p1 = t.add_product(seller, "Zulu", 1200);
    const auto p2 = t.add_product(seller, "Alpha", 999);
    const auto p3 = t.add_product(seller, "Mike", 100);
    const Order o = t.add_order(buyer, {p3, p1, p2});

    auto f = find_order(t, o.id);
    REQUIRE(f.has_value());
    CHECK(f->buyer_id == buyer.id);
    CHECK(f->status == OrderStatus::pending_payment);
    CHECK(f->currency.code() == "EUR");
    CHECK(f->total_cents == 2299);
    CHECK(f->net_cents == o.net_cents);
    CHECK(f->vat_cents == o.vat_cents);
    CHECK_FALSE(f->payment_id.has_value());
    CHECK(f->refund_status == RefundStatus::none);
    CHECK_FALSE(f->withdrawal_waiver_at.has_value());
    CHECK(f->created_at == o.created_at);
    REQUIRE(f->items.size() == 3);
    CHECK(f->items[0].product_id == p3.id);
    CHECK(f->items[1].product_id == p1.id);
    CHECK(f->items[2].product_id == p2.id);
    CHECK(f->items[1].title == "Zulu");
    CHECK(f->items[1].order_id == o.id);
    CHECK(f->items[1].seller_id == seller.id);
    CHECK(f->items[1].unit_gross_cents == 1200);
    CHECK(f->items[1].vat_rate_bp == 2000);
    CHECK(f->items[1].net_cents == 1000);
    CHECK(f->items[1].vat_cents == 200);

    CHECK_FALSE(find_order(t, t.ids.next()).has_value());
    CHECK_FALSE(find_order(t, "order-1").has_value());
  }

  VEZA_SQL_TEST(order_items_all_or_nothing, "an order whose item fails is not written at all") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto p1 = t.add_product(seller);
    Order o = t.add_order(buyer, {p1});
    o.id = t.ids.next();
    for (auto& item : o.items) item.id = t.ids.next();
    o.items.push_back(o.items.front());  // the same product twice
    o.items.back().id = t.ids.next();
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) { return tx.orders().insert(o); });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().message == "the order lists a product twice");
    CHECK_FALSE(find_order(t, o.id).has_value());
  }

  VEZA_SQL_TEST(order_list, "orders are listed newest first for everyone or one buyer") {
    const auto seller = t.add_user("seller@example.org");
    const auto ada = t.add_user("ada@example.org");
    const auto bob = t.add_user("bob@example.org");
    const auto p = t.add_product(seller);
    const auto o1 = t.add_order(ada, {p});
    const auto o2 = t.add_order(bob, {p});
    const auto o3 = t.add_order(ada, {p});

    auto all = veza::transact<std::vector<Order>>(t.db(), TxMode::read,
                                                  [&](Transaction& tx) { return tx.orders().list(std::nullopt, 10, std::nullopt); });
    REQUIRE(all);
    REQUIRE(all->size() == 3);
    CHECK((*all)[0].id == o3.id);
    CHECK((*all)[1].id == o2.id);
    CHECK((*all)[2].id == o1.id);
    CHECK((*all)[0].items.size() == 1);

    auto empty_filter = veza::transact<std::vector<Order>>(t.db(), TxMode::read,
                                                           [&](Transaction& tx) { return tx.orders().list("", 2, std::nullopt); });
    REQUIRE(empty_filter);
    CHECK(empty_filter->size() == 2);

    auto of_ada = veza::transact<std::vector<Order>>(t.db(), TxMode::read,
                                                     [&](Transaction& tx) { return tx.orders().list(ada.id, 10, std::nullopt); });
    REQUIRE(of_ada);
    REQUIRE(of_ada->size() == 2);
    CHECK((*of_ada)[0].id == o3.id);
    CHECK((*of_ada)[1].id == o1.id);

    auto of_nobody = veza::transact<std::vector<Order>>(t.db(), TxMode::read,
                                                        [&](Transaction& tx) { return tx.orders().list("nobody", 10, std::nullopt); });
    REQUIRE(of_nobody);
    CHECK(of_nobody->empty());
  }

  VEZA_SQL_TEST(order_list_pages, "order pages continue after the last order's key, ties on time broken by id") {
    const auto seller = t.add_user("seller@example.org");
    const auto ada = t.add_user("ada@example.org");
    const auto bob = t.add_user("bob@example.org");
    const auto p = t.add_product(seller);
    t.add_order(bob, {p});
    for (int i = 0; i < 6; ++i) {
      t.add_order(ada, {p});
      // add_order steps the clock 1 ms; stepping back makes pairs of orders share an instant,
      // which only the id then orders (and pages of 3 end inside a pair).
      if (i % 2 == 0) t.clock.advance(std::chrono::milliseconds{-1});
    }
    t.add_order(bob, {p});
    auto whole = veza::transact<std::vector<Order>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.orders().list(ada.id, 100, std::nullopt); });
    REQUIRE(whole);
    REQUIRE(whole->size() == 6);
    std::vector<std::string> newest_first;
    for (const auto& o : *whole) newest_first.push_back(o.id);
    CHECK((*whole)[2].created_at == (*whole)[3].created_at);
    std::vector<std::string> walked;
    std::optional<veza::orders::OrderKey> after;
    for (int page = 0; page < 5; ++page) {
      auto rows = veza::transact<std::vector<Order>>(
          t.db(), TxMode::read, [&](Transaction& tx) { return tx.orders().list(ada.id, 3, after); });
      REQUIRE(rows);
      if (rows->empty()) break;
      for (const auto& o : *rows) {
        CHECK(o.buyer_id == ada.id);
        walked.push_back(o.id);
      }
      after = veza::orders::OrderKey{rows->back().created_at, rows->back().id};
    }
    CHECK(walked == newest_first);
  }

  VEZA_SQL_TEST(order_status_cas, "update_status moves an order once and refuses from a stale status") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto o = t.add_order(buyer, {t.add_product(seller)});
    t.clock.advance(std::chrono::seconds{10});
    const auto at = t.clock.now();
    auto move = [&](OrderStatus from, OrderStatus to) {
      auto r = veza::transact<bool>(t.db(), TxMode::write,
                                    [&](Transaction& tx) { return tx.orders().update_status(o.id, from, to, at); });
      REQUIRE(r);
      return *r;
    };
    CHECK(move(OrderStatus::pending_payment, OrderStatus::paid));
    CHECK_FALSE(move(OrderStatus::pending_payment, OrderStatus::paid));
    CHECK_FALSE(move(OrderStatus::pending_payment, OrderStatus::cancelled));
    auto f = find_order(t, o.id);
    REQUIRE(f.has_value());
    CHECK(f->status == OrderStatus::paid);
    CHECK(f->updated_at == at);
    auto bad = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) {
      return tx.orders().update_status("x", OrderStatus::paid, OrderStatus::refunded, at);
    });
    REQUIRE(bad);
    CHECK_FALSE(*bad);
  }

  VEZA_SQL_TEST(order_payment_and_refund, "payment id and refund status are recorded and a taken payment id conflicts") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto p = t.add_product(seller);
    const auto o1 = t.add_order(buyer, {p});
    const auto o2 = t.add_order(buyer, {p});
    const auto at = t.clock.now();
    auto set = veza::transact<bool>(t.db(), TxMode::write,
                                    [&](Transaction& tx) { return tx.orders().set_payment_id(o1.id, "pay_123", at); });
    REQUIRE(set);
    CHECK(*set);
    auto taken = veza::transact<bool>(t.db(), TxMode::write,
                                      [&](Transaction& tx) { return tx.orders().set_payment_id(o2.id, "pay_123", at); });
    REQUIRE_FALSE(taken);
    CHECK(taken.error().code == ErrorCode::conflict);
    auto missing = veza::transact<bool>(t.db(), TxMode::write,
                                        [&](Transaction& tx) { return tx.orders().set_payment_id(t.ids.next(), "pay_9", at); });
    REQUIRE(missing);
    CHECK_FALSE(*missing);

    auto refund = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) {
      return tx.orders().set_refund_status(o1.id, RefundStatus::pending, at);
    });
    REQUIRE(refund);
    CHECK(*refund);
    auto f = find_order(t, o1.id);
    REQUIRE(f.has_value());
    CHECK(f->payment_id == std::optional<std::string>("pay_123"));
    CHECK(f->refund_status == RefundStatus::pending);
    auto f2 = find_order(t, o2.id);
    REQUIRE(f2.has_value());
    CHECK_FALSE(f2->payment_id.has_value());
  }

  VEZA_SQL_TEST(licence_one_active, "a second active licence for the same user and product is a conflict") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto p = t.add_product(seller);
    const auto o1 = t.add_order(buyer, {p});
    const auto o2 = t.add_order(buyer, {p});
    const auto first = make_licence(t, buyer.id, p.id, o1.id);
    REQUIRE(insert_licence(t, first));
    auto second = insert_licence(t, make_licence(t, buyer.id, p.id, o2.id));
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::conflict);
    CHECK(second.error().message == "the user already holds an active licence for this product");

    auto active = veza::transact<std::optional<Licence>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.licences().find_active(buyer.id, p.id); });
    REQUIRE(active);
    REQUIRE(active->has_value());
    CHECK((*active)->id == first.id);
    CHECK((*active)->status == LicenceStatus::active);
    CHECK((*active)->granted_at == first.granted_at);
    auto none = veza::transact<std::optional<Licence>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.licences().find_active(seller.id, p.id); });
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
  }

  VEZA_SQL_TEST(licence_revoke_and_regrant, "revoke_for_order returns what it revoked and a re-grant is then allowed") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto p1 = t.add_product(seller);
    const auto p2 = t.add_product(seller);
    const auto o1 = t.add_order(buyer, {p1, p2});
    REQUIRE(insert_licence(t, make_licence(t, buyer.id, p1.id, o1.id)));
    REQUIRE(insert_licence(t, make_licence(t, buyer.id, p2.id, o1.id)));

    t.clock.advance(std::chrono::hours{1});
    const auto at = t.clock.now();
    auto revoked = veza::transact<std::vector<Licence>>(
        t.db(), TxMode::write, [&](Transaction& tx) { return tx.licences().revoke_for_order(o1.id, at); });
    REQUIRE(revoked);
    REQUIRE(revoked->size() == 2);
    for (const auto& l : *revoked) {
      CHECK(l.status == LicenceStatus::revoked);
      CHECK(l.revoked_at == std::optional<veza::Timestamp>(at));
      CHECK(l.order_id == o1.id);
    }
    auto again = veza::transact<std::vector<Licence>>(
        t.db(), TxMode::write, [&](Transaction& tx) { return tx.licences().revoke_for_order(o1.id, at); });
    REQUIRE(again);
    CHECK(again->empty());

    auto stored = veza::transact<std::vector<Licence>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.licences().list_for_order(o1.id); });
    REQUIRE(stored);
    REQUIRE(stored->size() == 2);
    CHECK((*stored)[0].status == LicenceStatus::revoked);
    CHECK((*stored)[0].revoked_at == std::optional<veza::Timestamp>(at));

    const auto o2 = t.add_order(buyer, {p1});
    REQUIRE(insert_licence(t, make_licence(t, buyer.id, p1.id, o2.id)));
    auto mine = veza::transact<std::vector<Licence>>(t.db(), TxMode::read,
                                                     [&](Transaction& tx) { return tx.licences().list_for_user(buyer.id); });
    REQUIRE(mine);
    CHECK(mine->size() == 3);
    auto active = veza::transact<std::optional<Licence>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.licences().find_active(buyer.id, p1.id); });
    REQUIRE(active);
    REQUIRE(active->has_value());
    CHECK((*active)->order_id == o2.id);
  }

  VEZA_SQL_TEST(licence_first_download, "mark_downloaded stamps the first download once and never moves it") {
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto p = t.add_product(seller);
    const auto o = t.add_order(buyer, {p});
    const auto licence = make_licence(t, buyer.id, p.id, o.id);
    REQUIRE(insert_licence(t, licence));
    const auto first = t.clock.now();
    auto marked = veza::transact<bool>(t.db(), TxMode::write,
                                       [&](Transaction& tx) { return tx.licences().mark_downloaded(licence.id, first); });
    REQUIRE(marked);
    CHECK(*marked);
    t.clock.advance(std::chrono::hours{2});
    auto again = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) {
      return tx.licences().mark_downloaded(licence.id, t.clock.now());
    });
    REQUIRE(again);
    CHECK_FALSE(*again);
    auto unknown = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) {
      return tx.licences().mark_downloaded("not-a-uuid", t.clock.now());
    });
    REQUIRE(unknown);
    CHECK_FALSE(*unknown);
    auto stored = veza::transact<std::optional<Licence>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.licences().find_active(buyer.id, p.id); });
    REQUIRE(stored);
    REQUIRE(stored->has_value());
    CHECK((*stored)->first_downloaded_at == std::optional<veza::Timestamp>(first));
  }
}
