#pragma once
#include <string>

#include <veza/core/clock.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/core/http_client.hpp>
#include <veza/payments/payment_gateway.hpp>

namespace veza::adapters {

struct HyperswitchOptions {
  std::string base_url;        // no trailing slash: https://sandbox.hyperswitch.io
  std::string api_key;         // sent as `api-key`, never logged
  std::string webhook_secret;  // the profile's payment_response_hash_key
};

// payments::PaymentGateway over the Hyperswitch v1 API, to the letter of
// ../shared/contracts/hyperswitch.md: our own payment_id/refund_id on every create, an explicit
// refund amount, GET before re-sending after an outcome we did not see (§5), POSTs never
// retried blindly, GETs retried by the RetryingHttpClient underneath.
class VEZA_API HyperswitchGateway final : public payments::PaymentGateway {
 public:
  HyperswitchGateway(HyperswitchOptions options, HttpClient& http, const Clock& clock, Logger& log,
                     Metrics* metrics);

  Result<payments::PaymentInfo> create_payment(const payments::NewPayment& payment) override;
  Result<std::optional<payments::PaymentInfo>> retrieve_payment(std::string_view payment_id, bool force_sync) override;
  Result<payments::RefundInfo> create_refund(const payments::NewRefund& refund) override;
  Result<std::optional<payments::RefundInfo>> retrieve_refund(std::string_view refund_id, bool force_sync) override;
  [[nodiscard]] bool verify_webhook(std::string_view raw_body, std::string_view signature) const override;
  Result<payments::WebhookEvent> parse_webhook(std::string_view raw_body) const override;

 private:
  Result<HttpResponse> call(std::string_view operation, std::string method, const std::string& path,
                                      std::string body);

  HyperswitchOptions options_;
  HttpClient& http_;
  const Clock& clock_;
  Logger& log_;
  Metrics* metrics_;
};

}  // namespace veza::adapters
