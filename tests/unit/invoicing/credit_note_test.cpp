// Credit notes for partial refunds, end to end over the in-memory fakes: PaymentService settles
// a goodwill, item or dashboard refund, and the refund-settled event carries its amount and
// lines to InvoiceService, which splits it into net and VAT per rate in proportion.
#include <doctest/doctest.h>

#include <veza/invoicing/invoice_service.hpp>
#include <veza/payments/payment_service.hpp>

#include "support/domain_fixture.hpp"
#include "support/fake_document_renderer.hpp"
#include "support/fake_metrics.hpp"
#include "support/fake_payment_gateway.hpp"

namespace {

using namespace veza;  // NOLINT: test file
using invoicing::DocumentSnapshot;

struct NullLogger final : Logger {
  void log(LogLevel, std::string_view, const LogFields&) override {}
};

struct CreditFixture : testing::DomainFixture {
  testing::FakeDocumentRenderer renderer;
  testing::FakeMetrics metrics;
  testing::FakePaymentGateway gateway;
  NullLogger log;
  invoicing::InvoiceService invoices{db, ids, clock, renderer, metrics, settings()};
  payments::PaymentService pay{db, orders, &gateway, ids, clock, log, &metrics, payments::PaymentOptions{14}};
  identity::User seller = make_user("artist@example.org");
  identity::User buyer = make_user("buyer@example.org");
  identity::User admin = make_user("admin@example.org", identity::Role::admin);
  int events = 0;

  CreditFixture() {
    orders.add_participant(invoices);
    gateway.refund_answer_status = "succeeded";  // applied from the refund call's own answer
  }

  static invoicing::InvoiceSettings settings() {
    invoicing::InvoiceSettings s;
    s.seller = {"Veza SAS", "1 rue de la Paix\n75002 Paris", "", "", "FR12345678901"};
    return s;
  }

  // A paid order (through a signed payment webhook) of products priced (gross cents, VAT bp).
  payments::Checkout paid(const std::vector<std::pair<std::int64_t, std::int64_t>>& prices) {
    std::vector<std::string> product_ids;
    for (const auto& [gross, rate] : prices) product_ids.push_back(make_product(seller, gross, "EUR", rate).id);
    auto c = pay.checkout(buyer, {product_ids, false});
    REQUIRE(c);
    auto p = gateway.payments.at(c->payment_id);
    p.status = "succeeded";
    gateway.payments[c->payment_id] = p;
    auto r = deliver(testing::payment_event_json(next_event(), "payment_succeeded", p));
    REQUIRE(r);
    REQUIRE(*r == payments::WebhookOutcome::applied);
    return *c;
  }
  Result<payments::WebhookOutcome> deliver(const std::string& body) { return pay.handle_webhook(body, gateway.sign(body)); }
  std::string next_event() { return "evt_" + std::to_string(++events); }

  static DocumentSnapshot snapshot_of(const std::string& fake_pdf) {
    auto s = invoicing::decode_snapshot(fake_pdf.substr(fake_pdf.find('{')));
    REQUIRE(s);
    return *s;
  }
  DocumentSnapshot invoice_of(const std::string& order_id) {
    auto r = invoices.invoice_for(order_id, buyer);
    REQUIRE(r);
    return snapshot_of(r->pdf);
  }
  std::optional<DocumentSnapshot> credit_note(const std::string& order_id, int n) {
    auto r = invoices.credit_note_for(order_id, n, buyer);
    if (!r) return std::nullopt;
    return snapshot_of(r->pdf);
  }
};

// Every line states net + VAT == gross, the note's totals are its lines', and nothing credited
// is negative.
void check_consistent(const DocumentSnapshot& s) {
  std::int64_t net = 0, vat = 0, gross = 0;
  for (const auto& l : s.lines) {
    CHECK(l.net_cents + l.vat_cents == l.gross_cents);
    CHECK(l.net_cents >= 0);
    CHECK(l.vat_cents >= 0);
    net += l.net_cents, vat += l.vat_cents, gross += l.gross_cents;
  }
  CHECK(s.net_cents == net);
  CHECK(s.vat_cents == vat);
  CHECK(s.gross_cents == gross);
  CHECK(s.net_cents + s.vat_cents == s.gross_cents);
}

}  // namespace

