// InvoiceService over the in-memory fakes: issuing inside the order's transaction, gap-free
// numbering, VAT per line and per rate, frozen snapshots, credit notes, access and verify.
#include <doctest/doctest.h>

#include <veza/invoicing/invoice_service.hpp>

#include "support/domain_fixture.hpp"
#include "support/fake_document_renderer.hpp"
#include "support/fake_metrics.hpp"
#include "support/recording_order_participant.hpp"

using veza::ErrorCode;
using veza::invoicing::DocumentKind;
using veza::invoicing::DocumentSnapshot;
using veza::invoicing::InvoiceService;
using veza::invoicing::InvoiceSettings;

namespace {

struct InvoicingFixture : veza::testing::DomainFixture {
  veza::testing::FakeDocumentRenderer renderer;
  veza::testing::FakeMetrics metrics;
  InvoiceService invoices{db, ids, clock, renderer, metrics, settings()};
  veza::identity::User seller = make_user("artist@example.org");
  veza::identity::User buyer = make_user("buyer@example.org");

  InvoicingFixture() { orders.add_participant(invoices); }

  static InvoiceSettings settings() {
    InvoiceSettings s;
    s.seller = {"Veza SAS", "1 rue de la Paix\n75002 Paris", "", "", "FR12345678901"};
    s.footer = "Mentions légales";
    return s;
  }

  // A paid order of products priced (gross cents, VAT bp).
  veza::orders::Order paid_order(const std::vector<std::pair<std::int64_t, std::int64_t>>& prices) {
    std::vector<std::string> ids_;
    for (const auto& [gross, rate] : prices) ids_.push_back(make_product(seller, gross, "EUR", rate).id);
    auto o = orders.create(buyer.id, ids_);
    REQUIRE(o);
    auto paid = orders.mark_paid(o->id);
    REQUIRE(paid);
    return *paid;
  }

  DocumentSnapshot invoice_of(const veza::orders::Order& o) {
    auto r = invoices.invoice_for(o.id, buyer);
    REQUIRE(r);
    return snapshot_of(r->pdf);
  }
  static DocumentSnapshot snapshot_of(const std::string& fake_pdf) {
    auto s = veza::invoicing::decode_snapshot(fake_pdf.substr(fake_pdf.find('{')));
    REQUIRE(s);
    return *s;
  }
};

}  // namespace

