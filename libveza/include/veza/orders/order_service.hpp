#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/identity/user.hpp>
#include <veza/orders/order.hpp>
#include <veza/persistence/database.hpp>

namespace veza::orders {

inline constexpr std::size_t kMaxOrderItems = 100;
// list_for / list_all accept a limit of 1..kMaxOrderListLimit (`validation_failed` otherwise).
inline constexpr std::size_t kMaxOrderListLimit = 1000;

// One page of a buyer's orders, newest first; next_cursor (the last order's id) asks for the
// next page, and is absent on the last one.
struct OrderPage {
  std::vector<Order> items;
  std::optional<std::string> next_cursor;
};

// What a checkout records beside the items, in the same insert.
struct CheckoutOptions {
  bool withdrawal_waiver = false;         // stored with its time (EU withdrawal-right waiver)
  std::optional<std::string> payment_id;  // ours, stored before the provider is called
};

// How a settled refund leaves the order: `full` revokes every licence (order refunded);
// otherwise the order is partially_refunded and only the licences of `revoke_product_ids` go.
struct RefundSettlement {
  bool full = false;
  std::vector<std::string> revoke_product_ids;
  // The gross this refund gave back, in the order's currency (payments knows it; participants
  // such as invoicing state it on the credit note). nullopt when the caller does not know it
  // (`settle_refund(id, full)`): a full settlement then means "everything left".
  std::optional<std::int64_t> amount_cents;
};

// A module that reacts to order transitions inside the transaction that makes them (the
// seam of DESIGN.md): invoices are issued on_paid, credit notes and review state follow
// on_refund_settled. An error from a participant rolls the whole transition back.
class VEZA_API OrderParticipant {
 public:
  virtual ~OrderParticipant() = default;
  virtual Result<void> on_paid(Transaction& tx, const Order& order, const std::vector<Licence>& granted) = 0;
  // `settlement` is what was settled (full or not, the lines, the amount when known).
  virtual Result<void> on_refund_settled(Transaction& tx, const Order& order, const std::vector<Licence>& revoked,
                                         const RefundSettlement& settlement) = 0;
};

// Orders: checkout, the status machine, licence grant and revocation.
class VEZA_API OrderService {
 public:
  OrderService(Database& db, IdGenerator& ids, const Clock& clock) : db_(db), ids_(ids), clock_(clock) {}

  // Registered once by the composition root; called in registration order.
  void add_participant(OrderParticipant& participant) { participants_.push_back(&participant); }

  // A pending_payment order of one licence per product. Refuses (`validation_failed`) no items,
  // more than kMaxOrderItems, a product twice, mixed currencies; (`not_found`) an unknown
  // product; (`conflict`) the buyer's own product or one they already hold.
  Result<Order> create(std::string_view buyer_id, const std::vector<std::string>& product_ids);
  Result<Order> create(std::string_view buyer_id, const std::vector<std::string>& product_ids,
                       const CheckoutOptions& options);
  // The buyer or an admin sees an order; anyone else gets `not_found` so ids do not leak.
  Result<Order> get_for(std::string_view order_id, const identity::User& viewer);
  Result<Order> get(std::string_view order_id);
  Result<std::vector<Order>> list_for(const identity::User& viewer, std::size_t limit);
  // The viewer's own orders, `limit` at a time, after the page that `cursor` (a next_cursor)
  // ended; a cursor that is not one of the viewer's orders is `invalid_argument`.
  Result<OrderPage> page_for(const identity::User& viewer, std::size_t limit, std::optional<std::string_view> cursor);
  // Every buyer's orders, paged alike, for an admin (`forbidden` for anyone else).
  Result<OrderPage> page_all(const identity::User& viewer, std::size_t limit, std::optional<std::string_view> cursor);
  Result<std::vector<Order>> list_all(std::size_t limit);

  Result<void> set_payment_id(std::string_view order_id, std::string_view payment_id);

  // Whether `user_id` may download the product: its seller, or a holder of an active licence
  // (whose first download is then recorded, once). `not_found` for an unknown product.
  Result<bool> record_download(std::string_view user_id, std::string_view product_id);

  // pending_payment → paid: grants the licences and calls on_paid, in one transaction.
  // An order already paid (or later) is returned unchanged; any other state is `conflict`.
  Result<Order> mark_paid(std::string_view order_id);
  // pending_payment → failed | cancelled.
  Result<Order> mark_failed(std::string_view order_id);
  Result<Order> cancel(std::string_view order_id);
  // paid | partially_refunded → refunded (licences revoked) or partially_refunded (licences
  // kept); calls on_refund_settled in the same transaction.
  Result<Order> settle_refund(std::string_view order_id, bool full);

  // The same transitions inside a transaction the caller already holds, so that recording a
  // webhook event (or a refund) and its effect on the order commit or roll back together.
  Result<Order> mark_paid(Transaction& tx, std::string_view order_id);
  Result<Order> mark_failed(Transaction& tx, std::string_view order_id);
  Result<Order> cancel(Transaction& tx, std::string_view order_id);
  Result<Order> settle_refund(Transaction& tx, std::string_view order_id, const RefundSettlement& settlement);

 private:
  Result<Order> move(Transaction& tx, std::string_view order_id, OrderStatus to);
  // One page of `buyer_id`'s orders (everyone's when empty) after the order `cursor` names.
  Result<OrderPage> page(std::string_view buyer_id, std::size_t limit, std::optional<std::string_view> cursor);

  Database& db_;
  IdGenerator& ids_;
  const Clock& clock_;
  std::vector<OrderParticipant*> participants_;
};

}  // namespace veza::orders
