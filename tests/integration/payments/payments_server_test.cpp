// The money path on the real veza-server against the fake Hyperswitch: checkout → signed
// payment_succeeded webhook → paid, licence, download → refund (Idempotency-Key replay) →
// refund_succeeded webhook → refunded, download 403; duplicates change nothing; forged
// signatures are 401; a provider answering 500 gives 502/503 and never a second payment.
#include <doctest/doctest.h>

#include "integration/payments/payment_steps.hpp"
#include "integration/server/json_check.hpp"

using namespace veza::testing;

TEST_SUITE("payments") {
  TEST_CASE("payments: checkout, signed webhook, licence, download, refund, refund webhook, download 403") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 1290);
    REQUIRE(http(server.port(), "PUT", "/api/v1/products/" + product.id + "/file",
                 {seller.auth(), "Content-Type: audio/mpeg"}, "ID3-audio-bytes")
                .status == 201);
    const std::string download = "/api/v1/products/" + product.id + "/download";

    const auto created = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    REQUIRE(created.status == 201);
    const auto order = json_of(created);
    const std::string order_id = json_string(order, "id");
    CHECK(json_string(order, "status") == "pending_payment");
    CHECK(json_string(order, "currency") == "EUR");
    const auto& payment = order.as_object().at("payment");
    const std::string payment_id = json_string(payment, "payment_id");
    CHECK(json_string(payment, "client_secret") == payment_id + "_secret_fake");
    CHECK(fake.payment_count() == 1);
    CHECK(fake.payment_amount(payment_id) == order.as_object().at("total_cents").as_int64());
    CHECK(fake.unauthorized() == 0);
    CHECK(http(server.port(), "GET", download, {buyer.auth()}).status == 403);

    const std::string paid = fake.payment_webhook(payment_id, "succeeded", "payment_succeeded");
    const auto forged = deliver(server.port(), paid, "wrong-secret");
    CHECK(forged.status == 401);
    CHECK(order_status(server.port(), buyer, order_id) == "pending_payment");
    const auto applied = deliver(server.port(), paid);
    CHECK(applied.status == 200);
    CHECK(json_string(json_of(applied), "outcome") == "applied");
    CHECK(order_status(server.port(), buyer, order_id) == "paid");
    CHECK(http(server.port(), "GET", download, {buyer.auth()}).status == 200);
    const auto again = deliver(server.port(), paid);
    CHECK(again.status == 200);
    CHECK(json_string(json_of(again), "outcome") == "duplicate");
    CHECK(order_status(server.port(), buyer, order_id) == "paid");

    const std::string refund_target = "/api/v1/orders/" + order_id + "/refund";
    const auto refund = http(server.port(), "POST", refund_target, {buyer.auth(), kJson, "Idempotency-Key: k-1"},
                             R"({"reason":"changed my mind"})");
    REQUIRE(refund.status == 202);
    const std::string refund_id = json_string(json_of(refund), "id");
    CHECK(json_string(json_of(refund), "status") == "pending");
    CHECK(json_of(refund).as_object().at("amount_cents").as_int64() == order.as_object().at("total_cents").as_int64());
    const auto replay = http(server.port(), "POST", refund_target, {buyer.auth(), kJson, "Idempotency-Key: k-1"},
                             R"({"reason":"changed my mind"})");
    CHECK(replay.status == 202);
    CHECK(replay.body == refund.body);
    CHECK(replay.header("idempotent-replayed") == std::optional<std::string>("true"));
    CHECK(fake.refund_count() == 1);
    const auto reused = http(server.port(), "POST", refund_target, {buyer.auth(), kJson, "Idempotency-Key: k-1"},
                             R"({"reason":"another reason"})");
    CHECK(reused.status == 422);
    CHECK(reused.body.find("different request") != std::string::npos);
    CHECK(fake.refund_count() == 1);

    const std::string refunded = fake.refund_webhook(refund_id, "succeeded", "refund_succeeded");
    CHECK(deliver(server.port(), refunded).status == 200);
    CHECK(order_status(server.port(), buyer, order_id) == "refunded");
    CHECK(http(server.port(), "GET", download, {buyer.auth()}).status == 403);
    // The stale payment event redelivered after the refund changes nothing.
    CHECK(deliver(server.port(), paid).status == 200);
    CHECK(order_status(server.port(), buyer, order_id) == "refunded");
    CHECK(server.log().find(kApiKey) == std::string::npos);
    CHECK(server.log().find(kSecret) == std::string::npos);
  }

  TEST_CASE("payments: a refund over what remains is refused before the provider, a double-clicked refund is 409") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 2000);
    const auto created = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    REQUIRE(created.status == 201);
    const auto order = json_of(created);
    const std::string order_id = json_string(order, "id");
    const std::int64_t total = order.as_object().at("total_cents").as_int64();
    const std::string payment_id = json_string(order.as_object().at("payment"), "payment_id");
    REQUIRE(deliver(server.port(), fake.payment_webhook(payment_id, "succeeded", "payment_succeeded")).status == 200);

    const std::string target = "/api/v1/orders/" + order_id + "/refund";
    const auto over = http(server.port(), "POST", target, {buyer.auth(), kJson},
                           R"({"reason":"too much","amount_cents":)" + std::to_string(total + 1) + "}");
    CHECK(over.status >= 400);
    CHECK(over.status < 500);
    CHECK(fake.refund_count() == 0);

    const std::string goodwill = R"({"reason":"goodwill","amount_cents":500})";
    const auto first = http(server.port(), "POST", target, {buyer.auth(), kJson}, goodwill);
    REQUIRE(first.status == 202);
    const auto second = http(server.port(), "POST", target, {buyer.auth(), kJson}, goodwill);
    CHECK(second.status == 409);
    CHECK(fake.refund_count() == 1);

    const std::string refund_id = json_string(json_of(first), "id");
    CHECK(deliver(server.port(), fake.refund_webhook(refund_id, "succeeded", "refund_succeeded")).status == 200);
    CHECK(order_status(server.port(), buyer, order_id) == "partially_refunded");
  }

  TEST_CASE("payments: a provider answering 500 or 429 at checkout is 502/503 and never a second payment") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track");

    fake.set_mode(FakeHyperswitch::Mode::fail_500);
    const auto r = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    CHECK((r.status == 502 || r.status == 503));
    CHECK(fake.payment_count() == 0);
    CHECK(fake.distinct_payment_ids_posted() <= 1);
    CHECK(r.body.find(kApiKey) == std::string::npos);

    fake.set_mode(FakeHyperswitch::Mode::rate_limited);
    const auto limited = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    CHECK(limited.status >= 400);
    CHECK(fake.payment_count() == 0);
  }

  TEST_CASE("payments: a checkout repeated with its Idempotency-Key gets the same order, never a second one") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto other = seed.account("other@example.com");
    const auto product = seed.product(seller, "Track", 1290);
    const std::string body = checkout_body(product.id);

    const auto first = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson, "Idempotency-Key: c-1"}, body);
    REQUIRE(first.status == 201);
    CHECK_FALSE(first.header("idempotent-replayed"));
    const auto again = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson, "Idempotency-Key: c-1"}, body);
    CHECK(again.status == 201);
    CHECK(again.body == first.body);
    CHECK(again.header("location") == first.header("location"));
    CHECK(again.header("idempotent-replayed") == std::optional<std::string>("true"));
    CHECK(fake.payment_posts() == 1);
    const auto mine = json_of(http(server.port(), "GET", "/api/v1/orders", {buyer.auth()}));
    CHECK(mine.as_object().at("items").as_array().size() == 1);

    // The key names one request: another body under it is refused, and makes no order.
    const auto reused = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson, "Idempotency-Key: c-1"},
                             R"({"items":[{"product_id":")" + product.id + R"("}],"withdrawal_waiver":true})");
    CHECK(reused.status == 422);
    CHECK(fake.payment_posts() == 1);
    // Keys are per user: another buyer's c-1 is their own first checkout.
    CHECK(http(server.port(), "POST", "/api/v1/orders", {other.auth(), kJson, "Idempotency-Key: c-1"}, body).status == 201);
    CHECK(fake.payment_posts() == 2);
    // A key the server cannot keep is refused before anything runs.
    const auto overlong = http(server.port(), "POST", "/api/v1/orders",
                               {buyer.auth(), kJson, "Idempotency-Key: " + std::string(201, 'k')}, body);
    CHECK(overlong.status == 400);
    CHECK(fake.payment_posts() == 2);

    // A failed checkout keeps nothing: once the provider is back, the same key runs it.
    fake.set_mode(FakeHyperswitch::Mode::fail_500);
    const auto failed = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson, "Idempotency-Key: c-2"}, body);
    CHECK(failed.status >= 500);
    fake.set_mode(FakeHyperswitch::Mode::normal);
    const auto retried = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson, "Idempotency-Key: c-2"}, body);
    CHECK(retried.status == 201);
    CHECK_FALSE(retried.header("idempotent-replayed"));
  }
}
