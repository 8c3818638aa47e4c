// Reconciliation: every payment and refund still pending after `min_age` is looked up at the
// provider (refunds with force_sync: no webhook is sent while a refund is pending) and the
// answer applied exactly as a webhook would be, so a lost webhook loses nothing.
#include <veza/payments/payment_service.hpp>

namespace veza::payments {
namespace {
constexpr std::size_t kBatch = 500;
}  // namespace

Result<void> PaymentService::payment_not_found(Transaction& tx, const orders::Order& order) {
  // Our create never reached the provider (we store the id first): the order cannot be paid.
  auto moved = orders_.mark_failed(tx, order.id);
  if (!moved) return std::move(moved).error();
  count_order(tx, "failed");
  return ok();
}

Result<ReconcileReport> PaymentService::reconcile(std::chrono::milliseconds min_age, std::stop_token stop) {
  VEZA_TRY_VOID(require_gateway());
  ReconcileReport report;
  const Timestamp before = clock_.now() - min_age;
  auto orders = transact<std::vector<orders::Order>>(db_, TxMode::read, [&](Transaction& tx) {
    return tx.orders().list_by_status(orders::OrderStatus::pending_payment, before, kBatch);
  });
  if (!orders) return std::move(orders).error();
  for (const auto& order : *orders) {
    if (stop.stop_requested()) break;
    if (!order.payment_id) continue;
    ++report.payments_checked;
    auto info = gateway_->retrieve_payment(*order.payment_id, true);
    if (!info) {
      ++report.failures;
      continue;
    }
    auto applied = transact<WebhookOutcome>(db_, TxMode::write, [&](Transaction& tx) -> Result<WebhookOutcome> {
      if (!*info) {
        VEZA_TRY_VOID(payment_not_found(tx, order));
        return WebhookOutcome::applied;
      }
      return apply_payment(tx, **info);
    });
    if (!applied) ++report.failures;
    else if (*applied == WebhookOutcome::applied) ++report.payments_settled;
  }

  auto refunds = transact<std::vector<Refund>>(db_, TxMode::read,
                                               [&](Transaction& tx) { return tx.refunds().list_pending(before, kBatch); });
  if (!refunds) return std::move(refunds).error();
  for (const auto& refund : *refunds) {
    if (stop.stop_requested()) break;
    ++report.refunds_checked;
    auto info = gateway_->retrieve_refund(refund.provider_refund_id, true);
    if (!info) {
      ++report.failures;
      continue;
    }
    auto applied = transact<WebhookOutcome>(db_, TxMode::write, [&](Transaction& tx) -> Result<WebhookOutcome> {
      if (!*info) {
        // The provider never recorded it: nothing moved, so it fails and may be asked again.
        VEZA_TRY_VOID(tx.refunds().settle(refund.id, RefundState::failed, std::string("not_created"), clock_.now()));
        auto marked = tx.orders().set_refund_status(refund.order_id, orders::RefundStatus::failed, clock_.now());
        if (!marked) return std::move(marked).error();
        count_refund(tx, "failed");
        return WebhookOutcome::applied;
      }
      return apply_refund(tx, **info);
    });
    if (!applied) ++report.failures;
    else if (*applied == WebhookOutcome::applied) ++report.refunds_settled;
  }
  log_.log(LogLevel::info, "reconciliation done",
           {{"payments_checked", std::to_string(report.payments_checked)},
            {"payments_settled", std::to_string(report.payments_settled)},
            {"refunds_checked", std::to_string(report.refunds_checked)},
            {"refunds_settled", std::to_string(report.refunds_settled)},
            {"failures", std::to_string(report.failures)}});
  return report;
}

}  // namespace veza::payments
