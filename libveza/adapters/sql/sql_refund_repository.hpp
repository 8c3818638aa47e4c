#pragma once
#include <soci/soci.h>

#include <veza/payments/refund.hpp>

namespace veza::adapters {

// payments::RefundRepository over one SOCI session (inside the caller's transaction); the
// partial unique index idx_refunds_one_pending keeps one pending refund per order.
class SqlRefundRepository final : public payments::RefundRepository {
 public:
  explicit SqlRefundRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const payments::Refund& refund) override;
  Result<std::optional<payments::Refund>> find_by_id(std::string_view id) override;
  Result<std::optional<payments::Refund>> find_by_provider_id(std::string_view provider_refund_id) override;
  Result<std::vector<payments::Refund>> list_for_order(std::string_view order_id) override;
  Result<std::vector<payments::Refund>> list(std::size_t limit) override;
  Result<std::vector<payments::Refund>> list_pending(Timestamp before, std::size_t limit) override;
  Result<bool> settle(std::string_view id, payments::RefundState to, std::optional<std::string> error_code,
                      Timestamp at) override;

 private:
  Result<std::vector<payments::Refund>> query(const std::string& where, const std::vector<std::string>& params);

  soci::session& sql_;
};

}  // namespace veza::adapters
