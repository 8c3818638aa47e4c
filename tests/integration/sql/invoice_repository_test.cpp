// Invoices, credit notes, document sequences and billing profiles against real SQLite and
// PostgreSQL (the same cases for both), and gap-free numbering under concurrency.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

#include <sqlite3.h>

#include <veza/invoicing/invoice_service.hpp>
#include <veza/orders/order_service.hpp>

#include "adapters/pdf/qpdf_document_renderer.hpp"
#include "sql_test_db.hpp"
#include "support/fake_metrics.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::invoicing::DocumentKind;
using veza::invoicing::StoredDocument;

namespace {

struct Invoicing {
  explicit Invoicing(veza::testing::SqlTestDb& t)
      : orders(t.db(), t.ids, t.clock), invoices(t.db(), t.ids, t.clock, renderer, metrics, settings()) {
    orders.add_participant(invoices);
  }
  static veza::invoicing::InvoiceSettings settings() {
    veza::invoicing::InvoiceSettings s;
    s.seller = {"Veza SAS", "Paris", "", "", "FR12345678901"};
    return s;
  }
  veza::adapters::QpdfDocumentRenderer renderer;
  veza::testing::FakeMetrics metrics;
  veza::orders::OrderService orders;
  veza::invoicing::InvoiceService invoices;
};

std::int64_t next(veza::testing::SqlTestDb& t, DocumentKind kind, int year) {
  auto r = veza::transact<std::int64_t>(t.db(), TxMode::write,
                                        [&](Transaction& tx) { return tx.document_sequences().next(kind, year); });
  REQUIRE(r);
  return *r;
}

void raw_exec(veza::testing::SqlTestDb& t, const std::string& sql) {
  if (t.dialect() == veza::adapters::SqlDialect::postgresql) {
    veza::testing::postgres_admin_exec(t.url(), sql);
    return;
  }
  sqlite3* conn = nullptr;
  const std::string path = t.url().substr(std::string("sqlite://").size());
  if (sqlite3_open(path.c_str(), &conn) != SQLITE_OK) {
    sqlite3_close(conn);
    throw std::runtime_error("cannot open " + path);
  }
  char* err = nullptr;
  const int rc = sqlite3_exec(conn, sql.c_str(), nullptr, nullptr, &err);
  const std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(conn);
  if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + msg);
}

}  // namespace

