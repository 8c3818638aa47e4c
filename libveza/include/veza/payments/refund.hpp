#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::payments {

enum class RefundState { pending, succeeded, failed };
VEZA_API std::string_view to_string(RefundState s) noexcept;
VEZA_API std::optional<RefundState> parse_refund_state(std::string_view text) noexcept;

// whole: everything left; items: those lines in full (their licences go); amount: goodwill,
// licences kept; external: made in the provider's dashboard, learnt from a webhook.
enum class RefundKind { whole, items, amount, external };
VEZA_API std::string_view to_string(RefundKind k) noexcept;
VEZA_API std::optional<RefundKind> parse_refund_kind(std::string_view text) noexcept;

struct Refund {
  std::string id;                  // ours (UUIDv7)
  std::string order_id;
  std::string payment_id;
  std::string provider_refund_id;  // what the provider knows it by; ours unless external
  RefundKind kind = RefundKind::whole;
  std::vector<std::string> product_ids;  // kind == items: the lines refunded
  std::int64_t amount_cents = 0;
  std::string currency;
  RefundState status = RefundState::pending;
  std::string reason;
  std::string requested_by;  // user id; empty for external
  std::optional<std::string> error_code;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// Port: refunds. At most one pending refund per order (the schema's partial unique index:
// `conflict` on a second), provider_refund_id unique.
class VEZA_API RefundRepository {
 public:
  virtual ~RefundRepository() = default;
  virtual Result<void> insert(const Refund& refund) = 0;
  virtual Result<std::optional<Refund>> find_by_id(std::string_view id) = 0;
  virtual Result<std::optional<Refund>> find_by_provider_id(std::string_view provider_refund_id) = 0;
  // Oldest first.
  virtual Result<std::vector<Refund>> list_for_order(std::string_view order_id) = 0;
  // Newest first; all orders when order_id is empty.
  virtual Result<std::vector<Refund>> list(std::size_t limit) = 0;
  // Pending refunds last updated before `before`, oldest first (reconciliation).
  virtual Result<std::vector<Refund>> list_pending(Timestamp before, std::size_t limit) = 0;
  // Compare-and-set from pending; returns whether it moved.
  virtual Result<bool> settle(std::string_view id, RefundState to, std::optional<std::string> error_code,
                              Timestamp at) = 0;
};

struct WebhookEventRecord {
  std::string id;                 // ours
  std::string provider_event_id;  // unique: the dedup key
  std::string event_type;
  std::string outcome;            // applied | ignored | rejected_mismatch
  Timestamp received_at{};
};

// Port: webhook events seen, for dedup (the provider resends an event for about 24 hours).
class VEZA_API WebhookEventRepository {
 public:
  virtual ~WebhookEventRepository() = default;
  // false when the provider event id is already stored (a redelivery).
  virtual Result<bool> contains(std::string_view provider_event_id) = 0;
  virtual Result<bool> insert_once(const WebhookEventRecord& event) = 0;
};

}  // namespace veza::payments
