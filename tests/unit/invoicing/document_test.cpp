// Numbers, dates, amounts and rates as documents print them, the VAT breakdown, and the
// snapshot's canonical JSON.
#include <doctest/doctest.h>

#include <veza/invoicing/document.hpp>

using namespace veza::invoicing;

namespace {
veza::Currency cur(const char* code) { return *veza::Currency::parse(code); }
}  // namespace

TEST_SUITE("invoicing") {
  TEST_CASE("document numbers are KIND-YYYY-NNNNNN, zero-padded to six digits and longer past a million") {
    CHECK(document_number(DocumentKind::invoice, 2026, 1) == "VEZA-2026-000001");
    CHECK(document_number(DocumentKind::credit_note, 2026, 42) == "AV-2026-000042");
    CHECK(document_number(DocumentKind::invoice, 2027, 1234567) == "VEZA-2027-1234567");
  }

  TEST_CASE("amounts follow the locale: 12,50 € in French, €12.50 in English, grouped and signed") {
    CHECK(format_amount(1250, cur("EUR"), Locale::fr) == "12,50 \xE2\x82\xAC");
    CHECK(format_amount(1250, cur("EUR"), Locale::en) == "\xE2\x82\xAC" "12.50");
    CHECK(format_amount(123456789, cur("EUR"), Locale::fr) == "1 234 567,89 \xE2\x82\xAC");
    CHECK(format_amount(123456789, cur("EUR"), Locale::en) == "\xE2\x82\xAC" "1,234,567.89");
    CHECK(format_amount(-5, cur("EUR"), Locale::fr) == "-0,05 \xE2\x82\xAC");
    CHECK(format_amount(0, cur("USD"), Locale::en) == "$0.00");
    CHECK(format_amount(1500, cur("JPY"), Locale::en) == "JPY 1,500");
    CHECK(format_amount(1500, cur("CHF"), Locale::fr) == "15,00 CHF");
  }

  TEST_CASE("rates print without trailing zeros: 20 %, 5,5 %, 0 %") {
    CHECK(format_rate(2000, Locale::fr) == "20 %");
    CHECK(format_rate(550, Locale::fr) == "5,5 %");
    CHECK(format_rate(210, Locale::en) == "2.1%");
    CHECK(format_rate(1234, Locale::en) == "12.34%");
    CHECK(format_rate(0, Locale::fr) == "0 %");
  }

  TEST_CASE("dates are the UTC calendar day of the issue time") {
    const veza::Timestamp t{std::chrono::milliseconds{1'782'900'930'123}};  // 2026-07-01T10:15:30.123Z
    CHECK(utc_year(t) == 2026);
    CHECK(format_date(t, Locale::fr) == "01/07/2026");
    CHECK(format_date(t, Locale::en) == "2026-07-01");
  }

  TEST_CASE("the VAT breakdown groups lines by rate, ascending, and sums each group") {
    std::vector<DocumentLine> lines(4);
    lines[0].vat_rate_bp = 2000, lines[0].net_cents = 1000, lines[0].vat_cents = 200, lines[0].gross_cents = 1200;
    lines[1].vat_rate_bp = 0, lines[1].net_cents = 500, lines[1].vat_cents = 0, lines[1].gross_cents = 500;
    lines[2].vat_rate_bp = 2000, lines[2].net_cents = 1, lines[2].vat_cents = 0, lines[2].gross_cents = 1;
    lines[3].vat_rate_bp = 550, lines[3].net_cents = 948, lines[3].vat_cents = 52, lines[3].gross_cents = 1000;
    const auto b = vat_breakdown(lines);
    REQUIRE(b.size() == 3);
    CHECK(b[0].rate_bp == 0);
    CHECK(b[1].rate_bp == 550);
    CHECK(b[2].rate_bp == 2000);
    CHECK(b[2].net_cents == 1001);
    CHECK(b[2].vat_cents == 200);
    CHECK(b[2].gross_cents == 1201);
  }

  TEST_CASE("a snapshot survives its canonical JSON unchanged, and corrupt content is refused") {
    DocumentSnapshot s;
    s.kind = DocumentKind::credit_note;
    s.number = "AV-2026-000003";
    s.issued_at = veza::Timestamp{std::chrono::milliseconds{1'782'900'930'123}};
    s.order_id = "o-1";
    s.seller = {"Veza SAS", "1 rue de la Paix\n75002 Paris", "", "", "FR12345678901"};
    s.buyer = {"Zoë Müller", "Hauptstraße 1", "DE", "zoe@example.org", ""};
    s.lines.push_back(DocumentLine{2, "Été « live »", "Ünïcødé ☃", 1, 1042, 2000, 1042, 208, 1250});
    s.breakdown = vat_breakdown(s.lines);
    s.net_cents = 1042, s.vat_cents = 208, s.gross_cents = 1250;
    s.currency = cur("EUR");
    s.payment_reference = "pay_123";
    s.footer = "TVA acquittée sur les débits";
    s.locale = Locale::en;
    s.invoice_number = "VEZA-2026-000007";
    s.invoice_issued_at = s.issued_at;
    const std::string json = encode_snapshot(s);
    auto back = decode_snapshot(json);
    REQUIRE(back);
    CHECK(encode_snapshot(*back) == json);
    CHECK(back->lines.at(0).position == 2);
    CHECK(back->buyer.name == "Zoë Müller");
    CHECK(back->invoice_issued_at == s.issued_at);
    CHECK(back->locale == Locale::en);
    auto bad = decode_snapshot(R"({"kind":"invoice"})");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == veza::ErrorCode::internal);
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
