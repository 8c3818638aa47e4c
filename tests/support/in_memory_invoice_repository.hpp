#pragma once
// Invoicing tables of the in-memory database (part of InMemoryDatabase::State, so they are
// copied and committed with everything else) and the repositories over one copy of them.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <veza/invoicing/document.hpp>
#include <veza/invoicing/invoice_repository.hpp>

#include "support/in_memory_database.hpp"

namespace veza::testing {

struct InMemoryInvoiceTables {
  std::map<std::string, invoicing::StoredDocument> invoices;      // by number
  std::map<std::string, invoicing::StoredDocument> credit_notes;  // by number
  std::map<std::pair<std::string, int>, std::int64_t> sequences;  // (kind, year) → next
  std::map<std::string, invoicing::BillingProfile> billing;       // by user id
};

namespace detail {
std::unique_ptr<invoicing::InvoiceRepository> make_invoice_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<invoicing::DocumentSequenceRepository> make_document_sequence_repository(InMemoryDatabase::State& s,
                                                                                          bool writable);
std::unique_ptr<invoicing::BillingProfileRepository> make_billing_profile_repository(InMemoryDatabase::State& s,
                                                                                      bool writable);
}  // namespace detail

}  // namespace veza::testing
