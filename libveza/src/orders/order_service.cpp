#include <veza/orders/order_service.hpp>

#include <set>
#include <utility>

#include <veza/catalog/product.hpp>
#include <veza/core/text.hpp>
#include <veza/core/vat.hpp>

namespace veza::orders {
namespace {

constexpr std::size_t kMaxPaymentIdChars = 255;

Error no_order(std::string_view id) {
  return make_error(ErrorCode::not_found, "no order with id " + std::string(id.substr(0, 64)));
}

Error state_invalid(const Order& order, OrderStatus to) {
  return make_error(ErrorCode::conflict,
                    "order " + order.id + " is " + std::string(to_string(order.status)) + " and cannot become " +
                        std::string(to_string(to)),
                    "state_invalid");
}

Result<void> check_limit(std::size_t limit) {
  if (limit < 1 || limit > kMaxOrderListLimit) {
    return make_error(ErrorCode::validation_failed,
                      "limit must be between 1 and " + std::to_string(kMaxOrderListLimit));
  }
  return ok();
}

Result<Order> load(Transaction& tx, std::string_view id) {
  // A text that is not a UUID names no order (and PostgreSQL would refuse it as a parameter).
  if (!is_uuid(id)) return no_order(id);
  auto found = tx.orders().find_by_id(id);
  if (!found) return std::move(found).error();
  if (!*found) return no_order(id);
  return std::move(**found);
}

// Compare-and-set, then the order as stored. Transactions are serialised per write lock, so a
// lost race means another writer moved the order first: report the state it is in now.
Result<Order> transition(Transaction& tx, const Order& order, OrderStatus to, Timestamp at) {
  auto moved = tx.orders().update_status(order.id, order.status, to, at);
  if (!moved) return std::move(moved).error();
  auto now = load(tx, order.id);
  if (!now) return now;
  if (!*moved) return state_invalid(*now, to);
  return now;
}

}  // namespace

Result<Order> OrderService::create(std::string_view buyer_id, const std::vector<std::string>& product_ids) {
  return create(buyer_id, product_ids, CheckoutOptions{});
}

Result<Order> OrderService::create(std::string_view buyer_id, const std::vector<std::string>& product_ids,
                                   const CheckoutOptions& options) {
  if (product_ids.empty()) return make_error(ErrorCode::validation_failed, "an order needs at least one product");
  if (product_ids.size() > kMaxOrderItems) {
    return make_error(ErrorCode::validation_failed,
                      "an order holds at most " + std::to_string(kMaxOrderItems) + " products");
  }
  const std::set<std::string_view> distinct(product_ids.begin(), product_ids.end());
  if (distinct.size() != product_ids.size()) {
    return make_error(ErrorCode::validation_failed, "each product may appear only once in an order");
  }
  const auto unknown_buyer = [&] {
    return make_error(ErrorCode::not_found, "no user with id " + std::string(buyer_id.substr(0, 64)));
  };
  if (!is_uuid(buyer_id)) return unknown_buyer();

  return transact<Order>(db_, TxMode::write, [&](Transaction& tx) -> Result<Order> {
    auto buyer = tx.users().find_by_id(buyer_id);
    if (!buyer) return std::move(buyer).error();
    if (!*buyer) return unknown_buyer();

    Order order;
    order.id = ids_.next();
    order.buyer_id = std::string(buyer_id);
    order.status = OrderStatus::pending_payment;
    order.created_at = clock_.now();
    order.updated_at = order.created_at;
    if (options.withdrawal_waiver) order.withdrawal_waiver_at = order.created_at;
    order.payment_id = options.payment_id;
    for (const auto& product_id : product_ids) {
      const auto unknown = [&] {
        return make_error(ErrorCode::not_found, "no product with id " + product_id.substr(0, 64));
      };
      if (!is_uuid(product_id)) return unknown();
      auto found = tx.products().find_by_id(product_id);
      if (!found) return std::move(found).error();
      if (!*found) return unknown();
      const catalog::Product& p = **found;
      if (p.seller_id == order.buyer_id) {
        return make_error(ErrorCode::conflict, "product " + p.id + " is your own; you cannot buy it");
      }
      if (order.items.empty()) {
        order.currency = p.price.currency();
      } else if (!(p.price.currency() == order.currency)) {
        return make_error(ErrorCode::validation_failed,
                          "an order is paid in one currency: product " + p.id + " costs " +
                              std::string(p.price.currency().code()) + ", the others " +
                              std::string(order.currency.code()));
      }
      auto held = tx.licences().find_active(order.buyer_id, p.id);
      if (!held) return std::move(held).error();
      if (*held) return make_error(ErrorCode::conflict, "you already hold a licence for product " + p.id);

      auto split = split_gross(p.price.minor_units(), p.vat_rate_bp);
      if (!split) return std::move(split).error();
      OrderItem item;
      item.id = ids_.next();
      item.order_id = order.id;
      item.product_id = p.id;
      item.seller_id = p.seller_id;
      item.title = p.title;
      item.unit_gross_cents = p.price.minor_units();
      item.vat_rate_bp = p.vat_rate_bp;
      item.net_cents = split->net;
      item.vat_cents = split->vat;
      // At most kMaxOrderItems lines of at most kMaxPriceMinorUnits each: no overflow.
      order.total_cents += item.unit_gross_cents;
      order.net_cents += item.net_cents;
      order.vat_cents += item.vat_cents;
      order.items.push_back(std::move(item));
    }
    VEZA_TRY_VOID(tx.orders().insert(order));
    return order;
  });
}

Result<Order> OrderService::get_for(std::string_view order_id, const identity::User& viewer) {
  return transact<Order>(db_, TxMode::read, [&](Transaction& tx) -> Result<Order> {
    auto order = load(tx, order_id);
    if (!order) return order;
    // Someone else's order answers exactly like a missing one, so ids do not leak.
    if (order->buyer_id != viewer.id && viewer.role != identity::Role::admin) return no_order(order_id);
    return order;
  });
}

Result<Order> OrderService::get(std::string_view order_id) {
  return transact<Order>(db_, TxMode::read, [&](Transaction& tx) { return load(tx, order_id); });
}

Result<std::vector<Order>> OrderService::list_for(const identity::User& viewer, std::size_t limit) {
  auto page = page_for(viewer, limit, std::nullopt);
  if (!page) return std::move(page).error();
  return std::move(page->items);
}

Result<OrderPage> OrderService::page_for(const identity::User& viewer, std::size_t limit,
                                         std::optional<std::string_view> cursor) {
  return page(viewer.id, limit, cursor);
}

Result<OrderPage> OrderService::page_all(const identity::User& viewer, std::size_t limit,
                                         std::optional<std::string_view> cursor) {
  if (viewer.role != identity::Role::admin) {
    return make_error(ErrorCode::forbidden, "only an admin lists every buyer's orders");
  }
  return page({}, limit, cursor);
}

Result<OrderPage> OrderService::page(std::string_view buyer_id, std::size_t limit,
                                     std::optional<std::string_view> cursor) {
  VEZA_TRY_VOID(check_limit(limit));
  return transact<OrderPage>(db_, TxMode::read, [&](Transaction& tx) -> Result<OrderPage> {
    std::optional<OrderKey> after;
    if (cursor) {
      auto last = is_uuid(*cursor) ? tx.orders().find_by_id(*cursor) : Result<std::optional<Order>>(std::nullopt);
      if (!last) return std::move(last).error();
      // An order outside the list (someone else's) is refused like a malformed id, so ids do not leak.
      if (!*last || (!buyer_id.empty() && (*last)->buyer_id != buyer_id)) {
        return make_error(ErrorCode::invalid_argument,
                          "cursor is not an order of this list; pass the next_cursor of the previous page");
      }
      after = OrderKey{(*last)->created_at, (*last)->id};
    }
    // One row more than asked says whether another page follows.
    auto rows = tx.orders().list(buyer_id, limit + 1, after);
    if (!rows) return std::move(rows).error();
    OrderPage page;
    page.items = std::move(*rows);
    if (page.items.size() > limit) {
      page.items.resize(limit);
      page.next_cursor = page.items.back().id;
    }
    return page;
  });
}

Result<bool> OrderService::record_download(std::string_view user_id, std::string_view product_id) {
  return transact<bool>(db_, TxMode::write, [&](Transaction& tx) -> Result<bool> {
    auto product = is_uuid(product_id) ? tx.products().find_by_id(product_id)
                                       : Result<std::optional<catalog::Product>>(std::nullopt);
    if (!product) return std::move(product).error();
    if (!*product) return make_error(ErrorCode::not_found, "no product with id " + std::string(product_id.substr(0, 64)));
    if ((*product)->seller_id == user_id) return true;
    auto licence = tx.licences().find_active(user_id, product_id);
    if (!licence) return std::move(licence).error();
    if (!*licence) return false;
    if (!(*licence)->first_downloaded_at) {
      auto marked = tx.licences().mark_downloaded((*licence)->id, clock_.now());
      if (!marked) return std::move(marked).error();
    }
    return true;
  });
}

Result<std::vector<Order>> OrderService::list_all(std::size_t limit) {
  VEZA_TRY_VOID(check_limit(limit));
  return transact<std::vector<Order>>(db_, TxMode::read,
                                      [&](Transaction& tx) { return tx.orders().list(std::nullopt, limit, std::nullopt); });
}

Result<void> OrderService::set_payment_id(std::string_view order_id, std::string_view payment_id) {
  const std::string_view id = trim(payment_id);
  if (id.empty() || id.size() > kMaxPaymentIdChars) {
    return make_error(ErrorCode::validation_failed, "a payment id has 1..255 characters");
  }
  for (const char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return make_error(ErrorCode::invalid_argument, "a payment id is printable ASCII");
  }
  return db_.run(TxMode::write, [&](Transaction& tx) -> Result<void> {
    auto order = load(tx, order_id);
    if (!order) return std::move(order).error();
    // Only an unpaid order may (re)bind to a payment; a paid one keeps the payment that paid it.
    if (order->status != OrderStatus::pending_payment) {
      return make_error(ErrorCode::conflict,
                        "order " + order->id + " is " + std::string(to_string(order->status)) +
                            "; only a pending_payment order takes a payment id",
                        "state_invalid");
    }
    auto set = tx.orders().set_payment_id(order->id, id, clock_.now());
    if (!set) return std::move(set).error();
    if (!*set) return no_order(order_id);
    return ok();
  });
}

Result<Order> OrderService::mark_paid(std::string_view order_id) {
  return transact<Order>(db_, TxMode::write, [&](Transaction& tx) { return mark_paid(tx, order_id); });
}

Result<Order> OrderService::mark_paid(Transaction& tx, std::string_view order_id) {
  auto order = load(tx, order_id);
  if (!order) return order;
  switch (order->status) {
    case OrderStatus::pending_payment: break;
    // A payment event that arrives again, or after a refund, must not grant twice or move
    // the order backwards: the order is returned as it is.
    case OrderStatus::paid:
    case OrderStatus::partially_refunded:
    case OrderStatus::refunded: return order;
    case OrderStatus::failed:
    case OrderStatus::cancelled: return state_invalid(*order, OrderStatus::paid);
  }
  const Timestamp now = clock_.now();
  auto paid = transition(tx, *order, OrderStatus::paid, now);
  if (!paid) return paid;

  std::vector<Licence> granted;
  for (const auto& item : paid->items) {
    // Two pending orders for one product can both be paid; the second must still become
    // paid (the money was taken) and is settled by a refund, so it grants nothing twice.
    auto held = tx.licences().find_active(paid->buyer_id, item.product_id);
    if (!held) return std::move(held).error();
    if (*held) continue;
    Licence licence;
    licence.id = ids_.next();
    licence.user_id = paid->buyer_id;
    licence.product_id = item.product_id;
    licence.order_id = paid->id;
    licence.status = LicenceStatus::active;
    licence.granted_at = now;
    VEZA_TRY_VOID(tx.licences().insert(licence));
    granted.push_back(std::move(licence));
  }
  for (OrderParticipant* p : participants_) VEZA_TRY_VOID(p->on_paid(tx, *paid, granted));
  return paid;
}

Result<Order> OrderService::mark_failed(std::string_view order_id) {
  return transact<Order>(db_, TxMode::write, [&](Transaction& tx) { return move(tx, order_id, OrderStatus::failed); });
}

Result<Order> OrderService::cancel(std::string_view order_id) {
  return transact<Order>(db_, TxMode::write, [&](Transaction& tx) { return move(tx, order_id, OrderStatus::cancelled); });
}

Result<Order> OrderService::mark_failed(Transaction& tx, std::string_view order_id) {
  return move(tx, order_id, OrderStatus::failed);
}

Result<Order> OrderService::cancel(Transaction& tx, std::string_view order_id) {
  return move(tx, order_id, OrderStatus::cancelled);
}

Result<Order> OrderService::move(Transaction& tx, std::string_view order_id, OrderStatus to) {
  auto order = load(tx, order_id);
  if (!order) return order;
  if (order->status == to) return order;  // the same event twice changes nothing
  if (!can_transition(order->status, to)) return state_invalid(*order, to);
  return transition(tx, *order, to, clock_.now());
}

Result<Order> OrderService::settle_refund(std::string_view order_id, bool full) {
  return transact<Order>(db_, TxMode::write, [&](Transaction& tx) {
    return settle_refund(tx, order_id, RefundSettlement{full, {}, std::nullopt});
  });
}

Result<Order> OrderService::settle_refund(Transaction& tx, std::string_view order_id, const RefundSettlement& settlement) {
  const bool full = settlement.full;
  auto order = load(tx, order_id);
  if (!order) return order;
  if (order->status == OrderStatus::refunded) return order;  // settled already: idempotent
  const OrderStatus to = full ? OrderStatus::refunded : OrderStatus::partially_refunded;
  if (!can_transition(order->status, to)) return state_invalid(*order, to);
  const Timestamp now = clock_.now();
  auto moved = tx.orders().update_status(order->id, order->status, to, now);
  if (!moved) return std::move(moved).error();
  if (!*moved) return state_invalid(*order, to);
  // A full refund takes the licences back; a partial (goodwill) refund leaves them.
  std::vector<Licence> revoked;
  if (full) {
    auto r = tx.licences().revoke_for_order(order->id, now);
    if (!r) return std::move(r).error();
    revoked = std::move(*r);
  } else if (!settlement.revoke_product_ids.empty()) {
    // Item-level refund: only those lines' licences go; the rest of the order is kept.
    auto r = tx.licences().revoke_for_order_products(order->id, settlement.revoke_product_ids, now);
    if (!r) return std::move(r).error();
    revoked = std::move(*r);
  }
  auto marked = tx.orders().set_refund_status(
      order->id, full ? RefundStatus::succeeded : RefundStatus::partially_refunded, now);
  if (!marked) return std::move(marked).error();
  auto settled = load(tx, order->id);
  if (!settled) return settled;
  for (OrderParticipant* p : participants_) VEZA_TRY_VOID(p->on_refund_settled(tx, *settled, revoked, settlement));
  return settled;
}

}  // namespace veza::orders
