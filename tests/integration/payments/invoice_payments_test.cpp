// Invoices and credit notes on the money path of the real veza-server against the fake
// Hyperswitch: the signed payment webhook issues the invoice; a goodwill refund and a refund
// made in the provider's dashboard (a refund id we never created) each get their credit note,
// stating the refunded amount, served as PDF.
#include <fstream>

#include <doctest/doctest.h>

#include <veza/payments/payment_gateway.hpp>

#include "integration/payments/fake_hyperswitch.hpp"
#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kJson = "Content-Type: application/json";
const std::string kApiKey = "snd_fake_key_inv";
const std::string kSecret = "whsec_fake_secret_inv";

std::vector<std::string> settings(const FakeHyperswitch& fake) {
  return {"--hyperswitch-api-key", kApiKey, "--hyperswitch-base-url", fake.base_url(), "--hyperswitch-webhook-secret",
          kSecret, "--seller-name", "Veza Test GmbH", "--seller-address", "1 Test Street\\n10115 Berlin",
          "--seller-vat-id", "DE123456789", "--invoice-locale", "en"};
}

HttpResponse deliver(std::uint16_t port, const std::string& body) {
  return http(port, "POST", "/api/v1/webhooks/hyperswitch",
              {kJson, "X-Webhook-Signature-512: " + veza::payments::hmac_sha512_hex(kSecret, body)}, body);
}

std::string pdf_text(const std::filesystem::path& dir, const std::string& pdf) {
  const auto file = dir / "document.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  const auto [code, text] = run_command({"pdftotext", "-layout", file.string(), "-"});
  REQUIRE(code == 0);
  return text;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("payments: the paid webhook issues the invoice, and goodwill and dashboard refunds each get a credit note") {
    FakeHyperswitch fake(kApiKey);
    fake.set_refund_status("succeeded");
    TempDir dir("veza-pay-inv");
    ServerProcess server(dir.path(), settings(fake));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 2400);  // 20 %: 20.00 net + 4.00 VAT

    const auto created = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson},
                              R"({"items":[{"product_id":")" + product.id + R"("}]})");
    REQUIRE(created.status == 201);
    const auto order = json_of(created);
    const std::string order_id = json_string(order, "id");
    const std::string payment_id = json_string(order.as_object().at("payment"), "payment_id");
    const std::string invoice = "/api/v1/orders/" + order_id + "/invoice";
    CHECK(http(server.port(), "GET", invoice, {buyer.auth()}).status == 409);  // not paid yet

    REQUIRE(deliver(server.port(), fake.payment_webhook(payment_id, "succeeded", "payment_succeeded")).status == 200);
    const auto inv = http(server.port(), "GET", invoice, {buyer.auth()});
    REQUIRE(inv.status == 200);
    const std::string inv_text = pdf_text(dir.path(), inv.body);
    CHECK(contains(inv_text, payment_id));  // the payment reference
    CHECK(contains(inv_text, "€24.00"));
    const auto number = inv.header("content-disposition").value_or("");
    REQUIRE(number.size() > 30);
    const std::string invoice_number = number.substr(number.find('"') + 1, number.rfind(".pdf") - number.find('"') - 1);

    // Goodwill: 6.00 of 24.00 at 20 % is 5.00 net + 1.00 VAT.
    const auto goodwill = http(server.port(), "POST", "/api/v1/orders/" + order_id + "/refund", {buyer.auth(), kJson},
                               R"({"reason":"late delivery","amount_cents":600})");
    REQUIRE(goodwill.status == 202);
    const auto first = http(server.port(), "GET", "/api/v1/orders/" + order_id + "/credit-notes/1", {buyer.auth()});
    REQUIRE(first.status == 200);
    const std::string first_text = pdf_text(dir.path(), first.body);
    CHECK(contains(first_text, invoice_number));
    CHECK(contains(first_text, "-€6.00"));
    CHECK(contains(first_text, "-€5.00"));
    CHECK(contains(first_text, "-€1.00"));

    // A refund made in the dashboard: the provider knows it, we never created it.
    const auto made = http(fake.port(), "POST", "/refunds", {"api-key: " + kApiKey, kJson},
                           R"({"payment_id":")" + payment_id + R"(","refund_id":"ref_dashboard_1","amount":1200})");
    REQUIRE(made.status == 200);
    REQUIRE(deliver(server.port(), fake.refund_webhook("ref_dashboard_1", "succeeded", "refund_succeeded")).status == 200);
    const auto second = http(server.port(), "GET", "/api/v1/orders/" + order_id + "/credit-notes/2", {buyer.auth()});
    REQUIRE(second.status == 200);
    const std::string second_text = pdf_text(dir.path(), second.body);
    CHECK(contains(second_text, invoice_number));
    CHECK(contains(second_text, "-€12.00"));
    CHECK(json_string(json_of(http(server.port(), "GET", "/api/v1/orders/" + order_id, {buyer.auth()})), "status") ==
          "partially_refunded");
    CHECK(http(server.port(), "GET", "/api/v1/orders/" + order_id + "/credit-notes/3", {buyer.auth()}).status == 404);
  }
}
