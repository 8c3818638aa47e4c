// The status machine through OrderService: payment, failure, cancellation, refunds, and the
// participants called inside the same transaction.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/recording_order_participant.hpp"
#include "support/domain_fixture.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::orders::Licence;
using veza::orders::LicenceStatus;
using veza::orders::Order;
using veza::orders::OrderStatus;
using veza::orders::RefundStatus;
using veza::testing::RecordingParticipant;
using veza::testing::DomainFixture;
using veza::testing::SequentialIds;

namespace {

// A buyer with a pending order of two products, and a recording participant registered.
struct Checkout {
  DomainFixture f;
  RecordingParticipant participant;
  veza::identity::User buyer;
  Order order;

  Checkout() {
    f.orders.add_participant(participant);
    const auto seller = f.make_user("seller@example.com");
    buyer = f.make_user("buyer@example.com");
    const auto a = f.make_product(seller);
    const auto b = f.make_product(seller);
    auto r = f.orders.create(buyer.id, {a.id, b.id});
    REQUIRE(r);
    order = *r;
  }

  std::vector<Licence> licences() {
    std::vector<Licence> out;
    REQUIRE(f.db.run(veza::TxMode::read, [&](veza::Transaction& tx) -> veza::Result<void> {
      auto r = tx.licences().list_for_user(buyer.id);
      if (!r) return r.error();
      out = *r;
      return veza::ok();
    }));
    return out;
  }
};

}  // namespace