TEST_SUITE("sql") {
  VEZA_SQL_TEST(sequences_count_per_kind_and_year, "document sequences count from 1 per kind and year, and a rollback returns the number") {
    CHECK(next(t, DocumentKind::invoice, 2026) == 1);
    CHECK(next(t, DocumentKind::invoice, 2026) == 2);
    CHECK(next(t, DocumentKind::credit_note, 2026) == 1);
    CHECK(next(t, DocumentKind::invoice, 2027) == 1);
    auto rolled = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      auto n = tx.document_sequences().next(DocumentKind::invoice, 2026);
      REQUIRE(n);
      CHECK(*n == 3);
      return veza::make_error(ErrorCode::conflict, "roll back");
    });
    REQUIRE_FALSE(rolled);
    CHECK(next(t, DocumentKind::invoice, 2026) == 3);
  }

  VEZA_SQL_TEST(invoice_round_trip, "an order paid issues one invoice, stored immutably, and a refund a credit note referencing it") {
    Invoicing inv(t);
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    REQUIRE(inv.invoices.set_billing_profile(buyer.id, {"ACME", "Rue 1\nLyon", "FR", "FR123"}));
    REQUIRE(inv.invoices.set_billing_profile(buyer.id, {"ACME SA", "Rue 2\nLyon", "FR", std::nullopt}));
    auto profile = inv.invoices.billing_profile(buyer.id);
    REQUIRE(profile);
    REQUIRE(profile->has_value());
    CHECK((*profile)->name == "ACME SA");
    CHECK_FALSE((*profile)->vat_id.has_value());

    const auto order = t.add_order(buyer, {t.add_product(seller, "Été", 1250), t.add_product(seller, "B", 999)});
    REQUIRE(inv.orders.mark_paid(order.id));
    REQUIRE(inv.orders.mark_paid(order.id));  // again: nothing new
    auto found = veza::transact<std::optional<StoredDocument>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.invoices().find_invoice(order.id); });
    REQUIRE(found);
    REQUIRE(found->has_value());
    const StoredDocument& d = **found;
    CHECK(d.number == "VEZA-2026-000001");
    CHECK(d.year == 2026);
    CHECK(d.sequence == 1);
    CHECK(d.issued_at == t.clock.now());
    CHECK(d.gross_cents == 2249);
    CHECK(d.content_sha256 == veza::invoicing::sha256_hex(d.content));
    auto snap = veza::invoicing::decode_snapshot(d.content);
    REQUIRE(snap);
    CHECK(snap->buyer.name == "ACME SA");
    CHECK(snap->lines.at(0).title == "Été");

    // A second invoice for the order is refused by the schema.
    auto twice = t.db().run(TxMode::write, [&](Transaction& tx) {
      StoredDocument copy = d;
      copy.id = t.ids.next();
      copy.number = "VEZA-2026-000099";
      copy.sequence = 99;
      return tx.invoices().insert_invoice(copy);
    });
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::conflict);

    REQUIRE(inv.orders.settle_refund(order.id, true));
    auto notes = veza::transact<std::vector<StoredDocument>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.invoices().list_credit_notes(order.id); });
    REQUIRE(notes);
    REQUIRE(notes->size() == 1);
    CHECK(notes->at(0).number == "AV-2026-000001");
    CHECK(notes->at(0).ordinal == 1);
    auto note = veza::invoicing::decode_snapshot(notes->at(0).content);
    REQUIRE(note);
    CHECK(note->invoice_number == "VEZA-2026-000001");
    CHECK(note->invoice_issued_at == d.issued_at);

    auto listed = veza::transact<std::vector<StoredDocument>>(t.db(), TxMode::read, [&](Transaction& tx) {
      return tx.invoices().list(DocumentKind::invoice, 2026, "", 10);
    });
    REQUIRE(listed);
    CHECK(listed->size() == 1);
    auto counted = veza::transact<std::size_t>(t.db(), TxMode::read,
                                               [&](Transaction& tx) { return tx.invoices().count(DocumentKind::credit_note, 2026); });
    REQUIRE(counted);
    CHECK(*counted == 1);
    auto report = inv.invoices.verify(2026);
    REQUIRE(report);
    CHECK(report->checked == 2);
    CHECK(report->problems.empty());
  }

  VEZA_SQL_TEST(documents_immutable, "the schema refuses to edit or delete an issued invoice") {
    Invoicing inv(t);
    const auto seller = t.add_user("seller@example.org");
    const auto buyer = t.add_user("buyer@example.org");
    const auto order = t.add_order(buyer, {t.add_product(seller)});
    REQUIRE(inv.orders.mark_paid(order.id));
    // Raw SQL on another connection, bypassing the repositories: the triggers stop it.
    CHECK_THROWS(raw_exec(t, "UPDATE invoices SET gross_cents = 1"));
    CHECK_THROWS(raw_exec(t, "DELETE FROM invoices"));
    REQUIRE(inv.orders.settle_refund(order.id, true));
    CHECK_THROWS(raw_exec(t, "UPDATE credit_notes SET gross_cents = 1"));
    CHECK_THROWS(raw_exec(t, "DELETE FROM credit_notes"));
  }
}

TEST_CASE("postgresql: 200 orders paid at once from 8 threads get invoice numbers 1..200, no gap, no duplicate") {
  auto db = veza::testing::SqlTestDb::create(veza::adapters::SqlDialect::postgresql, true, 8);
  auto& t = *db;
  Invoicing inv(t);
  const auto seller = t.add_user("seller@example.org");
  const auto buyer = t.add_user("buyer@example.org");
  std::vector<std::string> order_ids;
  for (int i = 0; i < 200; ++i) order_ids.push_back(t.add_order(buyer, {t.add_product(seller)}).id);

  std::atomic<std::size_t> next_index{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&] {
      for (std::size_t i = next_index++; i < order_ids.size(); i = next_index++) {
        if (!inv.orders.mark_paid(order_ids[i])) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);

  auto all = veza::transact<std::vector<StoredDocument>>(
      t.db(), TxMode::read, [&](Transaction& tx) { return tx.invoices().list(DocumentKind::invoice, 2026, "", 1000); });
  REQUIRE(all);
  REQUIRE(all->size() == 200);
  std::set<std::int64_t> sequences;
  std::set<std::string> orders_seen;
  for (const auto& d : *all) {
    sequences.insert(d.sequence);
    orders_seen.insert(d.order_id);
  }
  CHECK(sequences.size() == 200);
  CHECK(*sequences.begin() == 1);
  CHECK(*sequences.rbegin() == 200);
  CHECK(orders_seen.size() == 200);
}
