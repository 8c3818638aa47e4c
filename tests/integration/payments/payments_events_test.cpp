// Webhooks over HTTP on the real server, the awkward ones: events out of order (a refund event
// before we knew the refund, a payment event after a refund), a refund made in the provider's
// dashboard, refund_failed, payment_failed, amounts or currencies that do not match ours
// (acknowledged, nothing changes, counted as rejected) and event types we do not know.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "integration/payments/payment_steps.hpp"
#include "integration/server/json_check.hpp"

using namespace veza::testing;

namespace {

// The provider's event under a new event id with one field of its payment/refund object
// replaced (deliver() signs it: the signature is right, the content is not what we agreed).
std::string tampered(const std::string& event, const std::string& event_id, const char* key, boost::json::value value) {
  auto v = boost::json::parse(event);
  v.as_object()["event_id"] = event_id;
  v.as_object().at("content").as_object().at("object").as_object()[key] = std::move(value);
  return boost::json::serialize(v);
}

std::string outcome(const HttpResponse& r) { return json_string(json_of(r), "outcome"); }

struct Shop {
  FakeHyperswitch fake{kApiKey};
  TempDir dir{"veza-pay"};
  ServerProcess server{dir.path(), payment_settings(fake)};
  Seeder seed{dir.path()};
  Account seller = seed.account("seller@example.com");
  Account buyer = seed.account("buyer@example.com");
  veza::catalog::Product product = seed.product(seller, "Track", 2000);

  [[nodiscard]] std::uint16_t port() const { return server.port(); }
  // A pending order (its payment id and total).
  PaidOrder checkout() {
    const auto created = http(port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    REQUIRE(created.status == 201);
    const auto order = json_of(created);
    return {json_string(order, "id"), json_string(order.as_object().at("payment"), "payment_id"),
            order.as_object().at("total_cents").as_int64()};
  }
};

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("payments: a dashboard refund's event before the payment's, then the late payment event: refunded, licence gone") {
    Shop shop;
    REQUIRE(http(shop.port(), "PUT", "/api/v1/products/" + shop.product.id + "/file",
                 {shop.seller.auth(), "Content-Type: audio/mpeg"}, "ID3-audio-bytes")
                .status == 201);
    const auto [order_id, payment_id, total] = shop.checkout();
    const std::string paid = shop.fake.payment_webhook(payment_id, "succeeded", "payment_succeeded");
    const std::string refund_id = shop.fake.dashboard_refund(payment_id, total);
    const std::string refunded = shop.fake.refund_webhook(refund_id, "succeeded", "refund_succeeded");

    // The refund event arrives first, for a refund id we never created.
    const auto first = deliver(shop.port(), refunded);
    CHECK(first.status == 200);
    CHECK(outcome(first) == "applied");
    auto order = order_json(shop.port(), shop.buyer, order_id);
    CHECK(json_string(order, "status") == "refunded");
    CHECK(json_string(order, "refund_status") == "succeeded");
    // Then the payment event: the order never goes back to paid, the licence stays revoked.
    const auto late = deliver(shop.port(), paid);
    CHECK(late.status == 200);
    CHECK(outcome(late) == "duplicate");
    CHECK(order_status(shop.port(), shop.buyer, order_id) == "refunded");
    CHECK(http(shop.port(), "GET", "/api/v1/products/" + shop.product.id + "/download", {shop.buyer.auth()}).status == 403);
    // The dashboard refund is on record like our own.
    const auto [code, out] = run_cli(shop.dir.path(), payment_settings(shop.fake), {"--json", "refunds", "list", "--order", order_id});
    CHECK_MESSAGE(code == 0, out);
    CHECK(out.find("\"kind\":\"external\"") != std::string::npos);
    CHECK(out.find("\"amount_cents\":" + std::to_string(total)) != std::string::npos);
  }

  TEST_CASE("payments: a partial dashboard refund of a paid order is recorded, ours then refunds only what is left") {
    Shop shop;
    const auto paid = paid_order(shop.port(), shop.fake, shop.buyer, shop.product.id);
    const std::string refund_id = shop.fake.dashboard_refund(paid.payment_id, 300);
    CHECK(outcome(deliver(shop.port(), shop.fake.refund_webhook(refund_id, "succeeded", "refund_succeeded"))) == "applied");
    CHECK(order_status(shop.port(), shop.buyer, paid.id) == "partially_refunded");

    const auto rest = http(shop.port(), "POST", "/api/v1/orders/" + paid.id + "/refund", {shop.buyer.auth(), kJson},
                           R"({"reason":"the rest"})");
    REQUIRE(rest.status == 202);
    CHECK(json_of(rest).as_object().at("amount_cents").as_int64() == paid.total_cents - 300);
  }

