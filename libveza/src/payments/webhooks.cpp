// Signed webhooks (contract §7): signature over the raw bytes first, then the event id stored
// once and its effect applied in the same transaction, so a redelivery changes nothing.
#include <veza/payments/payment_service.hpp>

namespace veza::payments {

Result<WebhookOutcome> PaymentService::handle_webhook(std::string_view raw_body,
                                                      std::optional<std::string_view> signature) {
  VEZA_TRY_VOID(require_gateway());
  const auto count = [&](std::string_view type, std::string_view outcome) {
    if (metrics_) {
      metrics_
          ->counter("veza_webhooks_received_total", "Provider webhooks by event type and outcome",
                    {{"event_type", std::string(type)}, {"outcome", std::string(outcome)}})
          .increment();
    }
  };
  if (!signature || !gateway_->verify_webhook(raw_body, *signature)) {
    // Nothing in an unverified body is trusted, not even its event type.
    count("unknown", "rejected_signature");
    log_.log(LogLevel::warn, "webhook with a missing or wrong signature; rejected");
    return make_error(ErrorCode::unauthenticated, "the webhook signature is missing or wrong");
  }
  auto event = gateway_->parse_webhook(raw_body);
  if (!event) return std::move(event).error();
  // Event types are a closed set for the metric's cardinality: unknown ones are counted as such.
  const bool known_type = event->kind != WebhookKind::other;
  const std::string type_label = known_type ? event->event_type : "other";

  auto outcome = transact<WebhookOutcome>(db_, TxMode::write, [&](Transaction& tx) -> Result<WebhookOutcome> {
    auto seen = tx.webhook_events().contains(event->event_id);
    if (!seen) return std::move(seen).error();
    if (*seen) return WebhookOutcome::duplicate;
    Result<WebhookOutcome> applied = WebhookOutcome::ignored;
    if (event->kind == WebhookKind::payment) applied = apply_payment(tx, event->payment);
    if (event->kind == WebhookKind::refund) applied = apply_refund(tx, event->refund);
    // An error rolls the event back too, so the provider's redelivery tries again.
    if (!applied) return applied;
    WebhookEventRecord record;
    record.id = ids_.next();
    record.provider_event_id = event->event_id;
    record.event_type = event->event_type;
    record.outcome = std::string(to_string(*applied));
    record.received_at = clock_.now();
    auto inserted = tx.webhook_events().insert_once(record);
    if (!inserted) return std::move(inserted).error();
    if (!*inserted) return make_error(ErrorCode::conflict, "duplicate webhook event", "duplicate_event");
    return applied;
  });
  if (!outcome && outcome.error().detail == "duplicate_event") outcome = WebhookOutcome::duplicate;
  if (!outcome) {
    log_.log(LogLevel::error, "webhook could not be applied",
             {{"event_id", event->event_id}, {"reason", outcome.error().message}});
    return outcome;
  }
  count(type_label, to_string(*outcome));
  log_.log(LogLevel::info, "webhook handled",
           {{"event_id", event->event_id}, {"event_type", event->event_type}, {"outcome", std::string(to_string(*outcome))}});
  return outcome;
}

}  // namespace veza::payments
