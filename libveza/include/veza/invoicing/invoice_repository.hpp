#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>
#include <veza/invoicing/document.hpp>

namespace veza::invoicing {

// Port: issued invoices and credit notes, inside the caller's transaction. Insert only: a
// document is never updated or deleted (the SQL schema refuses it too).
class VEZA_API InvoiceRepository {
 public:
  virtual ~InvoiceRepository() = default;
  // `conflict` when the order already has an invoice, or the number is taken.
  virtual Result<void> insert_invoice(const StoredDocument& invoice) = 0;
  virtual Result<std::optional<StoredDocument>> find_invoice(std::string_view order_id) = 0;
  // `conflict` when (order, ordinal) or the number is taken.
  virtual Result<void> insert_credit_note(const StoredDocument& note) = 0;
  // The order's credit notes by ordinal.
  virtual Result<std::vector<StoredDocument>> list_credit_notes(std::string_view order_id) = 0;
  // Documents of `kind` ordered by number, strictly after `after_number`, of one year when given.
  virtual Result<std::vector<StoredDocument>> list(DocumentKind kind, std::optional<int> year,
                                                   std::string_view after_number, std::size_t limit) = 0;
  virtual Result<std::size_t> count(DocumentKind kind, std::optional<int> year) = 0;
};

// Port: gap-free numbering. `next` returns the next number of (kind, year), starting at 1, and
// advances the counter inside the caller's transaction: a rolled-back transaction gives its
// number back, and concurrent transactions are serialised on the counter row.
class VEZA_API DocumentSequenceRepository {
 public:
  virtual ~DocumentSequenceRepository() = default;
  virtual Result<std::int64_t> next(DocumentKind kind, int year) = 0;
};

// What a buyer states for their invoices (`PUT /api/v1/me/billing`).
struct BillingProfile {
  std::string user_id;
  std::string name;
  std::string address;
  std::string country;  // ISO 3166-1 alpha-2, upper case
  std::optional<std::string> vat_id;
  Timestamp updated_at{};
};

// Port: billing profiles, one per user (put replaces).
class VEZA_API BillingProfileRepository {
 public:
  virtual ~BillingProfileRepository() = default;
  virtual Result<void> put(const BillingProfile& profile) = 0;  // `conflict` for an unknown user
  virtual Result<std::optional<BillingProfile>> find(std::string_view user_id) = 0;
};

}  // namespace veza::invoicing
