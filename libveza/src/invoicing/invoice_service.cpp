#include <veza/invoicing/invoice_service.hpp>

#include <chrono>
#include <map>
#include <utility>

#include <veza/core/id.hpp>
#include <veza/core/text.hpp>

#include "document_builder.hpp"

namespace veza::invoicing {
namespace {

constexpr std::size_t kPage = 200;

Error no_order(std::string_view id) {
  return make_error(ErrorCode::not_found, "no order with id " + std::string(id.substr(0, 64)));
}

// The order as its viewer may see it: someone else's answers exactly like a missing one.
Result<orders::Order> visible_order(Transaction& tx, std::string_view order_id, const identity::User* viewer) {
  if (!is_uuid(order_id)) return no_order(order_id);
  auto found = tx.orders().find_by_id(order_id);
  if (!found) return std::move(found).error();
  if (!*found) return no_order(order_id);
  if (viewer != nullptr && (*found)->buyer_id != viewer->id && viewer->role != identity::Role::admin) {
    return no_order(order_id);
  }
  const auto status = (*found)->status;
  if (status == orders::OrderStatus::pending_payment || status == orders::OrderStatus::failed ||
      status == orders::OrderStatus::cancelled) {
    return make_error(ErrorCode::conflict,
                      "order " + (*found)->id + " is " + std::string(orders::to_string(status)) +
                          ": an invoice is issued only once an order is paid",
                      "order_not_paid");
  }
  return std::move(**found);
}

Result<std::string> display_name(Transaction& tx, const std::string& user_id) {
  auto user = tx.users().find_by_id(user_id);
  if (!user) return std::move(user).error();
  return *user ? (*user)->display_name : std::string();
}

}  // namespace

std::vector<std::string_view> missing_seller_fields(const Party& seller) {
  std::vector<std::string_view> out;
  if (trim(seller.name).empty()) out.push_back("name");
  if (trim(seller.address).empty()) out.push_back("address");
  if (trim(seller.vat_id).empty()) out.push_back("vat_id");
  return out;
}

InvoiceService::InvoiceService(Database& db, IdGenerator& ids, const Clock& clock, DocumentRenderer& renderer,
                               Metrics& metrics, InvoiceSettings settings, Logger* logger)
    : db_(db),
      ids_(ids),
      clock_(clock),
      renderer_(renderer),
      settings_(std::move(settings)),
      logger_(logger),
      invoices_issued_(metrics.counter("veza_invoices_issued_total", "Invoices issued")),
      credit_notes_issued_(metrics.counter("veza_credit_notes_issued_total", "Credit notes issued")),
      render_seconds_(metrics.histogram("veza_invoice_render_seconds", "Time to render an invoice or credit note as PDF",
                                        {}, default_latency_buckets())) {}

Result<void> InvoiceService::on_paid(Transaction& tx, const orders::Order& order, const std::vector<orders::Licence>&) {
  auto issued = issue_invoice(tx, order);
  if (!issued) return std::move(issued).error();
  return ok();
}

Result<void> InvoiceService::on_refund_settled(Transaction& tx, const orders::Order& order,
                                               const std::vector<orders::Licence>&,
                                               const orders::RefundSettlement& settlement) {
  auto invoice = tx.invoices().find_invoice(order.id);
  if (!invoice) return std::move(invoice).error();
  if (!*invoice) {
    // Paid before invoicing existed: there is no invoice to correct, and inventing one dated
    // today would misstate history. Refunding must still work.
    if (logger_) logger_->log(LogLevel::warn, "refund settled on an order without an invoice", {{"order_id", order.id}});
    return ok();
  }
  if (!settlement.full && !settlement.amount_cents) {
    // Only a settlement made outside payments (a tool, a test) carries no amount.
    if (logger_) {
      logger_->log(LogLevel::warn, "partial refund of unknown amount: no credit note issued", {{"order_id", order.id}});
    }
    return ok();
  }
  // An item refund names its products; the invoice's lines are the order's items, in order.
  std::vector<int> positions;
  for (const auto& product_id : settlement.revoke_product_ids) {
    for (std::size_t i = 0; i < order.items.size(); ++i) {
      if (order.items[i].product_id == product_id) positions.push_back(static_cast<int>(i));
    }
  }
  // A full settlement credits everything left, whatever the last refund's own amount: the
  // invoice and its credit notes then sum to zero.
  const auto amount = settlement.full ? std::nullopt : settlement.amount_cents;
  auto note = issue_credit_note(tx, order, amount, positions);
  // A full refund after partial ones that already credited everything leaves nothing to state.
  if (!note && note.error().code == ErrorCode::conflict && !amount) return ok();
  if (!note) return std::move(note).error();
  return ok();
}

Result<StoredDocument> InvoiceService::issue_invoice(Transaction& tx, const orders::Order& order) {
  auto existing = tx.invoices().find_invoice(order.id);
  if (!existing) return std::move(existing).error();
  if (*existing) return std::move(**existing);

  DocumentSnapshot s;
  s.kind = DocumentKind::invoice;
  s.issued_at = clock_.now();
  s.order_id = order.id;
  s.seller = settings_.seller;
  auto buyer = tx.users().find_by_id(order.buyer_id);
  if (!buyer) return std::move(buyer).error();
  if (*buyer) {
    s.buyer.name = (*buyer)->display_name;
    s.buyer.email = (*buyer)->email.value_or("");
  }
  auto profile = tx.billing_profiles().find(order.buyer_id);
  if (!profile) return std::move(profile).error();
  if (*profile) {
    s.buyer.name = (*profile)->name;
    s.buyer.address = (*profile)->address;
    s.buyer.country = (*profile)->country;
    s.buyer.vat_id = (*profile)->vat_id.value_or("");
  }
  std::map<std::string, std::string> artists;
  for (const auto& item : order.items) {
    if (artists.count(item.seller_id)) continue;
    auto name = display_name(tx, item.seller_id);
    if (!name) return std::move(name).error();
    artists.emplace(item.seller_id, std::move(*name));
  }
  s.lines = detail::invoice_lines(order, artists);
  detail::close_totals(s);
  s.currency = order.currency;
  s.payment_reference = order.payment_id.value_or("");
  s.footer = settings_.footer;
  s.locale = settings_.locale;
  auto stored = store(tx, std::move(s), 1, DocumentKind::invoice);
  // Counted once the payment commits: a rolled-back transaction issued nothing.
  if (stored) tx.after_commit([&counter = invoices_issued_] { counter.increment(); });
  return stored;
}

Result<StoredDocument> InvoiceService::issue_credit_note(Transaction& tx, const orders::Order& order,
                                                         std::optional<std::int64_t> gross_cents,
                                                         const std::vector<int>& positions) {
  auto invoice = tx.invoices().find_invoice(order.id);
  if (!invoice) return std::move(invoice).error();
  if (!*invoice) return make_error(ErrorCode::conflict, "order " + order.id + " has no invoice to credit");
  auto inv = decode_snapshot((*invoice)->content);
  if (!inv) return std::move(inv).error();
  auto notes = tx.invoices().list_credit_notes(order.id);
  if (!notes) return std::move(notes).error();
  std::vector<DocumentSnapshot> earlier;
  for (const auto& n : *notes) {
    auto d = decode_snapshot(n.content);
    if (!d) return std::move(d).error();
    earlier.push_back(std::move(*d));
  }
  auto lines = detail::credit_lines(*inv, earlier, gross_cents, positions);
  if (!lines) return std::move(lines).error();

  DocumentSnapshot s;
  s.kind = DocumentKind::credit_note;
  s.issued_at = clock_.now();
  s.order_id = order.id;
  s.seller = settings_.seller;
  s.buyer = inv->buyer;  // the credit note corrects the invoice addressed to this buyer
  s.lines = std::move(*lines);
  detail::close_totals(s);
  s.currency = inv->currency;
  s.payment_reference = inv->payment_reference;
  s.footer = settings_.footer;
  s.locale = settings_.locale;
  s.invoice_number = inv->number;
  s.invoice_issued_at = inv->issued_at;
  auto stored = store(tx, std::move(s), static_cast<int>(notes->size()) + 1, DocumentKind::credit_note);
  if (stored) tx.after_commit([&counter = credit_notes_issued_] { counter.increment(); });
  return stored;
}

Result<StoredDocument> InvoiceService::store(Transaction& tx, DocumentSnapshot s, int ordinal, DocumentKind kind) {
  const int year = utc_year(s.issued_at);
  auto seq = tx.document_sequences().next(kind, year);
  if (!seq) return std::move(seq).error();
  s.number = document_number(kind, year, *seq);
  StoredDocument doc;
  doc.id = ids_.next();
  doc.kind = kind;
  doc.order_id = s.order_id;
  doc.number = s.number;
  doc.year = year;
  doc.sequence = *seq;
  doc.ordinal = ordinal;
  doc.issued_at = s.issued_at;
  doc.currency = s.currency;
  doc.gross_cents = s.gross_cents;
  // Rendered once now, so a document that cannot be rendered is never issued, and so
  // `verify` has the PDF's hash to compare with.
  auto pdf = render(s);
  if (!pdf) return std::move(pdf).error();
  doc.content = encode_snapshot(s);
  doc.content_sha256 = sha256_hex(doc.content);
  doc.pdf_sha256 = sha256_hex(*pdf);
  if (kind == DocumentKind::invoice) {
    VEZA_TRY_VOID(tx.invoices().insert_invoice(doc));
  } else {
    VEZA_TRY_VOID(tx.invoices().insert_credit_note(doc));
  }
  return doc;
}

Result<std::string> InvoiceService::render(const DocumentSnapshot& snapshot) {
  const auto start = clock_.monotonic();
  auto pdf = renderer_.render(snapshot);
  render_seconds_.observe(std::chrono::duration<double>(clock_.monotonic() - start).count());
  return pdf;
}

Result<RenderedDocument> InvoiceService::rendered(const StoredDocument& doc) {
  auto s = decode_snapshot(doc.content);
  if (!s) return std::move(s).error();
  auto pdf = render(*s);
  if (!pdf) return std::move(pdf).error();
  return RenderedDocument{doc.kind, doc.number, doc.order_id, doc.number + ".pdf", std::move(*pdf)};
}

Result<RenderedDocument> InvoiceService::load_invoice(std::string_view order_id, const identity::User* viewer) {
  auto doc = transact<StoredDocument>(db_, TxMode::read, [&](Transaction& tx) -> Result<StoredDocument> {
    auto order = visible_order(tx, order_id, viewer);
    if (!order) return std::move(order).error();
    auto inv = tx.invoices().find_invoice(order->id);
    if (!inv) return std::move(inv).error();
    if (!*inv) return make_error(ErrorCode::not_found, "order " + order->id + " has no invoice");
    return std::move(**inv);
  });
  if (!doc) return std::move(doc).error();
  return rendered(*doc);  // outside the transaction: rendering needs no database
}

Result<RenderedDocument> InvoiceService::invoice_for(std::string_view order_id, const identity::User& viewer) {
  return load_invoice(order_id, &viewer);
}

Result<RenderedDocument> InvoiceService::invoice(std::string_view order_id) { return load_invoice(order_id, nullptr); }

Result<RenderedDocument> InvoiceService::credit_note_for(std::string_view order_id, int n, const identity::User& viewer) {
  auto doc = transact<StoredDocument>(db_, TxMode::read, [&](Transaction& tx) -> Result<StoredDocument> {
    auto order = visible_order(tx, order_id, &viewer);
    if (!order) return std::move(order).error();
    auto notes = tx.invoices().list_credit_notes(order->id);
    if (!notes) return std::move(notes).error();
    for (auto& note : *notes) {
      if (note.ordinal == n) return std::move(note);
    }
    return make_error(ErrorCode::not_found, "order " + order->id + " has no credit note " + std::to_string(n));
  });
  if (!doc) return std::move(doc).error();
  return rendered(*doc);
}

Result<ExportSummary> InvoiceService::export_year(int year, const DocumentSink& sink, const Progress& progress) {
  ExportSummary summary;
  std::size_t total = 0;
  for (auto kind : {DocumentKind::invoice, DocumentKind::credit_note}) {
    auto n = transact<std::size_t>(db_, TxMode::read, [&](Transaction& tx) { return tx.invoices().count(kind, year); });
    if (!n) return std::move(n).error();
    total += *n;
  }
  std::size_t done = 0;
  for (auto kind : {DocumentKind::invoice, DocumentKind::credit_note}) {
    std::string after;
    for (;;) {
      auto page = transact<std::vector<StoredDocument>>(
          db_, TxMode::read, [&](Transaction& tx) { return tx.invoices().list(kind, year, after, kPage); });
      if (!page) return std::move(page).error();
      for (const auto& doc : *page) {
        auto r = rendered(doc);
        if (!r) return std::move(r).error();
        VEZA_TRY_VOID(sink(*r));
        summary.bytes += r->pdf.size();
        ++(kind == DocumentKind::invoice ? summary.invoices : summary.credit_notes);
        if (progress) progress(++done, std::max(total, done));
      }
      if (page->size() < kPage) break;
      after = page->back().number;
    }
  }
  return summary;
}

Result<VerifyReport> InvoiceService::verify(std::optional<int> year, const Progress& progress) {
  VerifyReport report;
  std::size_t total = 0;
  for (auto kind : {DocumentKind::invoice, DocumentKind::credit_note}) {
    auto n = transact<std::size_t>(db_, TxMode::read, [&](Transaction& tx) { return tx.invoices().count(kind, year); });
    if (!n) return std::move(n).error();
    total += *n;
  }
  for (auto kind : {DocumentKind::invoice, DocumentKind::credit_note}) {
    std::string after;
    for (;;) {
      auto page = transact<std::vector<StoredDocument>>(
          db_, TxMode::read, [&](Transaction& tx) { return tx.invoices().list(kind, year, after, kPage); });
      if (!page) return std::move(page).error();
      for (const auto& doc : *page) {
        ++report.checked;
        if (progress) progress(report.checked, std::max(total, report.checked));
        if (sha256_hex(doc.content) != doc.content_sha256) {
          report.problems.push_back({doc.number, "content does not match its stored hash (tampered)"});
          continue;
        }
        auto s = decode_snapshot(doc.content);
        if (!s) {
          report.problems.push_back({doc.number, s.error().message});
          continue;
        }
        if (s->number != doc.number || s->order_id != doc.order_id || s->gross_cents != doc.gross_cents) {
          report.problems.push_back({doc.number, "stored columns disagree with the document's content (tampered)"});
          continue;
        }
        auto pdf = render(*s);
        if (!pdf) {
          report.problems.push_back({doc.number, "cannot be rendered: " + pdf.error().message});
        } else if (sha256_hex(*pdf) != doc.pdf_sha256) {
          report.problems.push_back({doc.number, "re-rendered PDF differs from the one issued"});
        }
      }
      if (page->size() < kPage) break;
      after = page->back().number;
    }
  }
  return report;
}

Result<BillingProfile> InvoiceService::set_billing_profile(std::string_view user_id, const BillingInput& input) {
  BillingProfile p;
  auto name = clean_text(input.name, "name", 200);
  if (!name) return std::move(name).error();
  p.name = std::move(*name);
  auto address = clean_text(input.address, "address", 500);
  if (!address) return std::move(address).error();
  p.address = std::move(*address);
  const std::string country(trim(input.country));
  if (country.size() != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z') {
    return make_error(ErrorCode::validation_failed, "country must be an ISO 3166-1 alpha-2 code in upper case, e.g. FR");
  }
  p.country = country;
  if (input.vat_id && !trim(*input.vat_id).empty()) {
    std::string vat;
    for (char c : *input.vat_id) {
      if (c == ' ' || c == '.' || c == '-') continue;  // as people write them
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return make_error(ErrorCode::validation_failed, "vat_number holds letters and digits only, e.g. FR12345678901");
      }
      vat.push_back(c);
    }
    if (vat.size() < 4 || vat.size() > 20) {
      return make_error(ErrorCode::validation_failed, "vat_number has 4..20 letters and digits");
    }
    p.vat_id = std::move(vat);
  }
  if (!is_uuid(user_id)) return make_error(ErrorCode::not_found, "no such user");
  p.user_id = std::string(user_id);
  p.updated_at = clock_.now();
  return transact<BillingProfile>(db_, TxMode::write, [&](Transaction& tx) -> Result<BillingProfile> {
    auto user = tx.users().find_by_id(user_id);
    if (!user) return std::move(user).error();
    if (!*user) return make_error(ErrorCode::not_found, "no such user");
    VEZA_TRY_VOID(tx.billing_profiles().put(p));
    return p;
  });
}

Result<std::optional<BillingProfile>> InvoiceService::billing_profile(std::string_view user_id) {
  if (!is_uuid(user_id)) return std::optional<BillingProfile>{};
  return transact<std::optional<BillingProfile>>(db_, TxMode::read,
                                                 [&](Transaction& tx) { return tx.billing_profiles().find(user_id); });
}

}  // namespace veza::invoicing
