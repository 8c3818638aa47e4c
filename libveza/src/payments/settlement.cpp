// The effect of a provider answer on our records, whoever brought it (webhook, the refund
// call's own answer, reconciliation): each runs inside the caller's transaction and is
// idempotent, keyed on payment_id / refund_id plus the final status (contract §7).
#include <veza/payments/payment_service.hpp>

#include <utility>

namespace veza::payments {
namespace {

bool paid_status(std::string_view s) { return s == "succeeded" || s == "partially_captured"; }

Result<std::int64_t> refunded_or_pending(Transaction& tx, std::string_view order_id, bool succeeded_only) {
  auto all = tx.refunds().list_for_order(order_id);
  if (!all) return std::move(all).error();
  std::int64_t sum = 0;
  for (const auto& r : *all) {
    if (r.status == RefundState::succeeded || (!succeeded_only && r.status == RefundState::pending)) sum += r.amount_cents;
  }
  return sum;
}

}  // namespace

Result<WebhookOutcome> PaymentService::apply_payment(Transaction& tx, const PaymentInfo& info) {
  auto found = tx.orders().find_by_payment_id(info.payment_id);
  if (!found) return std::move(found).error();
  if (!*found) {
    log_.log(LogLevel::info, "payment event for a payment we do not know; ignored", {{"payment_id", info.payment_id}});
    return WebhookOutcome::ignored;
  }
  const orders::Order& order = **found;
  if (info.amount_cents != order.total_cents || info.currency != order.currency.code()) {
    log_.log(LogLevel::warn, "payment event amount or currency does not match the order; rejected",
             {{"order_id", order.id},
              {"payment_id", info.payment_id},
              {"expected", std::to_string(order.total_cents) + " " + std::string(order.currency.code())},
              {"got", std::to_string(info.amount_cents) + " " + info.currency}});
    return WebhookOutcome::rejected_mismatch;
  }
  const bool pending = order.status == orders::OrderStatus::pending_payment;
  if (paid_status(info.status)) {
    if (!pending) {
      if (order.status == orders::OrderStatus::failed || order.status == orders::OrderStatus::cancelled) {
        // Money taken for an order we gave up on: an operator must refund it by hand.
        log_.log(LogLevel::error, "payment succeeded for an order that is no longer payable",
                 {{"order_id", order.id}, {"status", std::string(orders::to_string(order.status))}});
        return WebhookOutcome::ignored;
      }
      return WebhookOutcome::duplicate;  // paid already, or refunded since: never backwards
    }
    auto paid = orders_.mark_paid(tx, order.id);
    if (!paid) return std::move(paid).error();
    count_order(tx, "paid");
    return WebhookOutcome::applied;
  }
  const bool failed = info.status == "failed" || info.status == "expired";
  const bool cancelled = info.status == "cancelled" || info.status == "cancelled_post_capture";
  if (!failed && !cancelled) return WebhookOutcome::ignored;  // not final: a later event or a poll settles it
  if (!pending) return WebhookOutcome::duplicate;
  auto moved = failed ? orders_.mark_failed(tx, order.id) : orders_.cancel(tx, order.id);
  if (!moved) return std::move(moved).error();
  count_order(tx, failed ? "failed" : "cancelled");
  return WebhookOutcome::applied;
}

Result<WebhookOutcome> PaymentService::apply_refund(Transaction& tx, const RefundInfo& info) {
  const Timestamp now = clock_.now();
  auto known = tx.refunds().find_by_provider_id(info.refund_id);
  if (!known) return std::move(known).error();
  std::optional<Refund> refund = std::move(*known);
  const bool final = is_final_refund_status(info.status);

  if (!refund) {
    // A refund made in the provider's dashboard: recorded and applied like our own.
    auto order = tx.orders().find_by_payment_id(info.payment_id);
    if (!order) return std::move(order).error();
    if (!*order || !final) return WebhookOutcome::ignored;
    auto taken = refunded_or_pending(tx, (*order)->id, false);
    if (!taken) return std::move(taken).error();
    if (info.currency != (*order)->currency.code() || info.amount_cents <= 0 ||
        (info.status == "succeeded" && info.amount_cents > (*order)->total_cents - *taken)) {
      log_.log(LogLevel::warn, "refund event amount or currency does not match the order; rejected",
               {{"order_id", (*order)->id}, {"refund_id", info.refund_id}});
      return WebhookOutcome::rejected_mismatch;
    }
    Refund r;
    r.id = ids_.next();
    r.order_id = (*order)->id;
    r.payment_id = info.payment_id;
    r.provider_refund_id = info.refund_id;
    r.kind = RefundKind::external;
    r.amount_cents = info.amount_cents;
    r.currency = info.currency;
    r.status = RefundState::pending;  // settled just below, through the same path as ours
    r.reason = "made in the payment provider's dashboard";
    r.created_at = now;
    r.updated_at = now;
    // Inserted already final when ours is in flight: the one-pending index must not refuse it.
    auto pending = tx.refunds().list_for_order(r.order_id);
    if (!pending) return std::move(pending).error();
    bool busy = false;
    for (const auto& p : *pending) busy = busy || p.status == RefundState::pending;
    if (busy) r.status = info.status == "succeeded" ? RefundState::succeeded : RefundState::failed;
    VEZA_TRY_VOID(tx.refunds().insert(r));
    refund = r;
  } else if (info.amount_cents != refund->amount_cents || info.currency != refund->currency) {
    log_.log(LogLevel::warn, "refund event amount or currency does not match our refund; rejected",
             {{"refund_id", refund->id},
              {"expected", std::to_string(refund->amount_cents) + " " + refund->currency},
              {"got", std::to_string(info.amount_cents) + " " + info.currency}});
    return WebhookOutcome::rejected_mismatch;
  } else if (refund->status != RefundState::pending) {
    return WebhookOutcome::duplicate;
  }
  if (!final) return WebhookOutcome::ignored;

  if (info.status == "failed") {
    if (refund->status == RefundState::pending) {
      VEZA_TRY_VOID(tx.refunds().settle(refund->id, RefundState::failed, info.error_code, now));
    }
    auto marked = tx.orders().set_refund_status(refund->order_id, orders::RefundStatus::failed, now);
    if (!marked) return std::move(marked).error();
    count_refund(tx, "failed");
    return WebhookOutcome::applied;
  }
  if (refund->status == RefundState::pending) {
    VEZA_TRY_VOID(tx.refunds().settle(refund->id, RefundState::succeeded, std::nullopt, now));
  }
  auto order = tx.orders().find_by_id(refund->order_id);
  if (!order) return std::move(order).error();
  if (!*order) return make_error(ErrorCode::internal, "refund " + refund->id + " names a missing order");
  // A refund can only follow a successful payment: a refund event that overtook the payment
  // event settles the payment first.
  if ((*order)->status == orders::OrderStatus::pending_payment) {
    auto paid = orders_.mark_paid(tx, (*order)->id);
    if (!paid) return std::move(paid).error();
  }
  auto refunded = refunded_or_pending(tx, refund->order_id, true);
  if (!refunded) return std::move(refunded).error();
  orders::RefundSettlement settlement;
  settlement.full = *refunded >= (*order)->total_cents;
  if (refund->kind == RefundKind::items) settlement.revoke_product_ids = refund->product_ids;
  settlement.amount_cents = refund->amount_cents;  // what the credit note states
  auto settled = orders_.settle_refund(tx, refund->order_id, settlement);
  if (!settled) return std::move(settled).error();
  count_refund(tx, "succeeded");
  count_order(tx, orders::to_string(settled->status));
  return WebhookOutcome::applied;
}

}  // namespace veza::payments
