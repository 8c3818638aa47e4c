// A provider that does the work and then never answers: the client times out on a payment or
// refund that exists. Checkout looks the payment up (GET) before it would create it again, so
// there is never a second payment; what stays unsettled, `veza-cli payments reconcile` settles
// to the provider's state (the webhooks that would have told us are lost here on purpose).
#include <atomic>
#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "integration/payments/payment_steps.hpp"
#include "integration/server/json_check.hpp"

using namespace veza::testing;

namespace {

// Short enough that a hung provider costs the test well under a second per call.
const std::vector<std::string> kShortTimeout{"--http-timeout-ms", "400"};

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("payments: a checkout whose answer was lost is found by GET, not created twice") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake, kShortTimeout));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 1500);

    fake.set_mode(FakeHyperswitch::Mode::store_then_hang);  // POST lands, its answer never comes
    const auto created = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    REQUIRE(created.status == 201);
    const auto order = json_of(created);
    const std::string payment_id = json_string(order.as_object().at("payment"), "payment_id");
    CHECK(json_string(order, "status") == "pending_payment");
    CHECK(json_string(order.as_object().at("payment"), "client_secret") == payment_id + "_secret_fake");
    CHECK(fake.payment_count() == 1);
    CHECK(fake.payment_posts() == 1);  // the GET found it: no second POST
    CHECK(fake.payment_amount(payment_id) == order.as_object().at("total_cents").as_int64());
  }

  TEST_CASE("payments: after provider timeouts, veza-cli payments reconcile brings payment and refund to the provider's state") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    const auto settings = payment_settings(fake, kShortTimeout);
    ServerProcess server(dir.path(), settings);
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 1500);

    // Checkout: the payment is created, then neither the POST nor the GET that checks it answers.
    fake.set_mode(FakeHyperswitch::Mode::store_then_hang_all);
    const auto lost = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    CHECK(lost.status == 502);
    CHECK(lost.body.find(kApiKey) == std::string::npos);
    CHECK(fake.payment_count() == 1);
    CHECK(fake.payment_posts() == 1);  // an unseen outcome is never re-sent blind
    const auto listed = json_of(http(server.port(), "GET", "/api/v1/orders", {buyer.auth()}));
    REQUIRE(listed.as_object().at("items").as_array().size() == 1);
    const auto& pending = listed.as_object().at("items").as_array().at(0);
    const std::string order_id = json_string(pending, "id");
    const std::string payment_id = json_string(pending, "payment_id");
    CHECK(json_string(pending, "status") == "pending_payment");

    // The buyer paid; the webhook that says so is lost.
    fake.set_mode(FakeHyperswitch::Mode::normal);
    fake.set_payment_status(payment_id, "succeeded");
    const auto [code, out] = run_cli(dir.path(), settings, {"payments", "reconcile", "--min-age", "0"});
    CHECK_MESSAGE(code == 0, out);
    CHECK(out.find("payments: 1 checked, 1 settled") != std::string::npos);
    CHECK(order_status(server.port(), buyer, order_id) == "paid");
    CHECK(fake.payment_posts() == 1);

    // A refund whose answers are lost the same way stays pending, and blocks a second one.
    const std::string target = "/api/v1/orders/" + order_id + "/refund";
    fake.set_mode(FakeHyperswitch::Mode::store_then_hang_all);
    const auto refund = http(server.port(), "POST", target, {buyer.auth(), kJson}, R"({"reason":"timeout"})");
    CHECK(refund.status == 502);
    CHECK(fake.refund_count() == 1);
    CHECK(fake.refund_posts() == 1);
    CHECK(json_string(order_json(server.port(), buyer, order_id), "refund_status") == "pending");
    fake.set_mode(FakeHyperswitch::Mode::normal);
    CHECK(http(server.port(), "POST", target, {buyer.auth(), kJson}, R"({"reason":"again"})").status == 409);
    CHECK(fake.refund_posts() == 1);

    // The provider settled it; no webhook is sent for a refund the connector settles late.
    fake.set_stored_refund_status(fake.refund_ids().at(0), "succeeded");
    const auto [code2, out2] = run_cli(dir.path(), settings, {"payments", "reconcile", "--min-age", "0"});
    CHECK_MESSAGE(code2 == 0, out2);
    CHECK(out2.find("refunds: 1 checked, 1 settled") != std::string::npos);
    const auto settled = order_json(server.port(), buyer, order_id);
    CHECK(json_string(settled, "status") == "refunded");
    CHECK(json_string(settled, "refund_status") == "succeeded");

    // Nothing is left to reconcile: a second run checks nothing.
    const auto [code3, out3] = run_cli(dir.path(), settings, {"payments", "reconcile", "--min-age", "0"});
    CHECK(code3 == 0);
    CHECK(out3.find("payments: 0 checked") != std::string::npos);
    CHECK(out3.find("refunds: 0 checked") != std::string::npos);
  }

  // Checkouts wait on Hyperswitch on their own pool: with a single worker thread, a checkout the
  // provider never answers must not hold up a catalogue read (it did when both shared the pool).
  TEST_CASE("payments: a checkout waiting on a hung provider holds up no other request") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake, {"--http-timeout-ms", "3000", "--worker-threads", "1"}));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 1500);

    fake.set_mode(FakeHyperswitch::Mode::store_then_hang);
    std::atomic<bool> checkout_answered{false};
    unsigned checkout_status = 0;
    std::thread checkout([&] {
      checkout_status =
          http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id)).status;
      checkout_answered = true;
    });
    for (int i = 0; i < 200 && fake.payment_posts() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(fake.payment_posts() == 1);  // the checkout is now waiting on the provider

    const auto read = http(server.port(), "GET", "/api/v1/products/" + product.id, {});
    CHECK(read.status == 200);
    CHECK_FALSE(checkout_answered.load());  // answered while the checkout still waited
    checkout.join();
    CHECK(checkout_status == 201);  // the lost answer was found by GET, as above
  }
}
