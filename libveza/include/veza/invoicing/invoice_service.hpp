#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/core/result.hpp>
#include <veza/identity/user.hpp>
#include <veza/invoicing/document.hpp>
#include <veza/invoicing/document_renderer.hpp>
#include <veza/invoicing/invoice_repository.hpp>
#include <veza/orders/order_service.hpp>
#include <veza/persistence/database.hpp>

namespace veza::invoicing {

// Who issues the documents, and how they read; from settings (VEZA_SELLER_*, VEZA_INVOICE_*).
struct InvoiceSettings {
  Party seller;  // name, address, vat_id
  std::string footer;
  Locale locale = Locale::fr;
};

// The seller fields an invoice requires (Article 226: name, address, VAT number) that are
// empty: "name", "address", "vat_id". The runtime turns them into setting names.
VEZA_API std::vector<std::string_view> missing_seller_fields(const Party& seller);

struct BillingInput {
  std::string name;
  std::string address;
  std::string country;
  std::optional<std::string> vat_id;
};

struct ExportSummary {
  std::size_t invoices = 0;
  std::size_t credit_notes = 0;
  std::uint64_t bytes = 0;
};

struct VerifyProblem {
  std::string number;
  std::string reason;
};
struct VerifyReport {
  std::size_t checked = 0;
  std::vector<VerifyProblem> problems;  // empty: every stored document is intact
};

// Invoices and credit notes. As an OrderParticipant it issues the invoice inside the
// transaction that marks an order paid, and a credit note inside the one that settles a
// refund; the numbers come from gap-free per-year counters in that same transaction.
class VEZA_API InvoiceService final : public orders::OrderParticipant {
 public:
  InvoiceService(Database& db, IdGenerator& ids, const Clock& clock, DocumentRenderer& renderer, Metrics& metrics,
                 InvoiceSettings settings, Logger* logger = nullptr);

  Result<void> on_paid(Transaction& tx, const orders::Order& order, const std::vector<orders::Licence>& granted) override;
  // A full settlement credits everything not yet credited; a partial one its amount: an item
  // refund the refunded lines, a goodwill or dashboard refund an amount spread over the lines.
  // A partial settlement of unknown amount (not from payments) issues nothing (logged).
  Result<void> on_refund_settled(Transaction& tx, const orders::Order& order, const std::vector<orders::Licence>& revoked,
                                 const orders::RefundSettlement& settlement) override;

  // Inside the caller's transaction. The invoice is issued once per order (a second call
  // returns the first). A credit note for `gross_cents` (nullopt: everything not yet credited)
  // credits the invoice lines at `positions` first (what they have left), and spreads the rest
  // over all lines left in proportion; `conflict` when nothing is left.
  Result<StoredDocument> issue_invoice(Transaction& tx, const orders::Order& order);
  Result<StoredDocument> issue_credit_note(Transaction& tx, const orders::Order& order,
                                           std::optional<std::int64_t> gross_cents,
                                           const std::vector<int>& positions = {});

  // For the buyer or an admin (`not_found` for anyone else, like a missing order); an order
  // that is not paid has no invoice (`conflict`).
  Result<RenderedDocument> invoice_for(std::string_view order_id, const identity::User& viewer);
  Result<RenderedDocument> credit_note_for(std::string_view order_id, int n, const identity::User& viewer);
  // The operator's view (CLI): no viewer check.
  Result<RenderedDocument> invoice(std::string_view order_id);

  using DocumentSink = std::function<Result<void>(const RenderedDocument&)>;
  using Progress = std::function<void(std::size_t done, std::size_t total)>;
  // Every invoice and credit note of the year, rendered, in number order.
  Result<ExportSummary> export_year(int year, const DocumentSink& sink, const Progress& progress = {});
  // Re-reads every stored document (of one year when given): the content must match its hash,
  // decode, and render to the PDF hash stored at issue.
  Result<VerifyReport> verify(std::optional<int> year, const Progress& progress = {});

  Result<BillingProfile> set_billing_profile(std::string_view user_id, const BillingInput& input);
  Result<std::optional<BillingProfile>> billing_profile(std::string_view user_id);

  // Renders a snapshot, timing it into veza_invoice_render_seconds.
  Result<std::string> render(const DocumentSnapshot& snapshot);

 private:
  Result<StoredDocument> store(Transaction& tx, DocumentSnapshot snapshot, int ordinal, DocumentKind kind);
  Result<RenderedDocument> rendered(const StoredDocument& doc);
  // The order's invoice, as `viewer` may see it (nullptr: the operator, no check).
  Result<RenderedDocument> load_invoice(std::string_view order_id, const identity::User* viewer);

  Database& db_;
  IdGenerator& ids_;
  const Clock& clock_;
  DocumentRenderer& renderer_;
  InvoiceSettings settings_;
  Logger* logger_;
  Counter& invoices_issued_;
  Counter& credit_notes_issued_;
  Histogram& render_seconds_;
};

}  // namespace veza::invoicing
