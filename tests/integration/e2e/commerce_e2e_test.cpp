// The commerce path end to end on the real veza-server: a seller creates a product and uploads
// its track; a buyer checks out; the fake Hyperswitch's signed payment_succeeded webhook pays the
// order; the buyer downloads, reviews and fetches the invoice PDF; a refund and its
// refund_succeeded webhook then take the download away, unverify the review (out of the summary)
// and issue a credit note.
#include <doctest/doctest.h>

#include <veza/payments/payment_gateway.hpp>

#include "integration/payments/fake_hyperswitch.hpp"
#include "integration/pdf/pdf_check.hpp"
#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kJson = "Content-Type: application/json";
const std::string kApiKey = "snd_e2e_key_789";
const std::string kSecret = "whsec_e2e_secret_012";

HttpResponse deliver(std::uint16_t port, const std::string& body) {
  return http(port, "POST", "/api/v1/webhooks/hyperswitch",
              {kJson, "X-Webhook-Signature-512: " + veza::payments::hmac_sha512_hex(kSecret, body)}, body);
}

// The PDF is well-formed for qpdf, and its text holds every needle.
void check_pdf(const HttpResponse& r, const std::vector<std::string>& needles) {
  CHECK(r.header("content-type").value_or("") == "application/pdf");
  std::string qpdf_output;
  CHECK_MESSAGE(qpdf_check(r.body, &qpdf_output) == 0, qpdf_output);
  const std::string text = pdf_text(r.body);
  INFO(text);
  for (const auto& needle : needles) {
    CAPTURE(needle);
    CHECK(text.find(needle) != std::string::npos);
  }
}

// "VEZA-2026-000001" from `attachment; filename="VEZA-2026-000001.pdf"`.
std::string document_number(const HttpResponse& r) {
  const std::string disposition = r.header("content-disposition").value_or("");
  const auto start = disposition.find("filename=\"");
  const auto end = disposition.find(".pdf\"");
  if (start == std::string::npos || end == std::string::npos || end < start + 10) return "";
  return disposition.substr(start + 10, end - start - 10);
}

}  // namespace