TEST_SUITE("orders") {
  TEST_CASE("marking an order paid grants one licence per item and calls on_paid with them") {
    Checkout c;
    c.f.clock.advance(10s);
    auto paid = c.f.orders.mark_paid(c.order.id);
    REQUIRE(paid);
    CHECK(paid->status == OrderStatus::paid);
    CHECK(paid->updated_at == c.f.clock.now());
    const auto held = c.licences();
    REQUIRE(held.size() == 2);
    for (const auto& l : held) {
      CHECK(l.status == LicenceStatus::active);
      CHECK(l.order_id == c.order.id);
      CHECK(l.granted_at == c.f.clock.now());
    }
    REQUIRE(c.participant.calls.size() == 1);
    CHECK(c.participant.calls[0].paid);
    CHECK(c.participant.calls[0].order.status == OrderStatus::paid);
    CHECK(c.participant.calls[0].licences.size() == 2);
  }

  TEST_CASE("marking an order paid twice returns it unchanged and grants nothing more") {
    Checkout c;
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    c.f.clock.advance(1s);
    auto again = c.f.orders.mark_paid(c.order.id);
    REQUIRE(again);
    CHECK(again->status == OrderStatus::paid);
    CHECK(again->updated_at == c.f.clock.now() - 1s);
    CHECK(c.licences().size() == 2);
    CHECK(c.participant.calls.size() == 1);
  }

  TEST_CASE("a participant error rolls back the payment and the licences") {
    Checkout c;
    c.participant.fail_with = veza::make_error(ErrorCode::unavailable, "invoice numbering is down");
    auto r = c.f.orders.mark_paid(c.order.id);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    CHECK(c.f.orders.get(c.order.id)->status == OrderStatus::pending_payment);
    CHECK(c.licences().empty());

    c.participant.fail_with.reset();
    auto retried = c.f.orders.mark_paid(c.order.id);
    REQUIRE(retried);
    CHECK(retried->status == OrderStatus::paid);
    CHECK(c.licences().size() == 2);
  }

  TEST_CASE("a database failure while marking paid changes nothing") {
    Checkout c;
    c.f.db.fail_next_transaction();
    auto r = c.f.orders.mark_paid(c.order.id);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    CHECK(c.f.orders.get(c.order.id)->status == OrderStatus::pending_payment);
  }

  TEST_CASE("a failed or cancelled order cannot be paid: conflict with state_invalid") {
    Checkout c;
    SUBCASE("failed") { REQUIRE(c.f.orders.mark_failed(c.order.id)); }
    SUBCASE("cancelled") { REQUIRE(c.f.orders.cancel(c.order.id)); }
    auto r = c.f.orders.mark_paid(c.order.id);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().code_name() == "state_invalid");
    CHECK(c.licences().empty());
    CHECK(c.participant.calls.empty());
  }

  TEST_CASE("only a pending order can fail or be cancelled, repeating the same event changes nothing") {
    Checkout c;
    auto failed = c.f.orders.mark_failed(c.order.id);
    REQUIRE(failed);
    CHECK(failed->status == OrderStatus::failed);
    CHECK(c.f.orders.mark_failed(c.order.id)->status == OrderStatus::failed);
    auto cancel = c.f.orders.cancel(c.order.id);
    REQUIRE_FALSE(cancel);
    CHECK(cancel.error().code_name() == "state_invalid");

    Checkout paid;
    REQUIRE(paid.f.orders.mark_paid(paid.order.id));
    auto late_failure = paid.f.orders.mark_failed(paid.order.id);
    REQUIRE_FALSE(late_failure);
    CHECK(late_failure.error().code == ErrorCode::conflict);
    CHECK(paid.f.orders.get(paid.order.id)->status == OrderStatus::paid);
  }

  TEST_CASE("a full refund revokes the licences and calls on_refund_settled with them") {
    Checkout c;
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    c.f.clock.advance(1h);
    auto refunded = c.f.orders.settle_refund(c.order.id, true);
    REQUIRE(refunded);
    CHECK(refunded->status == OrderStatus::refunded);
    CHECK(refunded->refund_status == RefundStatus::succeeded);
    for (const auto& l : c.licences()) {
      CHECK(l.status == LicenceStatus::revoked);
      CHECK(l.revoked_at == c.f.clock.now());
    }
    REQUIRE(c.participant.calls.size() == 2);
    CHECK_FALSE(c.participant.calls[1].paid);
    CHECK(c.participant.calls[1].order.status == OrderStatus::refunded);
    CHECK(c.participant.calls[1].licences.size() == 2);
  }

  TEST_CASE("a partial refund keeps the licences, a later full refund revokes them") {
    Checkout c;
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    auto partial = c.f.orders.settle_refund(c.order.id, false);
    REQUIRE(partial);
    CHECK(partial->status == OrderStatus::partially_refunded);
    CHECK(partial->refund_status == RefundStatus::partially_refunded);
    for (const auto& l : c.licences()) CHECK(l.status == LicenceStatus::active);
    REQUIRE(c.participant.calls.size() == 2);
    CHECK(c.participant.calls[1].licences.empty());

    auto second = c.f.orders.settle_refund(c.order.id, false);
    REQUIRE(second);
    CHECK(second->status == OrderStatus::partially_refunded);

    auto full = c.f.orders.settle_refund(c.order.id, true);
    REQUIRE(full);
    CHECK(full->status == OrderStatus::refunded);
    for (const auto& l : c.licences()) CHECK(l.status == LicenceStatus::revoked);
  }

  TEST_CASE("settling a refund of a refunded order returns it unchanged") {
    Checkout c;
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    REQUIRE(c.f.orders.settle_refund(c.order.id, true));
    const auto calls = c.participant.calls.size();
    auto again = c.f.orders.settle_refund(c.order.id, true);
    REQUIRE(again);
    CHECK(again->status == OrderStatus::refunded);
    CHECK(c.f.orders.settle_refund(c.order.id, false)->status == OrderStatus::refunded);
    CHECK(c.participant.calls.size() == calls);
  }

  TEST_CASE("a refund of an unpaid, failed or cancelled order is a conflict") {
    Checkout c;
    SUBCASE("pending") {}
    SUBCASE("failed") { REQUIRE(c.f.orders.mark_failed(c.order.id)); }
    SUBCASE("cancelled") { REQUIRE(c.f.orders.cancel(c.order.id)); }
    auto r = c.f.orders.settle_refund(c.order.id, true);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::conflict);
    CHECK(r.error().code_name() == "state_invalid");
    CHECK(c.participant.calls.empty());
  }

  TEST_CASE("a late payment event after a refund changes nothing") {
    Checkout c;
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    REQUIRE(c.f.orders.settle_refund(c.order.id, true));
    auto late = c.f.orders.mark_paid(c.order.id);
    REQUIRE(late);
    CHECK(late->status == OrderStatus::refunded);
    for (const auto& l : c.licences()) CHECK(l.status == LicenceStatus::revoked);
    CHECK(c.participant.calls.size() == 2);
  }

  TEST_CASE("a participant error during a refund keeps the order paid and the licences active") {
    Checkout c;
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    c.participant.fail_with = veza::make_error(ErrorCode::internal, "credit note failed");
    auto r = c.f.orders.settle_refund(c.order.id, true);
    REQUIRE_FALSE(r);
    CHECK(c.f.orders.get(c.order.id)->status == OrderStatus::paid);
    for (const auto& l : c.licences()) CHECK(l.status == LicenceStatus::active);
  }

  TEST_CASE("paying a second pending order for a product already held grants no second licence") {
    Checkout c;
    auto second = c.f.orders.create(c.buyer.id, {c.order.items[0].product_id});
    REQUIRE(second);
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    auto paid = c.f.orders.mark_paid(second->id);
    REQUIRE(paid);
    CHECK(paid->status == OrderStatus::paid);
    CHECK(c.licences().size() == 2);
    REQUIRE(c.participant.calls.size() == 2);
    CHECK(c.participant.calls[1].licences.empty());
  }

  TEST_CASE("transitions of an unknown order are not_found") {
    DomainFixture f;
    const std::string id = SequentialIds::nth(404);
    CHECK(f.orders.mark_paid(id).error().code == ErrorCode::not_found);
    CHECK(f.orders.mark_failed(id).error().code == ErrorCode::not_found);
    CHECK(f.orders.cancel(id).error().code == ErrorCode::not_found);
    CHECK(f.orders.settle_refund(id, true).error().code == ErrorCode::not_found);
    CHECK(f.orders.get("not-an-id").error().code == ErrorCode::not_found);
  }

  TEST_CASE("a download is allowed to the seller or an active licence holder, whose first download is recorded once") {
    Checkout c;
    const std::string product = c.order.items[0].product_id;
    auto before = c.f.orders.record_download(c.buyer.id, product);
    REQUIRE(before);
    CHECK_FALSE(*before);  // pending payment: no licence yet
    REQUIRE(c.f.orders.mark_paid(c.order.id));
    const auto first = c.f.clock.now();
    auto allowed = c.f.orders.record_download(c.buyer.id, product);
    REQUIRE(allowed);
    CHECK(*allowed);
    c.f.clock.advance(1h);
    REQUIRE(c.f.orders.record_download(c.buyer.id, product));
    for (const auto& l : c.licences()) {
      if (l.product_id == product) {
        CHECK(l.first_downloaded_at == std::optional<veza::Timestamp>(first));
      } else {
        CHECK_FALSE(l.first_downloaded_at);
      }
    }
    REQUIRE(c.f.orders.settle_refund(c.order.id, true));
    auto after = c.f.orders.record_download(c.buyer.id, product);
    REQUIRE(after);
    CHECK_FALSE(*after);  // revoked by the full refund
    auto seller = c.f.orders.record_download(c.order.items[0].seller_id, product);
    REQUIRE(seller);
    CHECK(*seller);  // the seller always may, without a licence
    auto unknown = c.f.orders.record_download(c.buyer.id, "00000000-0000-7000-8000-00000000ffff");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
  }
}
