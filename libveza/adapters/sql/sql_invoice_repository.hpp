#pragma once
#include <soci/soci.h>

#include <veza/invoicing/invoice_repository.hpp>

namespace veza::adapters {

// invoicing::InvoiceRepository over one SOCI session (inside the caller's transaction). Insert
// and read only; the schema's triggers refuse UPDATE and DELETE of an issued document.
class SqlInvoiceRepository final : public invoicing::InvoiceRepository {
 public:
  explicit SqlInvoiceRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert_invoice(const invoicing::StoredDocument& invoice) override;
  Result<std::optional<invoicing::StoredDocument>> find_invoice(std::string_view order_id) override;
  Result<void> insert_credit_note(const invoicing::StoredDocument& note) override;
  Result<std::vector<invoicing::StoredDocument>> list_credit_notes(std::string_view order_id) override;
  Result<std::vector<invoicing::StoredDocument>> list(invoicing::DocumentKind kind, std::optional<int> year,
                                                      std::string_view after_number, std::size_t limit) override;
  Result<std::size_t> count(invoicing::DocumentKind kind, std::optional<int> year) override;

 private:
  soci::session& sql_;
};

// The counter row per (kind, year): one upsert that increments and returns, so the row lock
// (PostgreSQL) or the write lock already held by BEGIN IMMEDIATE (SQLite) serialises issuers
// until commit, and a rollback returns the number.
class SqlDocumentSequenceRepository final : public invoicing::DocumentSequenceRepository {
 public:
  explicit SqlDocumentSequenceRepository(soci::session& sql) : sql_(sql) {}
  Result<std::int64_t> next(invoicing::DocumentKind kind, int year) override;

 private:
  soci::session& sql_;
};

class SqlBillingProfileRepository final : public invoicing::BillingProfileRepository {
 public:
  explicit SqlBillingProfileRepository(soci::session& sql) : sql_(sql) {}
  Result<void> put(const invoicing::BillingProfile& profile) override;
  Result<std::optional<invoicing::BillingProfile>> find(std::string_view user_id) override;

 private:
  soci::session& sql_;
};

}  // namespace veza::adapters
