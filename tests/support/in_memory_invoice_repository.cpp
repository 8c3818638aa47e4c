#include "support/in_memory_invoice_repository.hpp"

#include "support/in_memory_state.hpp"

namespace veza::testing {
namespace {

using invoicing::DocumentKind;
using invoicing::StoredDocument;

class InMemoryInvoiceRepository final : public invoicing::InvoiceRepository {
 public:
  InMemoryInvoiceRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert_invoice(const StoredDocument& doc) override {
    VEZA_TRY_VOID(detail::require_writable(writable_));
    VEZA_TRY_VOID(check_order(doc));
    for (const auto& [n, d] : s_.invoicing.invoices) {
      if (d.order_id == doc.order_id) return make_error(ErrorCode::conflict, "the order already has an invoice");
    }
    if (!s_.invoicing.invoices.emplace(doc.number, doc).second) {
      return make_error(ErrorCode::conflict, "an invoice with this number already exists");
    }
    return ok();
  }

  Result<std::optional<StoredDocument>> find_invoice(std::string_view order_id) override {
    for (const auto& [n, d] : s_.invoicing.invoices) {
      if (d.order_id == order_id) return std::optional<StoredDocument>(d);
    }
    return std::optional<StoredDocument>{};
  }

  Result<void> insert_credit_note(const StoredDocument& doc) override {
    VEZA_TRY_VOID(detail::require_writable(writable_));
    VEZA_TRY_VOID(check_order(doc));
    for (const auto& [n, d] : s_.invoicing.credit_notes) {
      if (d.order_id == doc.order_id && d.ordinal == doc.ordinal) {
        return make_error(ErrorCode::conflict, "the order already has a credit note with this ordinal");
      }
    }
    if (!s_.invoicing.credit_notes.emplace(doc.number, doc).second) {
      return make_error(ErrorCode::conflict, "a credit note with this number already exists");
    }
    return ok();
  }

  Result<std::vector<StoredDocument>> list_credit_notes(std::string_view order_id) override {
    std::map<int, StoredDocument> by_ordinal;
    for (const auto& [n, d] : s_.invoicing.credit_notes) {
      if (d.order_id == order_id) by_ordinal.emplace(d.ordinal, d);
    }
    std::vector<StoredDocument> out;
    for (auto& [o, d] : by_ordinal) out.push_back(d);
    return out;
  }

  Result<std::vector<StoredDocument>> list(DocumentKind kind, std::optional<int> year, std::string_view after,
                                           std::size_t limit) override {
    std::vector<StoredDocument> out;
    for (const auto& [n, d] : table(kind)) {
      if (n <= after || (year && d.year != *year)) continue;
      if (out.size() == limit) break;
      out.push_back(d);
    }
    return out;
  }

  Result<std::size_t> count(DocumentKind kind, std::optional<int> year) override {
    std::size_t n = 0;
    for (const auto& [k, d] : table(kind)) {
      if (!year || d.year == *year) ++n;
    }
    return n;
  }

 private:
  std::map<std::string, StoredDocument>& table(DocumentKind kind) {
    return kind == DocumentKind::invoice ? s_.invoicing.invoices : s_.invoicing.credit_notes;
  }
  Result<void> check_order(const StoredDocument& doc) {
    if (!s_.orders.count(doc.order_id)) return make_error(ErrorCode::conflict, "no order with id " + doc.order_id);
    return ok();
  }

  InMemoryDatabase::State& s_;
  bool writable_;
};

class InMemoryDocumentSequences final : public invoicing::DocumentSequenceRepository {
 public:
  InMemoryDocumentSequences(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}
  Result<std::int64_t> next(DocumentKind kind, int year) override {
    VEZA_TRY_VOID(detail::require_writable(writable_));
    auto& counter = s_.invoicing.sequences[{std::string(invoicing::to_string(kind)), year}];
    if (counter == 0) counter = 1;
    return counter++;
  }

 private:
  InMemoryDatabase::State& s_;
  bool writable_;
};

class InMemoryBillingProfiles final : public invoicing::BillingProfileRepository {
 public:
  InMemoryBillingProfiles(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}
  Result<void> put(const invoicing::BillingProfile& p) override {
    VEZA_TRY_VOID(detail::require_writable(writable_));
    if (!s_.users.count(p.user_id)) return make_error(ErrorCode::conflict, "no user with id " + p.user_id);
    s_.invoicing.billing[p.user_id] = p;
    return ok();
  }
  Result<std::optional<invoicing::BillingProfile>> find(std::string_view user_id) override {
    const auto it = s_.invoicing.billing.find(std::string(user_id));
    if (it == s_.invoicing.billing.end()) return std::optional<invoicing::BillingProfile>{};
    return std::optional<invoicing::BillingProfile>(it->second);
  }

 private:
  InMemoryDatabase::State& s_;
  bool writable_;
};

}  // namespace

namespace detail {
std::unique_ptr<invoicing::InvoiceRepository> make_invoice_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<InMemoryInvoiceRepository>(s, writable);
}
std::unique_ptr<invoicing::DocumentSequenceRepository> make_document_sequence_repository(InMemoryDatabase::State& s,
                                                                                          bool writable) {
  return std::make_unique<InMemoryDocumentSequences>(s, writable);
}
std::unique_ptr<invoicing::BillingProfileRepository> make_billing_profile_repository(InMemoryDatabase::State& s,
                                                                                      bool writable) {
  return std::make_unique<InMemoryBillingProfiles>(s, writable);
}
}  // namespace detail

}  // namespace veza::testing
