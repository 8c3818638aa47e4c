// PaymentService: construction, checkout and listing. Settlement (the effect of a provider
// answer) is in settlement.cpp, shared by webhooks, refunds and reconciliation.
#include <veza/payments/payment_service.hpp>

#include <utility>

#include <veza/payments/refund.hpp>

namespace veza::payments {

std::string_view to_string(WebhookOutcome o) noexcept {
  switch (o) {
    case WebhookOutcome::applied: return "applied";
    case WebhookOutcome::duplicate: return "duplicate";
    case WebhookOutcome::ignored: return "ignored";
    case WebhookOutcome::rejected_mismatch: return "rejected_mismatch";
  }
  return "ignored";
}

PaymentService::PaymentService(Database& db, orders::OrderService& orders, PaymentGateway* gateway, IdGenerator& ids,
                               const Clock& clock, Logger& log, Metrics* metrics, PaymentOptions options)
    : db_(db), orders_(orders), gateway_(gateway), ids_(ids), clock_(clock), log_(log), metrics_(metrics),
      options_(options) {}

Result<void> PaymentService::require_gateway() const {
  if (!gateway_) {
    return make_error(ErrorCode::unavailable,
                      "payments are not configured on this server (set HYPERSWITCH_API_KEY)", "payments_disabled");
  }
  return ok();
}

void PaymentService::count_refund(std::string_view status) {
  if (metrics_) metrics_->counter("veza_refunds_total", "Refunds by status reached", {{"status", std::string(status)}}).increment();
}

void PaymentService::count_order(std::string_view status) {
  if (metrics_) metrics_->counter("veza_orders_total", "Orders by status reached", {{"status", std::string(status)}}).increment();
}

void PaymentService::count_refund(Transaction& tx, std::string_view status) {
  tx.after_commit([this, s = std::string(status)] { count_refund(s); });
}

void PaymentService::count_order(Transaction& tx, std::string_view status) {
  tx.after_commit([this, s = std::string(status)] { count_order(s); });
}

Result<Checkout> PaymentService::checkout(const identity::User& buyer, const CheckoutRequest& request) {
  VEZA_TRY_VOID(require_gateway());
  // Ours, 1..64 characters of [A-Za-z0-9_-] (contract §3), stored with the order before the
  // provider hears of it: a lost answer is then looked up, never charged twice.
  std::string payment_id = "pay_" + ids_.next();
  orders::CheckoutOptions options;
  options.withdrawal_waiver = request.withdrawal_waiver;
  options.payment_id = payment_id;
  auto order = orders_.create(buyer.id, request.product_ids, options);
  if (!order) return std::move(order).error();
  count_order("pending_payment");

  NewPayment payment;
  payment.payment_id = payment_id;
  payment.amount_cents = order->total_cents;
  payment.currency = std::string(order->currency.code());
  payment.order_id = order->id;
  payment.description = "Veza order " + order->id;
  auto created = gateway_->create_payment(payment);
  if (!created) {
    log_.log(LogLevel::warn, "payment creation failed; the order stays pending for reconciliation",
             {{"order_id", order->id}, {"payment_id", payment_id}, {"reason", created.error().message}});
    return std::move(created).error();
  }
  Checkout out;
  out.payment_id = payment_id;
  out.client_secret = created->client_secret;
  if (is_final_payment_status(created->status)) {
    // An instant outcome is applied exactly as its webhook would be.
    auto applied = transact<WebhookOutcome>(db_, TxMode::write, [&](Transaction& tx) { return apply_payment(tx, *created); });
    if (!applied) return std::move(applied).error();
  }
  auto now = orders_.get(order->id);
  if (!now) return std::move(now).error();
  out.order = std::move(*now);
  return out;
}

Result<std::vector<Refund>> PaymentService::list_refunds(const identity::User& viewer, std::string_view order_id,
                                                         std::size_t limit) {
  if (limit < 1 || limit > 1000) return make_error(ErrorCode::validation_failed, "limit must be between 1 and 1000");
  const bool admin = viewer.role == identity::Role::admin;
  if (order_id.empty() && !admin) return make_error(ErrorCode::forbidden, "only an admin lists every refund");
  if (!order_id.empty()) {
    auto order = orders_.get_for(order_id, viewer);  // someone else's order is not_found
    if (!order) return std::move(order).error();
  }
  return transact<std::vector<Refund>>(db_, TxMode::read, [&](Transaction& tx) -> Result<std::vector<Refund>> {
    if (order_id.empty()) return tx.refunds().list(limit);
    auto all = tx.refunds().list_for_order(order_id);
    if (!all) return all;
    if (all->size() > limit) all->resize(limit);
    return all;
  });
}

}  // namespace veza::payments
