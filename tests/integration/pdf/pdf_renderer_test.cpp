// QpdfDocumentRenderer: valid PDFs (QPDF's parser and `qpdf --check`), extractable text
// (pdftotext), metadata, byte-identical re-renders, WinAnsi substitution, pagination; and
// invoicing wired through the Runtime on a SQLite file.
#include <doctest/doctest.h>

#include <filesystem>

#include <unistd.h>

#include <veza/core/vat.hpp>
#include <veza/invoicing/document.hpp>
#include <veza/runtime/runtime.hpp>

#include "adapters/pdf/qpdf_document_renderer.hpp"
#include "adapters/pdf/win_ansi.hpp"
#include "pdf_check.hpp"

using veza::invoicing::DocumentKind;
using veza::invoicing::DocumentLine;
using veza::invoicing::DocumentSnapshot;
using veza::invoicing::Locale;

namespace {

DocumentSnapshot sample(int lines = 3) {
  DocumentSnapshot s;
  s.number = "VEZA-2026-000001";
  s.issued_at = veza::Timestamp{std::chrono::milliseconds{1'782'900'930'123}};
  s.order_id = "0190a0b0-0000-7000-8000-000000000001";
  s.seller = {"Veza SAS", "12 rue de l'Église\n75011 Paris", "", "", "FR12345678901"};
  s.buyer = {"Zoé Dupré", "3 allée des Cèdres\n69001 Lyon", "FR", "zoe@example.org", "FR98765432109"};
  const std::int32_t rates[] = {2000, 550, 0};
  for (int i = 0; i < lines; ++i) {
    DocumentLine l;
    l.position = i;
    l.title = "Été électrique n°" + std::to_string(i + 1);
    l.artist = "Léa Çelik";
    l.vat_rate_bp = rates[i % 3];
    l.gross_cents = 1250;
    auto split = veza::split_gross(1250, l.vat_rate_bp);
    l.net_cents = l.unit_net_cents = split->net;
    l.vat_cents = split->vat;
    s.lines.push_back(l);
  }
  s.breakdown = veza::invoicing::vat_breakdown(s.lines);
  for (const auto& r : s.breakdown) s.net_cents += r.net_cents, s.vat_cents += r.vat_cents, s.gross_cents += r.gross_cents;
  s.currency = *veza::Currency::parse("EUR");
  s.payment_reference = "pay_7Hc9";
  s.footer = "Veza SAS, capital 10 000 €, RCS Paris 123 456 789. TVA acquittée sur les débits.";
  return s;
}

std::string render(const DocumentSnapshot& s) {
  veza::adapters::QpdfDocumentRenderer r;
  auto pdf = r.render(s);
  REQUIRE(pdf);
  return *pdf;
}

}  // namespace

