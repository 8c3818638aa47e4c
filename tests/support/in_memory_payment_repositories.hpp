#pragma once
// Refunds and webhook events of the in-memory database: the tables (part of
// InMemoryDatabase::State, so they are copied and committed with everything else) and the
// repositories over one copy of them.
#include <map>
#include <memory>
#include <string>

#include <veza/payments/refund.hpp>

#include "support/in_memory_database.hpp"

namespace veza::testing {

struct InMemoryPaymentTables {
  std::map<std::string, payments::Refund> refunds;                        // by id
  std::map<std::string, payments::WebhookEventRecord> webhook_events;     // by provider event id
};

namespace detail {
std::unique_ptr<payments::RefundRepository> make_refund_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<payments::WebhookEventRepository> make_webhook_event_repository(InMemoryDatabase::State& s,
                                                                              bool writable);
}  // namespace detail

}  // namespace veza::testing
