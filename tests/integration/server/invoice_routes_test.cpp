// The invoice and billing routes of the real veza-server: GET /api/v1/orders/{id}/invoice and
// /credit-notes/{n} answer application/pdf named by the document's number for the buyer and
// admins, 404 for anyone else (like an unknown order), 409 before payment; PUT/GET
// /api/v1/me/billing validate and store the profile later invoices state. Orders are paid and
// refunded through libveza (Seeder) on the server's database, which issues the documents.
#include <fstream>

#include <doctest/doctest.h>

#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::string kJson = "Content-Type: application/json";

// pdftotext's text of a PDF body (written to `dir` first).
std::string pdf_text(const std::filesystem::path& dir, const std::string& pdf) {
  const auto file = dir / "document.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  const auto [code, text] = run_command({"pdftotext", "-layout", file.string(), "-"});
  REQUIRE(code == 0);
  return text;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// The number the runtime gave the order's invoice (the year comes from the clock).
std::string invoice_number(Seeder& seed, const std::string& order_id) {
  auto doc = seed.runtime().invoices().invoice(order_id);
  REQUIRE(doc);
  return doc->number;
}

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("server invoices: the buyer and admins get the PDF named by its number, others 404, unpaid 409") {
    TempDir dir("veza-inv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto other = seed.account("other@example.com");
    const auto admin = seed.account("admin@example.com", "admin");
    const auto product = seed.product(seller, "Café Noir", 1290);
    const auto order = seed.order(buyer, product, true);
    const std::string number = invoice_number(seed, order.id);
    CHECK(number.rfind("VEZA-", 0) == 0);
    CHECK(number.substr(number.size() - 7) == "-000001");
    const std::string target = "/api/v1/orders/" + order.id + "/invoice";

    const auto r = http(server.port(), "GET", target, {buyer.auth()});
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/pdf");
    CHECK(r.header("content-disposition") == "attachment; filename=\"" + number + ".pdf\"");
    CHECK(r.header("cache-control") == "private, no-store");
    CHECK(r.body.rfind("%PDF-", 0) == 0);
    const std::string text = pdf_text(dir.path(), r.body);
    CHECK(contains(text, number));
    CHECK(contains(text, "Café Noir"));
    CHECK(contains(text, "12,90 €"));

    const auto as_admin = http(server.port(), "GET", target, {admin.auth()});
    CHECK(as_admin.status == 200);
    CHECK(as_admin.body == r.body);  // rendered from the frozen snapshot: the same bytes

    const auto as_other = http(server.port(), "GET", target, {other.auth()});
    CHECK(as_other.status == 404);
    CHECK(error_code(as_other) == "not_found");
    const auto unknown = http(server.port(), "GET", "/api/v1/orders/0190f0c4-0000-7000-8000-000000000000/invoice",
                              {buyer.auth()});
    CHECK(unknown.status == 404);
    CHECK(http(server.port(), "GET", "/api/v1/orders/not-an-id/invoice", {buyer.auth()}).status == 404);
    CHECK(http(server.port(), "GET", target, {}).status == 401);

    const auto pending = seed.order(buyer, seed.product(seller, "Unpaid"), false);
    const auto unpaid = http(server.port(), "GET", "/api/v1/orders/" + pending.id + "/invoice", {buyer.auth()});
    CHECK(unpaid.status == 409);
    CHECK(error_code(unpaid) == "order_not_paid");
    CHECK(contains(unpaid.body, "paid"));
    // Someone else's unpaid order still answers 404: nothing about it leaks.
    CHECK(http(server.port(), "GET", "/api/v1/orders/" + pending.id + "/invoice", {other.auth()}).status == 404);
  }

  TEST_CASE("server invoices: a refunded order's credit note is a PDF referencing the invoice, other numbers 404") {
    TempDir dir("veza-inv");
    ServerProcess server(dir.path(), {});
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto other = seed.account("other@example.com");
    const auto order = seed.order(buyer, seed.product(seller, "Track", 990), true);
    const std::string base = "/api/v1/orders/" + order.id + "/credit-notes/";
    CHECK(http(server.port(), "GET", base + "1", {buyer.auth()}).status == 404);  // no refund yet

    REQUIRE(seed.runtime().orders().settle_refund(order.id, true));
    const std::string number = invoice_number(seed, order.id);
    const auto r = http(server.port(), "GET", base + "1", {buyer.auth()});
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/pdf");
    const auto disposition = r.header("content-disposition").value_or("");
    CHECK(disposition.rfind("attachment; filename=\"AV-", 0) == 0);
    CHECK(contains(disposition, "-000001.pdf\""));
    const std::string text = pdf_text(dir.path(), r.body);
    CHECK(contains(text, number));  // the invoice it corrects, by number (and date)
    CHECK(contains(text, "9,90 €"));

    CHECK(http(server.port(), "GET", base + "2", {buyer.auth()}).status == 404);
    CHECK(http(server.port(), "GET", base + "0", {buyer.auth()}).status == 404);
    CHECK(http(server.port(), "GET", base + "x", {buyer.auth()}).status == 404);
    CHECK(http(server.port(), "GET", base + "1", {other.auth()}).status == 404);
    CHECK(http(server.port(), "GET", base + "1", {}).status == 401);
    // The invoice itself is still served, unchanged, after the refund.
    CHECK(http(server.port(), "GET", "/api/v1/orders/" + order.id + "/invoice", {buyer.auth()}).status == 200);
  }

  TEST_CASE("server billing: PUT /api/v1/me/billing validates, normalises, and later invoices state it") {
    TempDir dir("veza-inv");
    // An empty footer setting means "no footer"; it must not stop the server.
    ServerProcess server(dir.path(), {"--invoice-footer", ""});
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const std::string target = "/api/v1/me/billing";

    const auto none = http(server.port(), "GET", target, {buyer.auth()});
    CHECK(none.status == 404);
    CHECK(error_code(none) == "not_found");
    CHECK(http(server.port(), "PUT", target, {kJson}, "{}").status == 401);

    const auto bad_json = http(server.port(), "PUT", target, {buyer.auth(), kJson}, "{not json");
    CHECK(bad_json.status == 400);
    const auto missing = http(server.port(), "PUT", target, {buyer.auth(), kJson}, R"({"name":"A","address":"B"})");
    CHECK(missing.status == 400);
    CHECK(contains(missing.body, "country"));
    const auto not_string = http(server.port(), "PUT", target, {buyer.auth(), kJson},
                                 R"({"name":1,"address":"B","country":"FR"})");
    CHECK(not_string.status == 400);
    const auto country = http(server.port(), "PUT", target, {buyer.auth(), kJson},
                              R"({"name":"ACME","address":"1 rue X","country":"fra"})");
    CHECK(country.status == 422);
    CHECK(error_code(country) == "validation_failed");
    CHECK(contains(country.body, "country"));
    const auto vat = http(server.port(), "PUT", target, {buyer.auth(), kJson},
                          R"({"name":"ACME","address":"1 rue X","country":"FR","vat_number":"FR#1"})");
    CHECK(vat.status == 422);
    CHECK(contains(vat.body, "vat_number"));
    const auto blank = http(server.port(), "PUT", target, {buyer.auth(), kJson},
                            R"({"name":"  ","address":"1 rue X","country":"FR"})");
    CHECK(blank.status == 422);

    const auto saved = http(server.port(), "PUT", target, {buyer.auth(), kJson},
                            R"({"name":" ACME GmbH ","address":"Hauptstr. 1\nBerlin","country":"DE","vat_number":"de 123.456.789"})");
    REQUIRE(saved.status == 200);
    const auto body = json_of(saved);
    CHECK(json_string(body, "name") == "ACME GmbH");
    CHECK(json_string(body, "country") == "DE");
    CHECK(contains(saved.body, "DE123456789"));
    const auto read = http(server.port(), "GET", target, {buyer.auth()});
    CHECK(read.status == 200);
    CHECK(json_string(json_of(read), "name") == "ACME GmbH");

    const auto order = seed.order(buyer, seed.product(seller, "Track"), true);
    const auto pdf = http(server.port(), "GET", "/api/v1/orders/" + order.id + "/invoice", {buyer.auth()});
    REQUIRE(pdf.status == 200);
    const std::string text = pdf_text(dir.path(), pdf.body);
    CHECK(contains(text, "ACME GmbH"));
    CHECK(contains(text, "DE123456789"));
  }
}
