#pragma once
#include <soci/soci.h>

#include <veza/payments/refund.hpp>

namespace veza::adapters {

// payments::WebhookEventRepository: UNIQUE(provider_event_id) is the dedup.
class SqlWebhookEventRepository final : public payments::WebhookEventRepository {
 public:
  explicit SqlWebhookEventRepository(soci::session& sql) : sql_(sql) {}
  Result<bool> contains(std::string_view provider_event_id) override;
  Result<bool> insert_once(const payments::WebhookEventRecord& event) override;

 private:
  soci::session& sql_;
};

}  // namespace veza::adapters
