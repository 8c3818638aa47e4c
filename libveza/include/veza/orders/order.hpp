#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/money.hpp>
#include <veza/core/result.hpp>

namespace veza::orders {

// pending_payment → paid | failed | cancelled; paid → partially_refunded | refunded;
// partially_refunded → partially_refunded | refunded. Nothing else.
enum class OrderStatus { pending_payment, paid, failed, cancelled, partially_refunded, refunded };
// The latest refund activity, beside the status.
enum class RefundStatus { none, pending, succeeded, failed, partially_refunded };

VEZA_API std::string_view to_string(OrderStatus s) noexcept;
VEZA_API std::optional<OrderStatus> parse_order_status(std::string_view text) noexcept;
VEZA_API std::string_view to_string(RefundStatus s) noexcept;
VEZA_API std::optional<RefundStatus> parse_refund_status(std::string_view text) noexcept;
VEZA_API bool can_transition(OrderStatus from, OrderStatus to) noexcept;

// One licence bought; prices are frozen at checkout.
struct OrderItem {
  std::string id;
  std::string order_id;
  std::string product_id;
  std::string seller_id;
  std::string title;
  std::int64_t unit_gross_cents = 0;
  std::int32_t vat_rate_bp = 0;
  std::int64_t net_cents = 0;
  std::int64_t vat_cents = 0;
};

struct Order {
  std::string id;
  std::string buyer_id;
  OrderStatus status = OrderStatus::pending_payment;
  Currency currency;
  std::int64_t total_cents = 0;  // gross; the sum of the items
  std::int64_t net_cents = 0;
  std::int64_t vat_cents = 0;
  std::optional<std::string> payment_id;
  RefundStatus refund_status = RefundStatus::none;
  std::optional<Timestamp> withdrawal_waiver_at;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<OrderItem> items;
};

enum class LicenceStatus { active, revoked };
VEZA_API std::string_view to_string(LicenceStatus s) noexcept;
VEZA_API std::optional<LicenceStatus> parse_licence_status(std::string_view text) noexcept;

struct Licence {
  std::string id;
  std::string user_id;
  std::string product_id;
  std::string order_id;
  LicenceStatus status = LicenceStatus::active;
  Timestamp granted_at{};
  std::optional<Timestamp> revoked_at;
  std::optional<Timestamp> first_downloaded_at;
};

// Where a page of orders ends: the last order's creation time and id (the list's sort key).
struct VEZA_API OrderKey {
  Timestamp created_at{};
  std::string id;
};

// Port: orders and their items (written and read together).
class VEZA_API OrderRepository {
 public:
  virtual ~OrderRepository() = default;
  virtual Result<void> insert(const Order& order) = 0;  // with its items
  virtual Result<std::optional<Order>> find_by_id(std::string_view id) = 0;
  virtual Result<std::optional<Order>> find_by_payment_id(std::string_view payment_id) = 0;
  // Orders in `status` last updated before `before`, oldest first (reconciliation).
  virtual Result<std::vector<Order>> list_by_status(OrderStatus status, Timestamp before, std::size_t limit) = 0;
  // Newest first (created_at, then id); all buyers when buyer_id is empty; only orders that
  // sort after `after` when set (keyset pages).
  virtual Result<std::vector<Order>> list(std::optional<std::string_view> buyer_id, std::size_t limit,
                                          const std::optional<OrderKey>& after) = 0;
  // Compare-and-set: moves the order from `from` to `to` only if it is still in `from`;
  // returns whether it did.
  virtual Result<bool> update_status(std::string_view id, OrderStatus from, OrderStatus to, Timestamp at) = 0;
  virtual Result<bool> set_payment_id(std::string_view id, std::string_view payment_id, Timestamp at) = 0;
  virtual Result<bool> set_refund_status(std::string_view id, RefundStatus status, Timestamp at) = 0;
};

// Port: licences. At most one active licence per user and product.
class VEZA_API LicenceRepository {
 public:
  virtual ~LicenceRepository() = default;
  virtual Result<void> insert(const Licence& licence) = 0;  // `conflict` if already active
  virtual Result<std::optional<Licence>> find_active(std::string_view user_id, std::string_view product_id) = 0;
  // find_active, holding the licence until the transaction ends (PostgreSQL: FOR UPDATE; SQLite's
  // write transactions are serialised already), so a concurrent revoke waits for the caller and
  // whatever the caller wrote is visible to it.
  virtual Result<std::optional<Licence>> lock_active(std::string_view user_id, std::string_view product_id) = 0;
  virtual Result<std::vector<Licence>> list_for_user(std::string_view user_id) = 0;
  virtual Result<std::vector<Licence>> list_for_order(std::string_view order_id) = 0;
  // Revokes the order's active licences and returns them as revoked.
  virtual Result<std::vector<Licence>> revoke_for_order(std::string_view order_id, Timestamp at) = 0;
  // Revokes the order's active licences for those products only (an item-level refund).
  virtual Result<std::vector<Licence>> revoke_for_order_products(std::string_view order_id,
                                                                 const std::vector<std::string>& product_ids,
                                                                 Timestamp at) = 0;
  // Stamps first_downloaded_at when it is still unset; returns whether it did. The first
  // download is evidence for the withdrawal waiver, so it is written once and never moved.
  virtual Result<bool> mark_downloaded(std::string_view licence_id, Timestamp at) = 0;
};

}  // namespace veza::orders
