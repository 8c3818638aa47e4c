// The payment routes of the real veza-server without a reachable provider: 503 when payments are
// not configured, 401 on a missing or forged webhook signature (nothing parsed, nothing changed),
// 502/503 when the provider cannot be reached at checkout, and request validation.
#include <doctest/doctest.h>

#include <veza/payments/payment_gateway.hpp>

#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kJson = "Content-Type: application/json";
const std::string kSecret = "whsec_route_test_secret";

std::vector<std::string> payment_settings(std::uint16_t provider_port) {
  return {"--hyperswitch-api-key", "snd_route_test_key", "--hyperswitch-base-url",
          "http://127.0.0.1:" + std::to_string(provider_port), "--hyperswitch-webhook-secret", kSecret,
          "--seller-name", "Veza Test GmbH", "--seller-address", "1 Test Street\\n10115 Berlin", "--seller-vat-id", "DE123456789"};
}

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("server payments: without HYPERSWITCH_API_KEY, POST /api/v1/orders is 503 saying payments are not configured") {
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Song");
    const auto r = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson},
                        R"({"items":[{"product_id":")" + product.id + R"("}]})");
    CHECK(r.status == 503);
    CHECK(r.body.find("not configured") != std::string::npos);
    CHECK(http(server.port(), "POST", "/api/v1/orders", {kJson}, "{}").status == 401);
  }

  TEST_CASE("server payments: with payments on, a missing seller identity refuses to start, naming the settings") {
    TempDir dir("veza-pay");
    std::vector<std::string> argv{VEZA_SERVER_PATH, "--http-addr", "127.0.0.1:0", "--database-url",
                                  "sqlite://" + (dir.path() / "veza.db").string(), "--blob-dir",
                                  (dir.path() / "blobs").string(), "--hyperswitch-api-key", "snd_route_test_key",
                                  "--hyperswitch-base-url", "http://127.0.0.1:9", "--seller-name", "Veza Test GmbH"};
    const auto [code, output] = run_command(argv);
    CHECK(code == 2);
    CHECK(output.find("VEZA_SELLER_ADDRESS") != std::string::npos);
    CHECK(output.find("VEZA_SELLER_VAT_ID") != std::string::npos);
    CHECK(output.find("snd_route_test_key") == std::string::npos);
  }

  TEST_CASE("server payments: a webhook with a missing or forged signature is 401, and a provider that cannot be reached is 502/503") {
    TempDir dir("veza-pay");
    const std::uint16_t dead_port = free_port();  // nothing listens there
    ServerProcess server(dir.path(), payment_settings(dead_port));
    Seeder seed(dir.path());
    const std::string body = R"({"event_id":"evt_1","event_type":"payment_succeeded","content":{"type":"payment_details","object":{}}})";
    CHECK(http(server.port(), "POST", "/api/v1/webhooks/hyperswitch", {kJson}, body).status == 401);
    const std::string forged = veza::payments::hmac_sha512_hex("not-the-secret", body);
    CHECK(http(server.port(), "POST", "/api/v1/webhooks/hyperswitch", {kJson, "X-Webhook-Signature-512: " + forged}, body)
              .status == 401);
    const std::string signed_body = body + "\n";  // signed over other bytes than sent
    const std::string other = veza::payments::hmac_sha512_hex(kSecret, body);
    CHECK(http(server.port(), "POST", "/api/v1/webhooks/hyperswitch", {kJson, "X-Webhook-Signature-512: " + other},
               signed_body)
              .status == 401);
    CHECK(server.log().find(kSecret) == std::string::npos);

    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Song");
    CHECK(http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, R"({"items":"x"})").status == 400);
    CHECK(http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson},
               R"({"items":[{"product_id":")" + product.id + R"("}],"withdrawal_waiver":"yes"})")
              .status == 400);
    const auto r = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson},
                        R"({"items":[{"product_id":")" + product.id + R"("}]})");
    CHECK((r.status == 502 || r.status == 503));
    CHECK(r.body.find("snd_route_test_key") == std::string::npos);
    CHECK(server.log().find("snd_route_test_key") == std::string::npos);

    CHECK(http(server.port(), "POST", "/api/v1/orders/x/refund", {kJson}, R"({"reason":"r"})").status == 401);
    CHECK(http(server.port(), "POST", "/api/v1/orders/x/refund", {buyer.auth(), kJson}, R"({"items":[1]})").status ==
          400);
  }
}