TEST_SUITE("invoicing") {
  TEST_CASE("paying an order issues its invoice in the same transaction, with VAT per line and per rate") {
    InvoicingFixture f;
    // 20 % with a half-cent net (1250 × 10000 / 12000 = 1041.67 → 1042), 5.5 %, and 0 %.
    const auto o = f.paid_order({{1250, 2000}, {999, 550}, {500, 0}});
    const auto s = f.invoice_of(o);
    CHECK(s.kind == DocumentKind::invoice);
    CHECK(s.number == "VEZA-2026-000001");
    CHECK(s.issued_at == f.clock.now());
    CHECK(s.seller.name == "Veza SAS");
    CHECK(s.buyer.email == "buyer@example.org");
    REQUIRE(s.lines.size() == 3);
    CHECK(s.lines[0].net_cents == 1042);
    CHECK(s.lines[0].vat_cents == 208);
    CHECK(s.lines[0].unit_net_cents == 1042);
    CHECK(s.lines[0].artist == f.seller.display_name);
    CHECK(s.lines[1].net_cents == 947);  // 999 × 10000 / 10550 = 946.92 → 947
    CHECK(s.lines[1].vat_cents == 52);
    CHECK(s.lines[2].vat_cents == 0);
    REQUIRE(s.breakdown.size() == 3);
    CHECK(s.breakdown[0].rate_bp == 0);
    CHECK(s.breakdown[1].rate_bp == 550);
    CHECK(s.breakdown[2].rate_bp == 2000);
    CHECK(s.net_cents == 1042 + 947 + 500);
    CHECK(s.vat_cents == 208 + 52);
    CHECK(s.gross_cents == 2749);
    CHECK(s.footer == "Mentions légales");
    CHECK(f.metrics.value("veza_invoices_issued_total") == 1.0);
  }

  TEST_CASE("numbers are consecutive, restart each year, and a rolled-back payment gives its number back") {
    InvoicingFixture f;
    CHECK(f.invoice_of(f.paid_order({{100, 2000}})).number == "VEZA-2026-000001");
    CHECK(f.invoice_of(f.paid_order({{100, 2000}})).number == "VEZA-2026-000002");

    veza::testing::RecordingParticipant failing;
    failing.fail_with = veza::make_error(ErrorCode::unavailable, "later participant fails");
    f.orders.add_participant(failing);
    auto o = f.orders.create(f.buyer.id, {f.make_product(f.seller).id});
    REQUIRE(o);
    REQUIRE_FALSE(f.orders.mark_paid(o->id));
    failing.fail_with.reset();
    REQUIRE(f.orders.mark_paid(o->id));
    CHECK(f.invoice_of(*o).number == "VEZA-2026-000003");

    f.clock.advance(std::chrono::hours(24 * 200));  // into 2027
    CHECK(f.invoice_of(f.paid_order({{100, 2000}})).number == "VEZA-2027-000001");
  }

  TEST_CASE("the issued counters count committed documents only: a rolled-back payment or refund counts nothing") {
    InvoicingFixture f;
    veza::testing::RecordingParticipant failing;
    failing.fail_with = veza::make_error(ErrorCode::unavailable, "later participant fails");
    f.orders.add_participant(failing);
    auto o = f.orders.create(f.buyer.id, {f.make_product(f.seller).id});
    REQUIRE(o);
    REQUIRE_FALSE(f.orders.mark_paid(o->id));
    CHECK(f.metrics.value("veza_invoices_issued_total").value_or(0) == 0.0);
    f.db.fail_next_commit();
    failing.fail_with.reset();
    REQUIRE_FALSE(f.orders.mark_paid(o->id));
    CHECK(f.metrics.value("veza_invoices_issued_total").value_or(0) == 0.0);
    REQUIRE(f.orders.mark_paid(o->id));
    CHECK(f.metrics.value("veza_invoices_issued_total") == 1.0);

    failing.fail_with = veza::make_error(ErrorCode::unavailable, "later participant fails");
    REQUIRE_FALSE(f.orders.settle_refund(o->id, true));
    CHECK(f.metrics.value("veza_credit_notes_issued_total").value_or(0) == 0.0);
    failing.fail_with.reset();
    REQUIRE(f.orders.settle_refund(o->id, true));
    CHECK(f.metrics.value("veza_credit_notes_issued_total") == 1.0);
    CHECK(f.metrics.value("veza_invoices_issued_total") == 1.0);
  }

  TEST_CASE("an issued invoice is frozen: a later billing profile does not change it, and a second payment event issues nothing") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1200, 2000}});
    const auto before = f.invoice_of(o);
    REQUIRE(f.invoices.set_billing_profile(f.buyer.id, {"ACME GmbH", "Hauptstr. 1\nBerlin", "DE", "DE 123 456 789"}));
    REQUIRE(f.orders.mark_paid(o.id));
    const auto after = f.invoice_of(o);
    CHECK(veza::invoicing::encode_snapshot(after) == veza::invoicing::encode_snapshot(before));
    CHECK(f.metrics.value("veza_invoices_issued_total") == 1.0);

    // The profile does reach the next invoice.
    const auto next = f.invoice_of(f.paid_order({{1200, 2000}}));
    CHECK(next.buyer.name == "ACME GmbH");
    CHECK(next.buyer.country == "DE");
    CHECK(next.buyer.vat_id == "DE123456789");
  }

  TEST_CASE("only the buyer and admins get the invoice, others and unknown orders get not_found, unpaid orders conflict") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1200, 2000}});
    const auto admin = f.make_user("admin@example.org", veza::identity::Role::admin);
    const auto other = f.make_user("other@example.org");
    auto as_admin = f.invoices.invoice_for(o.id, admin);
    REQUIRE(as_admin);
    CHECK(as_admin->filename == "VEZA-2026-000001.pdf");
    auto as_other = f.invoices.invoice_for(o.id, other);
    REQUIRE_FALSE(as_other);
    CHECK(as_other.error().code == ErrorCode::not_found);
    auto unknown = f.invoices.invoice_for(f.ids.next(), f.buyer);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
    auto pending = f.orders.create(f.buyer.id, {f.make_product(f.seller).id});
    REQUIRE(pending);
    auto unpaid = f.invoices.invoice_for(pending->id, f.buyer);
    REQUIRE_FALSE(unpaid);
    CHECK(unpaid.error().code == ErrorCode::conflict);
    CHECK(unpaid.error().message.find("paid") != std::string::npos);
  }

  TEST_CASE("a full refund issues a credit note that references the invoice's number and date and credits every line") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1250, 2000}, {500, 0}});
    const auto inv = f.invoice_of(o);
    f.clock.advance(std::chrono::hours(48));
    REQUIRE(f.orders.settle_refund(o.id, true));
    auto note = f.invoices.credit_note_for(o.id, 1, f.buyer);
    REQUIRE(note);
    CHECK(note->filename == "AV-2026-000001.pdf");
    const auto s = InvoicingFixture::snapshot_of(note->pdf);
    CHECK(s.kind == DocumentKind::credit_note);
    CHECK(s.invoice_number == inv.number);
    CHECK(s.invoice_issued_at == inv.issued_at);
    CHECK(s.issued_at == f.clock.now());
    CHECK(s.gross_cents == inv.gross_cents);
    CHECK(s.net_cents == inv.net_cents);
    CHECK(s.vat_cents == inv.vat_cents);
    CHECK(s.lines.size() == 2);
    CHECK(f.metrics.value("veza_credit_notes_issued_total") == 1.0);
    // The invoice itself is unchanged.
    CHECK(veza::invoicing::encode_snapshot(f.invoice_of(o)) == veza::invoicing::encode_snapshot(inv));
    auto missing = f.invoices.credit_note_for(o.id, 2, f.buyer);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
  }

  TEST_CASE("a partial refund credits its amount in proportion, and the final refund credits exactly the rest") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1500, 2000}, {500, 550}});
    REQUIRE(f.db.run(veza::TxMode::write, [&](veza::Transaction& tx) -> veza::Result<void> {
      auto settled = f.orders.settle_refund(tx, o.id, {false, {}, 1000});
      if (!settled) return std::move(settled).error();
      return veza::ok();
    }));
    auto first = f.invoices.credit_note_for(o.id, 1, f.buyer);
    REQUIRE(first);
    const auto s1 = InvoicingFixture::snapshot_of(first->pdf);
    CHECK(s1.gross_cents == 1000);
    REQUIRE(s1.lines.size() == 2);
    CHECK(s1.lines[0].gross_cents == 750);
    CHECK(s1.lines[1].gross_cents == 250);
    CHECK(s1.lines[0].net_cents == 625);
    CHECK(s1.net_cents + s1.vat_cents == 1000);

    REQUIRE(f.orders.settle_refund(o.id, true));
    auto second = f.invoices.credit_note_for(o.id, 2, f.buyer);
    REQUIRE(second);
    const auto s2 = InvoicingFixture::snapshot_of(second->pdf);
    CHECK(s2.number == "AV-2026-000002");
    const auto inv = f.invoice_of(o);
    CHECK(s1.gross_cents + s2.gross_cents == inv.gross_cents);
    CHECK(s1.net_cents + s2.net_cents == inv.net_cents);
    CHECK(s1.vat_cents + s2.vat_cents == inv.vat_cents);
  }

  TEST_CASE("a partial refund of unknown amount issues no credit note and still settles") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1500, 2000}});
    REQUIRE(f.orders.settle_refund(o.id, false));
    CHECK_FALSE(f.invoices.credit_note_for(o.id, 1, f.buyer));
    CHECK_FALSE(f.metrics.value("veza_credit_notes_issued_total").value_or(0) > 0);
  }

  TEST_CASE("a credit above what is left is refused") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1500, 2000}});
    auto r = f.db.run(veza::TxMode::write, [&](veza::Transaction& tx) -> veza::Result<void> {
      auto note = f.invoices.issue_credit_note(tx, o, 1501);
      if (!note) return std::move(note).error();
      return veza::ok();
    });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::validation_failed);
  }

  TEST_CASE("verify passes on intact documents and reports ones whose rendering no longer matches") {
    InvoicingFixture f;
    const auto o = f.paid_order({{1500, 2000}});
    REQUIRE(f.orders.settle_refund(o.id, true));
    auto clean = f.invoices.verify(std::nullopt);
    REQUIRE(clean);
    CHECK(clean->checked == 2);
    CHECK(clean->problems.empty());
    f.renderer.suffix = "changed ";
    auto dirty = f.invoices.verify(2026);
    REQUIRE(dirty);
    REQUIRE(dirty->problems.size() == 2);
    CHECK(dirty->problems[0].number == "VEZA-2026-000001");
    auto none = f.invoices.verify(2025);
    REQUIRE(none);
    CHECK(none->checked == 0);
  }

  TEST_CASE("export renders every invoice and credit note of the year in number order, with progress") {
    InvoicingFixture f;
    const auto a = f.paid_order({{1500, 2000}});
    f.paid_order({{700, 2000}});
    REQUIRE(f.orders.settle_refund(a.id, true));
    std::vector<std::string> names;
    std::size_t last_done = 0, last_total = 0;
    auto summary = f.invoices.export_year(
        2026,
        [&](const veza::invoicing::RenderedDocument& d) {
          names.push_back(d.filename);
          return veza::ok();
        },
        [&](std::size_t done, std::size_t total) { last_done = done, last_total = total; });
    REQUIRE(summary);
    CHECK(summary->invoices == 2);
    CHECK(summary->credit_notes == 1);
    CHECK(names == std::vector<std::string>{"VEZA-2026-000001.pdf", "VEZA-2026-000002.pdf", "AV-2026-000001.pdf"});
    CHECK(last_done == 3);
    CHECK(last_total == 3);
  }

  TEST_CASE("a renderer failure stops the payment: nothing is issued and the order stays unpaid") {
    InvoicingFixture f;
    auto o = f.orders.create(f.buyer.id, {f.make_product(f.seller).id});
    REQUIRE(o);
    f.renderer.fail_with = veza::make_error(ErrorCode::internal, "renderer down");
    REQUIRE_FALSE(f.orders.mark_paid(o->id));
    auto again = f.orders.get(o->id);
    REQUIRE(again);
    CHECK(again->status == veza::orders::OrderStatus::pending_payment);
  }

  TEST_CASE("billing profiles are validated: name, address, ISO country, optional VAT number") {
    InvoicingFixture f;
    CHECK(f.invoices.set_billing_profile(f.buyer.id, {"", "addr", "FR", std::nullopt}).error().code ==
          ErrorCode::validation_failed);
    CHECK(f.invoices.set_billing_profile(f.buyer.id, {"Name", "addr", "fra", std::nullopt}).error().code ==
          ErrorCode::validation_failed);
    CHECK(f.invoices.set_billing_profile(f.buyer.id, {"Name", "addr", "FR", "FR#1"}).error().code ==
          ErrorCode::validation_failed);
    CHECK(f.invoices.set_billing_profile(f.ids.next(), {"Name", "addr", "FR", std::nullopt}).error().code ==
          ErrorCode::not_found);
    auto ok = f.invoices.set_billing_profile(f.buyer.id, {" Zoë ", "1 rue X", "FR", "fr 12 345"});
    REQUIRE(ok);
    CHECK(ok->name == "Zoë");
    CHECK(ok->vat_id == "FR12345");
    auto found = f.invoices.billing_profile(f.buyer.id);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->address == "1 rue X");
  }

  TEST_CASE("the seller identity check names each missing field") {
    veza::invoicing::Party seller;
    CHECK(veza::invoicing::missing_seller_fields(seller).size() == 3);
    seller = {"Veza SAS", "Paris", "", "", "FR1"};
    CHECK(veza::invoicing::missing_seller_fields(seller).empty());
    seller.vat_id = "  ";
    CHECK(veza::invoicing::missing_seller_fields(seller) == std::vector<std::string_view>{"vat_id"});
  }
}
