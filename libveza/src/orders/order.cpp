#include <veza/orders/order.hpp>

namespace veza::orders {

std::string_view to_string(OrderStatus s) noexcept {
  switch (s) {
    case OrderStatus::pending_payment: return "pending_payment";
    case OrderStatus::paid: return "paid";
    case OrderStatus::failed: return "failed";
    case OrderStatus::cancelled: return "cancelled";
    case OrderStatus::partially_refunded: return "partially_refunded";
    case OrderStatus::refunded: return "refunded";
  }
  return "pending_payment";
}

std::optional<OrderStatus> parse_order_status(std::string_view text) noexcept {
  for (const auto s : {OrderStatus::pending_payment, OrderStatus::paid, OrderStatus::failed, OrderStatus::cancelled,
                       OrderStatus::partially_refunded, OrderStatus::refunded}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

std::string_view to_string(RefundStatus s) noexcept {
  switch (s) {
    case RefundStatus::none: return "none";
    case RefundStatus::pending: return "pending";
    case RefundStatus::succeeded: return "succeeded";
    case RefundStatus::failed: return "failed";
    case RefundStatus::partially_refunded: return "partially_refunded";
  }
  return "none";
}

std::optional<RefundStatus> parse_refund_status(std::string_view text) noexcept {
  for (const auto s : {RefundStatus::none, RefundStatus::pending, RefundStatus::succeeded, RefundStatus::failed,
                       RefundStatus::partially_refunded}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

bool can_transition(OrderStatus from, OrderStatus to) noexcept {
  switch (from) {
    case OrderStatus::pending_payment:
      return to == OrderStatus::paid || to == OrderStatus::failed || to == OrderStatus::cancelled;
    case OrderStatus::paid:
    case OrderStatus::partially_refunded:
      // A second partial refund keeps the order partially refunded.
      return to == OrderStatus::partially_refunded || to == OrderStatus::refunded;
    case OrderStatus::failed:
    case OrderStatus::cancelled:
    case OrderStatus::refunded:
      return false;
  }
  return false;
}

std::string_view to_string(LicenceStatus s) noexcept {
  return s == LicenceStatus::active ? "active" : "revoked";
}

std::optional<LicenceStatus> parse_licence_status(std::string_view text) noexcept {
  if (text == "active") return LicenceStatus::active;
  if (text == "revoked") return LicenceStatus::revoked;
  return std::nullopt;
}

}  // namespace veza::orders
