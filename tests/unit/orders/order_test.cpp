#include <doctest/doctest.h>

#include <veza/orders/order.hpp>

using veza::orders::can_transition;
using veza::orders::LicenceStatus;
using veza::orders::OrderStatus;
using veza::orders::RefundStatus;

TEST_SUITE("orders") {
  TEST_CASE("order, refund and licence statuses round-trip through their names") {
    for (const auto s : {OrderStatus::pending_payment, OrderStatus::paid, OrderStatus::failed, OrderStatus::cancelled,
                         OrderStatus::partially_refunded, OrderStatus::refunded}) {
      CHECK(veza::orders::parse_order_status(veza::orders::to_string(s)) == s);
    }
    for (const auto s : {RefundStatus::none, RefundStatus::pending, RefundStatus::succeeded, RefundStatus::failed,
                         RefundStatus::partially_refunded}) {
      CHECK(veza::orders::parse_refund_status(veza::orders::to_string(s)) == s);
    }
    CHECK(veza::orders::parse_licence_status("active") == LicenceStatus::active);
    CHECK(veza::orders::parse_licence_status("revoked") == LicenceStatus::revoked);
    CHECK(veza::orders::to_string(OrderStatus::pending_payment) == "pending_payment");
    CHECK_FALSE(veza::orders::parse_order_status("PAID"));
    CHECK_FALSE(veza::orders::parse_refund_status(""));
    CHECK_FALSE(veza::orders::parse_licence_status("expired"));
  }

  TEST_CASE("the status machine allows exactly the documented transitions") {
    const OrderStatus all[] = {OrderStatus::pending_payment, OrderStatus::paid,
                               OrderStatus::failed,          OrderStatus::cancelled,
                               OrderStatus::partially_refunded, OrderStatus::refunded};
    const auto allowed = [](OrderStatus from, OrderStatus to) {
      switch (from) {
        case OrderStatus::pending_payment:
          return to == OrderStatus::paid || to == OrderStatus::failed || to == OrderStatus::cancelled;
        case OrderStatus::paid:
        case OrderStatus::partially_refunded:
          return to == OrderStatus::partially_refunded || to == OrderStatus::refunded;
        default: return false;
      }
    };
    for (const auto from : all) {
      for (const auto to : all) {
        INFO(veza::orders::to_string(from), " -> ", veza::orders::to_string(to));
        CHECK(can_transition(from, to) == allowed(from, to));
      }
    }
  }
}