  TEST_CASE("payments: refund_failed leaves the order paid with its licence, and a new refund may be asked") {
    Shop shop;
    const auto paid = paid_order(shop.port(), shop.fake, shop.buyer, shop.product.id);
    const std::string target = "/api/v1/orders/" + paid.id + "/refund";
    const auto refund = http(shop.port(), "POST", target, {shop.buyer.auth(), kJson}, R"({"reason":"no"})");
    REQUIRE(refund.status == 202);
    const std::string refund_id = json_string(json_of(refund), "id");
    const auto failed = deliver(shop.port(), shop.fake.refund_webhook(refund_id, "failed", "refund_failed"));
    CHECK(failed.status == 200);
    CHECK(outcome(failed) == "applied");
    const auto order = order_json(shop.port(), shop.buyer, paid.id);
    CHECK(json_string(order, "status") == "paid");
    CHECK(json_string(order, "refund_status") == "failed");
    CHECK(shop.fake.refund_count() == 1);
    CHECK(http(shop.port(), "POST", target, {shop.buyer.auth(), kJson}, R"({"reason":"again"})").status == 202);
    CHECK(shop.fake.refund_count() == 2);
  }

  TEST_CASE("payments: payment_failed fails the order, a redelivery and a late success change nothing") {
    Shop shop;
    const auto [order_id, payment_id, total] = shop.checkout();
    const std::string failed = shop.fake.payment_webhook(payment_id, "failed", "payment_failed");
    CHECK(outcome(deliver(shop.port(), failed)) == "applied");
    CHECK(order_status(shop.port(), shop.buyer, order_id) == "failed");
    CHECK(outcome(deliver(shop.port(), failed)) == "duplicate");
    CHECK(deliver(shop.port(), shop.fake.payment_webhook(payment_id, "succeeded", "payment_succeeded")).status == 200);
    CHECK(order_status(shop.port(), shop.buyer, order_id) == "failed");
  }

  TEST_CASE("payments: an amount or currency that is not ours is acknowledged, changes nothing and is counted rejected") {
    Shop shop;
    const auto [order_id, payment_id, total] = shop.checkout();
    const std::string paid = shop.fake.payment_webhook(payment_id, "succeeded", "payment_succeeded");
    const auto low = deliver(shop.port(), tampered(paid, "evt_low", "amount", total - 1));
    CHECK(low.status == 200);
    CHECK(outcome(low) == "rejected_mismatch");
    const auto dollars = deliver(shop.port(), tampered(paid, "evt_usd", "currency", "USD"));
    CHECK(dollars.status == 200);
    CHECK(outcome(dollars) == "rejected_mismatch");
    CHECK(order_status(shop.port(), shop.buyer, order_id) == "pending_payment");
    CHECK(metric_value(shop.port(), "veza_webhooks_received_total",
                       {"event_type=\"payment_succeeded\"", "outcome=\"rejected_mismatch\""}) == 2);
    // The genuine event still applies.
    CHECK(outcome(deliver(shop.port(), paid)) == "applied");
    CHECK(order_status(shop.port(), shop.buyer, order_id) == "paid");

    const auto refund = http(shop.port(), "POST", "/api/v1/orders/" + order_id + "/refund", {shop.buyer.auth(), kJson},
                             R"({"reason":"mismatch"})");
    REQUIRE(refund.status == 202);
    const std::string refunded = shop.fake.refund_webhook(json_string(json_of(refund), "id"), "succeeded", "refund_succeeded");
    CHECK(outcome(deliver(shop.port(), tampered(refunded, "evt_refund_low", "amount", total - 1))) == "rejected_mismatch");
    const auto order = order_json(shop.port(), shop.buyer, order_id);
    CHECK(json_string(order, "status") == "paid");
    CHECK(json_string(order, "refund_status") == "pending");
    CHECK(metric_value(shop.port(), "veza_webhooks_received_total",
                       {"event_type=\"refund_succeeded\"", "outcome=\"rejected_mismatch\""}) == 1);
  }

  TEST_CASE("payments: event types we do not know are acknowledged and ignored") {
    Shop shop;
    const auto [order_id, payment_id, total] = shop.checkout();
    const std::string dispute = boost::json::serialize(boost::json::object{
        {"merchant_id", "merchant_fake"},
        {"event_id", "evt_dispute_1"},
        {"event_type", "dispute_opened"},
        {"content", boost::json::object{{"type", "dispute_details"},
                                        {"object", boost::json::object{{"payment_id", payment_id}, {"amount", "2000"}}}}},
        {"timestamp", "2026-07-01T10:15:30.123Z"}});
    const auto r = deliver(shop.port(), dispute);
    CHECK(r.status == 200);
    CHECK(outcome(r) == "ignored");
    CHECK(order_status(shop.port(), shop.buyer, order_id) == "pending_payment");
    CHECK(metric_value(shop.port(), "veza_webhooks_received_total", {"event_type=\"other\"", "outcome=\"ignored\""}) == 1);
  }
}
