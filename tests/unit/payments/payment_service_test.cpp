// PaymentService over the in-memory database and a fake gateway: checkout, webhooks, refunds
// and reconciliation, as the "what must work" states them.
#include <doctest/doctest.h>

#include <veza/payments/payment_service.hpp>

#include "support/domain_fixture.hpp"
#include "support/recording_order_participant.hpp"
#include "support/fake_metrics.hpp"
#include "support/fake_payment_gateway.hpp"

namespace {

using namespace veza;  // NOLINT: test file
using veza::orders::OrderStatus;

struct NullLogger final : Logger {
  void log(LogLevel, std::string_view, const LogFields&) override {}
};

struct PaymentFixture : testing::DomainFixture {
  testing::FakePaymentGateway gateway;
  testing::FakeMetrics metrics;
  NullLogger log;
  payments::PaymentService pay{db, orders, &gateway, ids, clock, log, &metrics, payments::PaymentOptions{14}};
  identity::User seller = make_user("seller@example.com");
  identity::User buyer = make_user("buyer@example.com");
  identity::User admin = make_user("admin@example.com", identity::Role::admin);
  catalog::Product a = make_product(seller, 1000);
  catalog::Product b = make_product(seller, 500);
  int events = 0;

  payments::Checkout buy(bool waiver = false) {
    auto c = pay.checkout(buyer, {{a.id, b.id}, waiver});
    REQUIRE(c);
    return *c;
  }
  Result<payments::WebhookOutcome> deliver(const std::string& body) { return pay.handle_webhook(body, gateway.sign(body)); }
  std::string next_event() { return "evt_" + std::to_string(++events); }
  void pay_for(const payments::Checkout& c) {
    auto p = gateway.payments.at(c.payment_id);
    p.status = "succeeded";
    gateway.payments[c.payment_id] = p;
    auto r = deliver(testing::payment_event_json(next_event(), "payment_succeeded", p));
    REQUIRE(r);
    REQUIRE(*r == payments::WebhookOutcome::applied);
  }
  void refund_webhook(const payments::Refund& refund, const std::string& status) {
    payments::RefundInfo info{refund.provider_refund_id, refund.payment_id, status, refund.amount_cents, refund.currency, {}};
    auto r = deliver(testing::refund_event_json(next_event(), "refund_" + status, info));
    REQUIRE(r);
  }
  std::size_t active_licences() {
    std::size_t n = 0;
    REQUIRE(db.run(TxMode::read, [&](Transaction& tx) -> Result<void> {
      auto l = tx.licences().list_for_user(buyer.id);
      if (!l) return l.error();
      for (const auto& x : *l) n += x.status == orders::LicenceStatus::active ? 1 : 0;
      return ok();
    }));
    return n;
  }
};

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE_FIXTURE(PaymentFixture, "checkout stores our payment id on the order before the provider creates it") {
    auto c = buy();
    CHECK(c.order.status == OrderStatus::pending_payment);
    CHECK(c.order.payment_id == c.payment_id);
    CHECK(c.client_secret == c.payment_id + "_secret_x");
    CHECK(gateway.payments.at(c.payment_id).amount_cents == 1500);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "checkout when the provider fails leaves the pending order and reconciliation fails it") {
    gateway.fail_next = make_error(ErrorCode::upstream_failed, "down", "outcome_unknown");
    auto c = pay.checkout(buyer, {{a.id}, false});
    REQUIRE_FALSE(c);
    CHECK(c.error().code == ErrorCode::upstream_failed);
    auto list = orders.list_all(10);
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    clock.advance(std::chrono::minutes(10));
    auto report = pay.reconcile(std::chrono::minutes(5));
    REQUIRE(report);
    CHECK(report->payments_settled == 1);
    CHECK(orders.get(list->front().id)->status == OrderStatus::failed);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a reconciliation asked to stop makes no provider call and leaves the order pending") {
    auto c = buy();
    gateway.payments.at(c.payment_id).status = "succeeded";
    clock.advance(std::chrono::minutes(10));
    std::stop_source stop;
    stop.request_stop();
    auto report = pay.reconcile(std::chrono::minutes(5), stop.get_token());
    REQUIRE(report);
    CHECK(report->payments_checked == 0);
    CHECK(orders.get(c.order.id)->status == OrderStatus::pending_payment);
    auto again = pay.reconcile(std::chrono::minutes(5));
    REQUIRE(again);
    CHECK(again->payments_settled == 1);
    CHECK(orders.get(c.order.id)->status == OrderStatus::paid);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "payment_succeeded pays the order once, a redelivery is a duplicate") {
    auto c = buy();
    auto p = gateway.payments.at(c.payment_id);
    p.status = "succeeded";
    const std::string body = testing::payment_event_json("evt_x", "payment_succeeded", p);
    CHECK(*deliver(body) == payments::WebhookOutcome::applied);
    CHECK(*deliver(body) == payments::WebhookOutcome::duplicate);
    CHECK(orders.get(c.order.id)->status == OrderStatus::paid);
    CHECK(active_licences() == 2);
    CHECK(metrics.value("veza_webhooks_received_total", {{"event_type", "payment_succeeded"}, {"outcome", "duplicate"}}) == 1);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a payment whose transaction rolls back is not counted as paid") {
    testing::RecordingParticipant invoicing;
    invoicing.fail_with = make_error(ErrorCode::unavailable, "the invoice could not be issued (test)");
    orders.add_participant(invoicing);
    auto c = buy();
    auto p = gateway.payments.at(c.payment_id);
    p.status = "succeeded";
    CHECK_FALSE(deliver(testing::payment_event_json("evt_rb", "payment_succeeded", p)));
    CHECK(orders.get(c.order.id)->status == OrderStatus::pending_payment);
    CHECK(metrics.value("veza_orders_total", {{"status", "paid"}}).value_or(0) == 0);
    invoicing.fail_with.reset();
    CHECK(*deliver(testing::payment_event_json("evt_rb2", "payment_succeeded", p)) == payments::WebhookOutcome::applied);
    CHECK(metrics.value("veza_orders_total", {{"status", "paid"}}) == 1);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a forged webhook is unauthenticated and changes nothing") {
    auto c = buy();
    auto p = gateway.payments.at(c.payment_id);
    p.status = "succeeded";
    const std::string body = testing::payment_event_json("evt_x", "payment_succeeded", p);
    auto r = pay.handle_webhook(body, std::string(128, '0'));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unauthenticated);
    CHECK_FALSE(pay.handle_webhook(body, std::nullopt));
    CHECK(orders.get(c.order.id)->status == OrderStatus::pending_payment);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a payment event whose amount or currency differs is rejected and changes nothing") {
    auto c = buy();
    auto p = gateway.payments.at(c.payment_id);
    p.status = "succeeded";
    p.amount_cents = 1;
    CHECK(*deliver(testing::payment_event_json(next_event(), "payment_succeeded", p)) ==
          payments::WebhookOutcome::rejected_mismatch);
    p.amount_cents = 1500;
    p.currency = "USD";
    CHECK(*deliver(testing::payment_event_json(next_event(), "payment_succeeded", p)) ==
          payments::WebhookOutcome::rejected_mismatch);
    CHECK(orders.get(c.order.id)->status == OrderStatus::pending_payment);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "payment_failed fails the order, a late payment event after a refund changes nothing") {
    auto c = buy();
    auto p = gateway.payments.at(c.payment_id);
    p.status = "failed";
    CHECK(*deliver(testing::payment_event_json(next_event(), "payment_failed", p)) == payments::WebhookOutcome::applied);
    CHECK(orders.get(c.order.id)->status == OrderStatus::failed);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a whole refund is pending until refund_succeeded, then refunded with licences revoked") {
    auto c = buy();
    pay_for(c);
    auto refund = pay.request_refund(buyer, {c.order.id, "changed my mind", {}, std::nullopt});
    REQUIRE(refund);
    CHECK(refund->status == payments::RefundState::pending);
    CHECK(refund->amount_cents == 1500);
    CHECK(gateway.refunds.at(refund->provider_refund_id).amount_cents == 1500);
    CHECK(orders.get(c.order.id)->refund_status == orders::RefundStatus::pending);
    auto again = pay.request_refund(buyer, {c.order.id, "double click", {}, std::nullopt});
    REQUIRE_FALSE(again);
    CHECK(again.error().detail == "refund_in_flight");
    refund_webhook(*refund, "succeeded");
    auto o = orders.get(c.order.id);
    CHECK(o->status == OrderStatus::refunded);
    CHECK(o->refund_status == orders::RefundStatus::succeeded);
    CHECK(active_licences() == 0);
    // A late payment event after the refund moves nothing backwards.
    auto p = gateway.payments.at(c.payment_id);
    CHECK(*deliver(testing::payment_event_json(next_event(), "payment_succeeded", p)) == payments::WebhookOutcome::duplicate);
    CHECK(orders.get(c.order.id)->status == OrderStatus::refunded);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "an item refund revokes only that line's licence, a goodwill amount keeps them") {
    auto c = buy();
    pay_for(c);
    gateway.refund_answer_status = "succeeded";  // instant: applied from the call's own answer
    auto items = pay.request_refund(buyer, {c.order.id, "wrong track", {b.id}, std::nullopt});
    REQUIRE(items);
    CHECK(items->status == payments::RefundState::succeeded);
    CHECK(items->amount_cents == 500);
    CHECK(orders.get(c.order.id)->status == OrderStatus::partially_refunded);
    CHECK(active_licences() == 1);
    auto goodwill = pay.request_refund(admin, {c.order.id, "sorry", {}, std::int64_t{300}});
    REQUIRE(goodwill);
    CHECK(active_licences() == 1);
    auto over = pay.request_refund(admin, {c.order.id, "too much", {}, std::int64_t{701}});
    REQUIRE_FALSE(over);
    CHECK(over.error().detail == "refund_exceeds_remaining");
    auto rest = pay.request_refund(admin, {c.order.id, "the rest", {}, std::nullopt});
    REQUIRE(rest);
    CHECK(rest->amount_cents == 700);
    CHECK(orders.get(c.order.id)->status == OrderStatus::refunded);
    CHECK(active_licences() == 0);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a buyer's refund after the window is refused with refund_window_closed, an admin's is not") {
    auto c = buy();
    pay_for(c);
    clock.advance(std::chrono::hours(24 * 15));
    auto r = pay.request_refund(buyer, {c.order.id, "late", {}, std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::forbidden);
    CHECK(r.error().detail == "refund_window_closed");
    CHECK(pay.request_refund(admin, {c.order.id, "support", {}, std::nullopt}));
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a buyer who waived withdrawal and downloaded is refused with withdrawal_waiver_downloaded") {
    auto c = buy(true);
    CHECK(c.order.withdrawal_waiver_at);
    pay_for(c);
    REQUIRE(*orders.record_download(buyer.id, a.id));
    auto r = pay.request_refund(buyer, {c.order.id, "meh", {}, std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().detail == "withdrawal_waiver_downloaded");
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a refund whose outcome was not seen stays pending and reconciliation settles it") {
    auto c = buy();
    pay_for(c);
    gateway.fail_next = make_error(ErrorCode::upstream_failed, "timeout", "outcome_unknown");
    auto r = pay.request_refund(buyer, {c.order.id, "x", {}, std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::upstream_failed);
    auto listed = pay.list_refunds(buyer, c.order.id, 10);
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().status == payments::RefundState::pending);
    // The provider did record it, and it succeeded; no webhook came.
    gateway.refunds[listed->front().provider_refund_id] = {listed->front().provider_refund_id, c.payment_id, "succeeded",
                                                           1500, "EUR", {}};
    clock.advance(std::chrono::minutes(6));
    auto report = pay.reconcile(std::chrono::minutes(5));
    REQUIRE(report);
    CHECK(report->refunds_settled == 1);
    CHECK(orders.get(c.order.id)->status == OrderStatus::refunded);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "a dashboard refund for a known payment is recorded and applied, a refund event before the payment event pays first") {
    auto c = buy();
    payments::RefundInfo info{"ref_dashboard", c.payment_id, "succeeded", 1500, "EUR", {}};
    auto r = deliver(testing::refund_event_json(next_event(), "refund_succeeded", info));
    REQUIRE(r);
    CHECK(*r == payments::WebhookOutcome::applied);
    CHECK(orders.get(c.order.id)->status == OrderStatus::refunded);
    auto listed = pay.list_refunds(admin, "", 10);
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().kind == payments::RefundKind::external);
  }

  TEST_CASE_FIXTURE(PaymentFixture, "without a gateway every entry point is unavailable") {
    payments::PaymentService off{db, orders, nullptr, ids, clock, log, &metrics, {}};
    auto c = off.checkout(buyer, {{a.id}, false});
    REQUIRE_FALSE(c);
    CHECK(c.error().code == ErrorCode::unavailable);
    CHECK(c.error().message.find("not configured") != std::string::npos);
  }
}