TEST_SUITE("invoicing") {
  TEST_CASE_FIXTURE(CreditFixture, "a goodwill amount is credited in proportion to the lines, split into net and VAT per rate") {
    // 20 %, 5.5 % and 0 % lines; 1000 of 2749 does not divide evenly.
    const auto c = paid({{1250, 2000}, {999, 550}, {500, 0}});
    const auto inv = invoice_of(c.order.id);
    clock.advance(std::chrono::hours(24));
    auto refund = pay.request_refund(admin, {c.order.id, "sorry for the wait", {}, std::int64_t{1000}});
    REQUIRE(refund);
    CHECK(refund->status == payments::RefundState::succeeded);
    CHECK(orders.get(c.order.id)->status == orders::OrderStatus::partially_refunded);

    const auto note = credit_note(c.order.id, 1);
    REQUIRE(note);
    CHECK(note->number == "AV-2026-000001");
    CHECK(note->invoice_number == inv.number);
    CHECK(note->invoice_issued_at == inv.issued_at);
    CHECK(note->issued_at == clock.now());
    CHECK(note->gross_cents == 1000);
    check_consistent(*note);
    // Largest remainder: 1000 × (1250, 999, 500) / 2749 = (454.71, 363.40, 181.88) → floors
    // (454, 363, 181) leave 2 cents, which go to the largest remainders (.88, then .71).
    REQUIRE(note->lines.size() == 3);
    CHECK(note->lines[0].gross_cents == 455);
    CHECK(note->lines[1].gross_cents == 363);
    CHECK(note->lines[2].gross_cents == 182);
    // Each share split at its rate, net half-up: 455 / 1.2 = 379.17 → 379; 363 / 1.055 =
    // 344.08 → 344; the 0 % share is all net.
    CHECK(note->lines[0].net_cents == 379);
    CHECK(note->lines[0].vat_cents == 76);
    CHECK(note->lines[1].net_cents == 344);
    CHECK(note->lines[1].vat_cents == 19);
    CHECK(note->lines[2].vat_cents == 0);
    REQUIRE(note->breakdown.size() == 3);
    CHECK(note->breakdown[0].rate_bp == 0);
    CHECK(note->breakdown[2].vat_cents == 76);
    CHECK(metrics.value("veza_credit_notes_issued_total") == 1.0);
  }

  TEST_CASE_FIXTURE(CreditFixture, "an item refund credits exactly the refunded line, and the final refund closes the invoice to zero") {
    const auto c = paid({{1250, 2000}, {999, 550}});
    const auto inv = invoice_of(c.order.id);
    const auto second_product = orders.get(c.order.id)->items[1].product_id;
    REQUIRE(pay.request_refund(buyer, {c.order.id, "wrong track", {second_product}, std::nullopt}));
    const auto items = credit_note(c.order.id, 1);
    REQUIRE(items);
    REQUIRE(items->lines.size() == 1);
    CHECK(items->lines[0].position == 1);
    CHECK(items->lines[0].gross_cents == inv.lines[1].gross_cents);
    CHECK(items->lines[0].net_cents == inv.lines[1].net_cents);
    CHECK(items->lines[0].vat_cents == inv.lines[1].vat_cents);

    REQUIRE(pay.request_refund(admin, {c.order.id, "the rest", {}, std::nullopt}));
    CHECK(orders.get(c.order.id)->status == orders::OrderStatus::refunded);
    const auto rest = credit_note(c.order.id, 2);
    REQUIRE(rest);
    CHECK(items->gross_cents + rest->gross_cents == inv.gross_cents);
    CHECK(items->net_cents + rest->net_cents == inv.net_cents);
    CHECK(items->vat_cents + rest->vat_cents == inv.vat_cents);
    CHECK_FALSE(credit_note(c.order.id, 3));
  }

  TEST_CASE_FIXTURE(CreditFixture, "an item refund after a goodwill credit states the refunded amount, the rest spread over the other lines") {
    const auto c = paid({{1000, 2000}, {1000, 2000}});
    REQUIRE(pay.request_refund(admin, {c.order.id, "goodwill", {}, std::int64_t{300}}));
    const auto first_product = orders.get(c.order.id)->items[0].product_id;
    // Payments refunds the line's full price (1000); 150 of it was already credited on that
    // line, so the line gives what it has left (850) and the other line the remaining 150.
    auto items = pay.request_refund(buyer, {c.order.id, "wrong track", {first_product}, std::nullopt});
    REQUIRE(items);
    CHECK(items->amount_cents == 1000);
    const auto note = credit_note(c.order.id, 2);
    REQUIRE(note);
    CHECK(note->gross_cents == 1000);
    check_consistent(*note);
    REQUIRE(note->lines.size() == 2);
    CHECK(note->lines[0].gross_cents == 850);
    CHECK(note->lines[1].gross_cents == 150);
  }

  TEST_CASE_FIXTURE(CreditFixture, "a refund made in the provider's dashboard gets its credit note, partial or full") {
    const auto c = paid({{1500, 2000}, {500, 550}});
    const auto inv = invoice_of(c.order.id);
    payments::RefundInfo partial{"ref_dashboard_1", c.payment_id, "succeeded", 400, "EUR", {}};
    auto r = deliver(testing::refund_event_json(next_event(), "refund_succeeded", partial));
    REQUIRE(r);
    CHECK(*r == payments::WebhookOutcome::applied);
    const auto first = credit_note(c.order.id, 1);
    REQUIRE(first);
    CHECK(first->gross_cents == 400);
    CHECK(first->invoice_number == inv.number);
    check_consistent(*first);
    CHECK(first->lines.size() == 2);

    payments::RefundInfo rest{"ref_dashboard_2", c.payment_id, "succeeded", 1600, "EUR", {}};
    REQUIRE(deliver(testing::refund_event_json(next_event(), "refund_succeeded", rest)));
    CHECK(orders.get(c.order.id)->status == orders::OrderStatus::refunded);
    const auto second = credit_note(c.order.id, 2);
    REQUIRE(second);
    CHECK(second->gross_cents == 1600);
    CHECK(first->net_cents + second->net_cents == inv.net_cents);
    CHECK(first->vat_cents + second->vat_cents == inv.vat_cents);
    // A redelivered event issues nothing more.
    REQUIRE(deliver(testing::refund_event_json(next_event(), "refund_succeeded", rest)));
    CHECK_FALSE(credit_note(c.order.id, 3));
  }

  TEST_CASE_FIXTURE(CreditFixture, "many small credits never take more net or VAT from a line than the invoice gave it") {
    // Half-cent cases: 1 cent at 20 % is 0.83 net; 7 credits of 1..3 cents, then the rest.
    const auto c = paid({{101, 2000}, {99, 550}, {3, 0}});
    const auto inv = invoice_of(c.order.id);
    std::vector<DocumentSnapshot> notes;
    for (std::int64_t cents : {1, 2, 3, 1, 2, 3, 1}) {
      REQUIRE(pay.request_refund(admin, {c.order.id, "tiny", {}, cents}));
      auto n = credit_note(c.order.id, static_cast<int>(notes.size()) + 1);
      REQUIRE(n);
      CHECK(n->gross_cents == cents);
      check_consistent(*n);
      notes.push_back(*n);
    }
    REQUIRE(pay.request_refund(admin, {c.order.id, "the rest", {}, std::nullopt}));
    auto last = credit_note(c.order.id, static_cast<int>(notes.size()) + 1);
    REQUIRE(last);
    check_consistent(*last);
    notes.push_back(*last);
    // Per line, the credits sum exactly to the invoice line: net, VAT and gross.
    for (const auto& line : inv.lines) {
      std::int64_t net = 0, vat = 0;
      for (const auto& n : notes) {
        for (const auto& l : n.lines) {
          if (l.position == line.position) net += l.net_cents, vat += l.vat_cents;
        }
      }
      CHECK(net == line.net_cents);
      CHECK(vat == line.vat_cents);
    }
  }
}
