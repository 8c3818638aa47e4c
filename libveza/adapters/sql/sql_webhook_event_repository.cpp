#include "adapters/sql/sql_webhook_event_repository.hpp"

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

Result<bool> SqlWebhookEventRepository::contains(std::string_view provider_event_id) {
  return guarded("looking up a webhook event", [&]() -> Result<bool> {
    const std::string id(provider_event_id);
    int n = 0;
    sql_ << "SELECT COUNT(*) FROM webhook_events WHERE provider_event_id = :id", soci::use(id), soci::into(n);
    return n > 0;
  });
}

Result<bool> SqlWebhookEventRepository::insert_once(const payments::WebhookEventRecord& event) {
  auto id = new_row_id(event.id, "webhook event");
  if (!id) return std::move(id).error();
  auto r = guarded(
      "recording a webhook event",
      [&]() -> Result<bool> {
        const std::string when = format_timestamp(event.received_at);
        return with_savepoint(sql_, [&]() -> Result<bool> {
          sql_ << "INSERT INTO webhook_events (id, provider_event_id, event_type, outcome, received_at) "
                  "VALUES (:id, :event, :type, :outcome, :at)",
              soci::use(*id), soci::use(event.provider_event_id), soci::use(event.event_type),
              soci::use(event.outcome), soci::use(when);
          return true;
        });
      },
      {{"provider_event_id", "duplicate webhook event"}, {"webhook_events_provider_event_id_key", "duplicate webhook event"}});
  // A concurrent delivery of the same event won the insert: this one is the duplicate.
  if (!r && r.error().code == ErrorCode::conflict && r.error().message == "duplicate webhook event") return false;
  return r;
}

}  // namespace veza::adapters
