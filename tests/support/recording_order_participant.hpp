#pragma once
// An OrderParticipant that records its calls (order and licences) and fails on demand.
#include <optional>
#include <vector>

#include <veza/orders/order_service.hpp>

namespace veza::testing {

struct RecordingParticipant final : orders::OrderParticipant {
  struct Call {
    bool paid = false;  // on_paid, else on_refund_settled
    orders::Order order;
    std::vector<orders::Licence> licences;
  };
  std::vector<Call> calls;
  std::optional<Error> fail_with;

  Result<void> on_paid(Transaction&, const orders::Order& order, const std::vector<orders::Licence>& granted) override {
    return record(true, order, granted);
  }
  Result<void> on_refund_settled(Transaction&, const orders::Order& order, const std::vector<orders::Licence>& revoked,
                                 const orders::RefundSettlement&) override {
    return record(false, order, revoked);
  }

 private:
  Result<void> record(bool paid, const orders::Order& order, const std::vector<orders::Licence>& licences) {
    if (fail_with) return *fail_with;
    calls.push_back({paid, order, licences});
    return ok();
  }
};

}  // namespace veza::testing