TEST_SUITE("invoicing") {
  TEST_CASE("pdf: an invoice passes qpdf --check, carries its metadata, and its text is extractable with accents and €") {
    const auto s = sample();
    const std::string pdf = render(s);
    std::string check;
    CHECK_MESSAGE(veza::testing::qpdf_check(pdf, &check) == 0, check);
    const auto facts = veza::testing::read_pdf(pdf);
    CHECK(facts.pages == 1);
    CHECK(facts.info.at("/Title") == "VEZA-2026-000001");
    CHECK(facts.info.at("/Author") == "Veza SAS");
    CHECK(facts.info.at("/CreationDate") == "D:20260701101530Z");
    const std::string text = veza::testing::pdf_text(pdf);
    INFO(text);
    for (const char* needle : {"FACTURE", "VEZA-2026-000001", "01/07/2026", "Zoé Dupré", "FR98765432109",
                               "Été électrique n°1", "Léa Çelik", "12,50 €", "20 %", "5,5 %", "0 %", "37,50 €",
                               "pay_7Hc9", "TVA acquittée sur les débits", "Total TTC", "12 rue de l'Église",
                               "FR12345678901", "Page 1 / 1"}) {
      CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
    }
  }

  TEST_CASE("pdf: rendering the same document twice gives identical bytes, another document gets another /ID") {
    const auto s = sample();
    const std::string a = render(s), b = render(s);
    CHECK(a == b);
    auto other = s;
    other.number = "VEZA-2026-000002";
    CHECK(render(other) != a);
  }

  TEST_CASE("pdf: English documents write €12.50, and a credit note states its invoice's number and date, negated") {
    auto s = sample(1);
    s.locale = Locale::en;
    s.kind = DocumentKind::credit_note;
    s.number = "AV-2026-000001";
    s.invoice_number = "VEZA-2026-000001";
    s.invoice_issued_at = s.issued_at - std::chrono::hours(24);
    const std::string pdf = render(s);
    CHECK(veza::testing::qpdf_check(pdf) == 0);
    const std::string text = veza::testing::pdf_text(pdf);
    INFO(text);
    CHECK(text.find("CREDIT NOTE") != std::string::npos);
    CHECK(text.find("VEZA-2026-000001 of 2026-06-30") != std::string::npos);
    CHECK(text.find("-€12.50") != std::string::npos);
  }

  TEST_CASE("pdf: characters outside WinAnsi are substituted, never a broken PDF") {
    auto s = sample(1);
    s.lines[0].title = "Snow ☃ 雪 \xF0\x9F\x8E\xB5 bad\xFF byte (paren) back\\slash";
    s.buyer.name = "名前";
    const std::string pdf = render(s);
    CHECK(veza::testing::qpdf_check(pdf) == 0);
    const std::string text = veza::testing::pdf_text(pdf);
    INFO(text);
    CHECK(text.find("Snow ? ? ? bad? byte (paren) back\\slash") != std::string::npos);
    CHECK(veza::testing::read_pdf(pdf).info.at("/Title") == "VEZA-2026-000001");
    CHECK(veza::adapters::pdf::to_win_ansi("€àŒ™") == "\x80\xE0\x8C\x99");
  }

  TEST_CASE("pdf: long titles wrap and many lines continue on further pages, totals on the last") {
    auto s = sample(90);
    s.lines[0].title = std::string(40, 'W') + " " + std::string(300, 'x') + " a very long title that must wrap";
    const std::string pdf = render(s);
    CHECK(veza::testing::qpdf_check(pdf) == 0);
    const auto facts = veza::testing::read_pdf(pdf);
    REQUIRE(facts.pages >= 3);
    const std::string first = veza::testing::pdf_text(pdf, 1, 1);
    const std::string last = veza::testing::pdf_text(pdf, facts.pages, facts.pages);
    CHECK(first.find("Total TTC") != std::string::npos);  // the column head
    CHECK(first.find("Total HT") == std::string::npos);
    CHECK(last.find("Total HT") != std::string::npos);
    CHECK(last.find("(suite)") != std::string::npos);
    CHECK(last.find("Page " + std::to_string(facts.pages) + " / " + std::to_string(facts.pages)) != std::string::npos);
    CHECK(last.find("1 125,00 €") != std::string::npos);  // 90 × 12,50 €
    const auto wrapped = veza::adapters::pdf::wrap(std::string(300, 'x'), 215, 9, false);
    CHECK(wrapped.size() > 1);
    for (const auto& line : wrapped) CHECK(veza::adapters::pdf::text_width(line, 9, false) <= 215);
  }

  TEST_CASE("runtime: a missing seller identity is refused naming each setting") {
    veza::Config c;
    auto r = veza::require_seller_identity(c);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("VEZA_SELLER_NAME") != std::string::npos);
    CHECK(r.error().message.find("VEZA_SELLER_ADDRESS") != std::string::npos);
    CHECK(r.error().message.find("VEZA_SELLER_VAT_ID") != std::string::npos);
    c.seller_name = "Veza SAS";
    c.seller_address = "Paris";
    c.seller_vat_id = "FR1";
    CHECK(veza::require_seller_identity(c));
  }

  TEST_CASE("runtime: paying an order issues a PDF invoice, refunding it a credit note") {
    const auto dir = std::filesystem::temp_directory_path() / ("veza-inv-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    veza::Config c;
    c.database_url = "sqlite://" + (dir / "veza.db").string();
    c.blob_dir = (dir / "blobs").string();
    c.seller_name = "Veza SAS";
    c.seller_address = "1 rue de la Paix\\n75002 Paris";
    c.seller_vat_id = "FR12345678901";
    c.invoice_footer = "Footer";
    {
      auto rt = veza::Runtime::open(c);
      REQUIRE(rt);
      REQUIRE((*rt)->migrate());
      auto seller = (*rt)->users().create({"artist@example.org", "Artiste", veza::identity::Role::user, true});
      auto buyer = (*rt)->users().create({"buyer@example.org", "Acheteur", veza::identity::Role::user, true});
      REQUIRE(seller);
      REQUIRE(buyer);
      auto product = (*rt)->catalog().create(seller->id, {"Morceau", "", 1250, "EUR", 2000});
      REQUIRE(product);
      auto order = (*rt)->orders().create(buyer->id, {product->id});
      REQUIRE(order);
      auto unpaid = (*rt)->invoices().invoice_for(order->id, *buyer);
      REQUIRE_FALSE(unpaid);
      CHECK(unpaid.error().code == veza::ErrorCode::conflict);
      REQUIRE((*rt)->orders().mark_paid(order->id));
      auto inv = (*rt)->invoices().invoice_for(order->id, *buyer);
      REQUIRE(inv);
      CHECK(inv->filename.rfind("VEZA-", 0) == 0);
      CHECK(veza::testing::qpdf_check(inv->pdf) == 0);
      const std::string text = veza::testing::pdf_text(inv->pdf);
      CHECK(text.find("75002 Paris") != std::string::npos);
      CHECK(text.find("Morceau") != std::string::npos);
      REQUIRE((*rt)->orders().settle_refund(order->id, true));
      auto note = (*rt)->invoices().credit_note_for(order->id, 1, *buyer);
      REQUIRE(note);
      CHECK(veza::testing::pdf_text(note->pdf).find(inv->filename.substr(0, inv->filename.size() - 4)) != std::string::npos);
      auto report = (*rt)->invoices().verify(std::nullopt);
      REQUIRE(report);
      CHECK(report->checked == 2);
      CHECK(report->problems.empty());
      CHECK((*rt)->metrics().scrape().find("veza_invoices_issued_total 1") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
  }
}