TEST_SUITE("e2e") {
  TEST_CASE("e2e: upload, checkout, payment webhook, download, review, invoice, refund webhook, credit note") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-e2e");
    ServerProcess server(dir.path(), {"--hyperswitch-api-key", kApiKey, "--hyperswitch-base-url", fake.base_url(),
                                      "--hyperswitch-webhook-secret", kSecret, "--seller-name", "Veza E2E SAS",
                                      "--seller-address", "12 rue des Tests\\n75011 Paris", "--seller-vat-id",
                                      "FR12345678901"});
    const std::uint16_t port = server.port();
    Seeder seed(dir.path());  // accounts and tokens only: everything else goes over HTTP
    const auto seller = seed.account("artist@example.com");
    const auto buyer = seed.account("listener@example.com");

    // The seller lists a track and uploads its file.
    const auto listed = http(port, "POST", "/api/v1/products", {seller.auth(), kJson},
                             R"({"title":"Night Drive","description":"Synthwave","price_cents":1290,)"
                             R"("currency":"EUR","vat_rate_bp":2000})");
    REQUIRE(listed.status == 201);
    const std::string product_id = json_string(json_of(listed), "id");
    const std::string audio = "ID3\x04" + std::string(4096, 'a');
    REQUIRE(http(port, "PUT", "/api/v1/products/" + product_id + "/file", {seller.auth(), "Content-Type: audio/mpeg"},
                 audio)
                .status == 201);
    const std::string download = "/api/v1/products/" + product_id + "/download";
    const std::string reviews = "/api/v1/products/" + product_id + "/reviews";
    CHECK(http(port, "GET", download, {buyer.auth()}).status == 403);
    CHECK(http(port, "POST", reviews, {buyer.auth(), kJson}, R"({"rating":5})").status == 403);  // not a buyer yet

    // Checkout, then the provider's signed payment_succeeded webhook.
    const auto checkout = http(port, "POST", "/api/v1/orders", {buyer.auth(), kJson},
                               R"({"items":[{"product_id":")" + product_id + R"("}],"withdrawal_waiver":false})");
    REQUIRE(checkout.status == 201);
    const auto order = json_of(checkout);
    const std::string order_id = json_string(order, "id");
    CHECK(order.as_object().at("total_cents").as_int64() == 1290);
    const std::string payment_id = json_string(order.as_object().at("payment"), "payment_id");
    CHECK(http(port, "GET", download, {buyer.auth()}).status == 403);  // pending: not paid yet
    const auto paid = deliver(port, fake.payment_webhook(payment_id, "succeeded", "payment_succeeded"));
    REQUIRE(paid.status == 200);
    CHECK(json_string(json_of(paid), "outcome") == "applied");
    CHECK(json_string(json_of(http(port, "GET", "/api/v1/orders/" + order_id, {buyer.auth()})), "status") == "paid");

    // The buyer downloads the very bytes, then reviews as a verified buyer.
    const auto got = http(port, "GET", download, {buyer.auth()});
    REQUIRE(got.status == 200);
    CHECK(got.body == audio);
    const auto reviewed = http(port, "POST", reviews, {buyer.auth(), kJson}, R"({"rating":4,"comment":"Warm pads"})");
    REQUIRE(reviewed.status == 201);
    const std::string review_id = json_string(json_of(reviewed), "id");
    CHECK(json_of(reviewed).as_object().at("verified_purchase").as_bool());
    CHECK(http(port, "GET", reviews + "/summary").body ==
          R"({"average":4,"count":1,"distribution":{"1":0,"2":0,"3":0,"4":1,"5":0}})");

    // The invoice: a valid PDF naming its number and the total (fr money format by default).
    const auto invoice = http(port, "GET", "/api/v1/orders/" + order_id + "/invoice", {buyer.auth()});
    REQUIRE(invoice.status == 200);
    const std::string invoice_number = document_number(invoice);
    REQUIRE_FALSE(invoice_number.empty());
    check_pdf(invoice, {invoice_number, "12,90 €", "Night Drive", "Veza E2E SAS"});
    CHECK(http(port, "GET", "/api/v1/orders/" + order_id + "/credit-notes/1", {buyer.auth()}).status == 404);

    // The refund, settled by the provider's refund_succeeded webhook.
    const auto refund = http(port, "POST", "/api/v1/orders/" + order_id + "/refund", {buyer.auth(), kJson},
                             R"({"reason":"bought the wrong track"})");
    REQUIRE(refund.status == 202);
    const std::string refund_id = json_string(json_of(refund), "id");
    const auto settled = deliver(port, fake.refund_webhook(refund_id, "succeeded", "refund_succeeded"));
    REQUIRE(settled.status == 200);
    CHECK(json_string(json_of(http(port, "GET", "/api/v1/orders/" + order_id, {buyer.auth()})), "status") ==
          "refunded");

    // After it: no download, the review stays listed but unverified and out of the summary,
    // and a credit note refers to the invoice.
    CHECK(http(port, "GET", download, {buyer.auth()}).status == 403);
    const auto list = json_of(http(port, "GET", reviews));
    REQUIRE(list.as_object().at("items").as_array().size() == 1);
    const auto& item = list.as_object().at("items").as_array()[0].as_object();
    CHECK(item.at("id").as_string() == review_id);
    CHECK_FALSE(item.at("verified_purchase").as_bool());
    CHECK(http(port, "GET", reviews + "/summary").body ==
          R"({"average":null,"count":0,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":0}})");
    const auto product = json_of(http(port, "GET", "/api/v1/products/" + product_id));
    CHECK(product.as_object().at("review_summary").as_object().at("count").as_int64() == 0);
    const auto note = http(port, "GET", "/api/v1/orders/" + order_id + "/credit-notes/1", {buyer.auth()});
    REQUIRE(note.status == 200);
    const std::string note_number = document_number(note);
    CHECK_FALSE(note_number.empty());
    CHECK(note_number != invoice_number);
    check_pdf(note, {note_number, invoice_number, "12,90 €"});
    CHECK(server.log().find(kApiKey) == std::string::npos);
    CHECK(server.log().find(kSecret) == std::string::npos);
  }
}
