#pragma once
#include <soci/soci.h>

#include <veza/orders/order.hpp>

namespace veza::adapters {

// orders::OrderRepository over one SOCI session (inside the caller's transaction): an order
// and its items are written and read together.
class SqlOrderRepository final : public orders::OrderRepository {
 public:
  explicit SqlOrderRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const orders::Order& order) override;
  Result<std::optional<orders::Order>> find_by_id(std::string_view id) override;
  Result<std::optional<orders::Order>> find_by_payment_id(std::string_view payment_id) override;
  Result<std::vector<orders::Order>> list_by_status(orders::OrderStatus status, Timestamp before,
                                                    std::size_t limit) override;
  Result<std::vector<orders::Order>> list(std::optional<std::string_view> buyer_id, std::size_t limit,
                                          const std::optional<orders::OrderKey>& after) override;
  Result<bool> update_status(std::string_view id, orders::OrderStatus from, orders::OrderStatus to, Timestamp at) override;
  Result<bool> set_payment_id(std::string_view id, std::string_view payment_id, Timestamp at) override;
  Result<bool> set_refund_status(std::string_view id, orders::RefundStatus status, Timestamp at) override;

 private:
  Result<void> load_items(orders::Order& order);
  Result<std::vector<orders::Order>> query(const std::string& where_order_limit, const std::vector<std::string>& text_params,
                                           long long limit);

  soci::session& sql_;
};

}  // namespace veza::adapters
