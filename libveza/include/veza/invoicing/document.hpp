#pragma once
// Invoices and credit notes as values. A document states a frozen snapshot (seller, buyer,
// lines, rates, totals, dates): it is built once, at issue, from the order and the settings of
// that moment, serialised to canonical JSON and stored with its hash, so later product, price
// or setting changes never alter an issued document.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/money.hpp>
#include <veza/core/result.hpp>

namespace veza::invoicing {

enum class DocumentKind { invoice, credit_note };
VEZA_API std::string_view to_string(DocumentKind kind) noexcept;
VEZA_API std::optional<DocumentKind> parse_document_kind(std::string_view text) noexcept;

// How amounts, rates and labels are written on documents (VEZA_INVOICE_LOCALE).
enum class Locale { fr, en };
VEZA_API std::string_view to_string(Locale locale) noexcept;
VEZA_API std::optional<Locale> parse_locale(std::string_view text) noexcept;

// A party as the document names it. The seller's fields come from settings, the buyer's from
// the user and their billing profile; empty means "not stated".
struct Party {
  std::string name;
  std::string address;  // may hold several lines separated by '\n'
  std::string country;  // ISO 3166-1 alpha-2, buyers only
  std::string email;
  std::string vat_id;
};

struct DocumentLine {
  int position = 0;  // the invoice line this is (credit notes refer to it by position)
  std::string title;
  std::string artist;  // the artist is named on each line; the platform is the supplier of record
  std::int64_t quantity = 1;
  std::int64_t unit_net_cents = 0;
  std::int32_t vat_rate_bp = 0;
  std::int64_t net_cents = 0;
  std::int64_t vat_cents = 0;
  std::int64_t gross_cents = 0;  // net + vat
};

struct VatBreakdownRow {
  std::int32_t rate_bp = 0;
  std::int64_t net_cents = 0;
  std::int64_t vat_cents = 0;
  std::int64_t gross_cents = 0;
};

// Everything a document states. Amounts on a credit note are the (positive) amounts credited.
struct DocumentSnapshot {
  DocumentKind kind = DocumentKind::invoice;
  std::string number;  // VEZA-2026-000001, AV-2026-000001
  Timestamp issued_at{};
  std::string order_id;
  Party seller;
  Party buyer;
  std::vector<DocumentLine> lines;
  std::vector<VatBreakdownRow> breakdown;  // one row per rate, ascending
  std::int64_t net_cents = 0;
  std::int64_t vat_cents = 0;
  std::int64_t gross_cents = 0;
  Currency currency;
  std::string payment_reference;  // the payment id; empty before payments exist
  std::string footer;
  Locale locale = Locale::fr;
  // Credit notes only: the invoice they correct.
  std::string invoice_number;
  std::optional<Timestamp> invoice_issued_at;
};

// A stored document: the snapshot's canonical JSON (`content`), its SHA-256, and the SHA-256
// of the PDF rendered at issue (rendering is deterministic, so `verify` can re-render).
struct StoredDocument {
  std::string id;
  DocumentKind kind = DocumentKind::invoice;
  std::string order_id;
  std::string number;
  int year = 0;
  std::int64_t sequence = 0;
  int ordinal = 1;  // credit notes: 1, 2, … within the order (the URL's n); invoices: 1
  Timestamp issued_at{};
  Currency currency;
  std::int64_t gross_cents = 0;
  std::string content;
  std::string content_sha256;
  std::string pdf_sha256;
};

// A rendered document, ready to send or write.
struct RenderedDocument {
  DocumentKind kind = DocumentKind::invoice;
  std::string number;
  std::string order_id;
  std::string filename;  // NUMBER.pdf
  std::string pdf;
};

// "VEZA-2026-000042" / "AV-2026-000042".
VEZA_API std::string document_number(DocumentKind kind, int year, std::int64_t sequence);
// The UTC calendar year of a timestamp (numbering restarts each year).
VEZA_API int utc_year(Timestamp t) noexcept;
// "2026-07-01": the issue date as documents print it.
VEZA_API std::string format_date(Timestamp t, Locale locale);
// `12,50 €` (fr) / `€12.50` (en); other currencies `12,50 USD` / `USD 12.50`; minor digits
// from the currency; a negative amount gets a leading minus; thousands are grouped.
VEZA_API std::string format_amount(std::int64_t minor_units, const Currency& currency, Locale locale);
// `20 %`, `5,5 %` (fr) / `20%`, `5.5%` (en).
VEZA_API std::string format_rate(std::int32_t rate_bp, Locale locale);

// Groups lines by rate (ascending) and sums each group.
VEZA_API std::vector<VatBreakdownRow> vat_breakdown(const std::vector<DocumentLine>& lines);

// Canonical JSON of a snapshot (fixed key order, no whitespace) and back.
VEZA_API std::string encode_snapshot(const DocumentSnapshot& snapshot);
VEZA_API Result<DocumentSnapshot> decode_snapshot(std::string_view content);
// Lower-case hex SHA-256.
VEZA_API std::string sha256_hex(std::string_view data);

}  // namespace veza::invoicing
