// POST /orders/{id}/refund: rules, then the refund recorded (pending) before the provider is
// called with our id, then the provider's answer applied at once when it is already final.
#include <veza/payments/payment_service.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

#include <veza/core/text.hpp>

namespace veza::payments {
namespace {

constexpr std::size_t kMaxReasonChars = 255;

Error refused(std::string message, std::string detail) {
  return make_error(ErrorCode::forbidden, std::move(message), std::move(detail));
}

}  // namespace

Result<Refund> PaymentService::request_refund(const identity::User& actor, const RefundRequest& request) {
  VEZA_TRY_VOID(require_gateway());
  const std::string_view reason = trim(request.reason);
  if (reason.empty() || reason.size() > kMaxReasonChars) {
    return make_error(ErrorCode::validation_failed, "a refund needs a reason of 1..255 characters");
  }
  if (!request.product_ids.empty() && request.amount_cents) {
    return make_error(ErrorCode::validation_failed, "refund either items or an amount, not both");
  }
  if (request.amount_cents && *request.amount_cents <= 0) {
    return make_error(ErrorCode::validation_failed, "amount_cents must be greater than 0");
  }
  const bool admin = actor.role == identity::Role::admin;
  const Timestamp now = clock_.now();

  auto recorded = transact<Refund>(db_, TxMode::write, [&](Transaction& tx) -> Result<Refund> {
    // Someone else's order answers exactly like a missing one, so ids do not leak.
    const auto no_order = [&] {
      return make_error(ErrorCode::not_found, "no order with id " + request.order_id.substr(0, 64));
    };
    if (!is_uuid(request.order_id)) return no_order();
    auto found = tx.orders().find_by_id(request.order_id);
    if (!found) return std::move(found).error();
    if (!*found || ((*found)->buyer_id != actor.id && !admin)) return no_order();
    orders::Order* order = &**found;
    if (order->status != orders::OrderStatus::paid && order->status != orders::OrderStatus::partially_refunded) {
      return make_error(ErrorCode::conflict,
                        "order " + order->id + " is " + std::string(orders::to_string(order->status)) +
                            "; only a paid order can be refunded",
                        "state_invalid");
    }
    if (!admin) {
      const auto window = std::chrono::hours(24) * options_.refund_window_days;
      if (now - order->created_at > window) {
        return refused("the refund window of " + std::to_string(options_.refund_window_days) +
                           " days after purchase has closed; ask support",
                       "refund_window_closed");
      }
      if (order->withdrawal_waiver_at) {
        auto licences = tx.licences().list_for_order(order->id);
        if (!licences) return std::move(licences).error();
        for (const auto& l : *licences) {
          if (l.first_downloaded_at) {
            return refused("you waived the right of withdrawal at checkout and have downloaded the file",
                           "withdrawal_waiver_downloaded");
          }
        }
      }
    }
    auto previous = tx.refunds().list_for_order(order->id);
    if (!previous) return std::move(previous).error();
    std::int64_t taken = 0;
    std::vector<std::string> refunded_lines;
    for (const auto& r : *previous) {
      if (r.status == RefundState::pending) {
        return make_error(ErrorCode::conflict, "a refund of this order is already in flight", "refund_in_flight");
      }
      if (r.status == RefundState::succeeded) {
        taken += r.amount_cents;
        refunded_lines.insert(refunded_lines.end(), r.product_ids.begin(), r.product_ids.end());
      }
    }
    const std::int64_t remaining = order->total_cents - taken;
    Refund refund;
    refund.amount_cents = remaining;
    refund.kind = RefundKind::whole;
    if (!request.product_ids.empty()) {
      refund.kind = RefundKind::items;
      refund.amount_cents = 0;
      for (const auto& product_id : request.product_ids) {
        const auto line = std::find_if(order->items.begin(), order->items.end(),
                                       [&](const orders::OrderItem& i) { return i.product_id == product_id; });
        if (line == order->items.end()) {
          return make_error(ErrorCode::validation_failed, "product " + product_id.substr(0, 64) + " is not in this order");
        }
        if (std::find(refunded_lines.begin(), refunded_lines.end(), product_id) != refunded_lines.end() ||
            std::find(refund.product_ids.begin(), refund.product_ids.end(), product_id) != refund.product_ids.end()) {
          return make_error(ErrorCode::conflict, "product " + product_id + " is already refunded", "already_refunded");
        }
        refund.product_ids.push_back(product_id);
        refund.amount_cents += line->unit_gross_cents;
      }
    } else if (request.amount_cents) {
      refund.kind = RefundKind::amount;
      refund.amount_cents = *request.amount_cents;
    }
    if (remaining <= 0) return make_error(ErrorCode::conflict, "this order has nothing left to refund", "nothing_to_refund");
    if (refund.amount_cents > remaining) {
      return make_error(ErrorCode::validation_failed,
                        "at most " + std::to_string(remaining) + " can still be refunded on this order",
                        "refund_exceeds_remaining");
    }
    refund.id = ids_.next();
    refund.order_id = order->id;
    refund.payment_id = order->payment_id.value_or("");
    if (refund.payment_id.empty()) return make_error(ErrorCode::conflict, "this order has no payment to refund", "state_invalid");
    refund.provider_refund_id = refund.id;  // ours, ≤ 64 characters: the provider's refund_id
    refund.currency = std::string(order->currency.code());
    refund.status = RefundState::pending;
    refund.reason = std::string(reason);
    refund.requested_by = actor.id;
    refund.created_at = now;
    refund.updated_at = now;
    VEZA_TRY_VOID(tx.refunds().insert(refund));
    auto marked = tx.orders().set_refund_status(order->id, orders::RefundStatus::pending, now);
    if (!marked) return std::move(marked).error();
    return refund;
  });
  if (!recorded) return recorded;
  count_refund("pending");

  NewRefund call;
  call.refund_id = recorded->provider_refund_id;
  call.payment_id = recorded->payment_id;
  call.amount_cents = recorded->amount_cents;
  call.reason = recorded->reason;
  call.order_id = recorded->order_id;
  auto answer = gateway_->create_refund(call);
  if (!answer) {
    if (answer.error().detail == "provider_refused") {
      // A definite no: nothing moved, so the refund fails now and the order may be refunded again.
      auto failed = db_.run(TxMode::write, [&](Transaction& tx) -> Result<void> {
        VEZA_TRY_VOID(tx.refunds().settle(recorded->id, RefundState::failed, answer.error().message.substr(0, 64), clock_.now()));
        auto marked = tx.orders().set_refund_status(recorded->order_id, orders::RefundStatus::failed, clock_.now());
        if (!marked) return std::move(marked).error();
        return ok();
      });
      if (!failed) return std::move(failed).error();
      count_refund("failed");
    }
    // Otherwise the outcome is unknown: the refund stays pending and reconciliation settles it.
    return std::move(answer).error();
  }
  if (is_final_refund_status(answer->status)) {
    auto applied = transact<WebhookOutcome>(db_, TxMode::write, [&](Transaction& tx) { return apply_refund(tx, *answer); });
    if (!applied) return std::move(applied).error();
  }
  return transact<Refund>(db_, TxMode::read, [&](Transaction& tx) -> Result<Refund> {
    auto now_stored = tx.refunds().find_by_id(recorded->id);
    if (!now_stored) return std::move(now_stored).error();
    if (!*now_stored) return make_error(ErrorCode::internal, "refund " + recorded->id + " vanished");
    return std::move(**now_stored);
  });
}

}  // namespace veza::payments
