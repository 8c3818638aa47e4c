#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza::payments {

// What we ask the provider to charge. `payment_id` is ours, chosen and stored before the call,
// so a lost answer can be looked up instead of charging twice.
struct NewPayment {
  std::string payment_id;
  std::int64_t amount_cents = 0;  // minor units
  std::string currency;           // ISO 4217, upper case
  std::string order_id;           // echoed in metadata
  std::string description;
};

struct PaymentInfo {
  std::string payment_id;
  std::string status;  // the provider's word: succeeded, failed, processing, …
  std::int64_t amount_cents = 0;
  std::string currency;
  std::optional<std::string> client_secret;  // for the buyer's browser; never logged
};

struct NewRefund {
  std::string refund_id;  // ours, stored before the call
  std::string payment_id;
  std::int64_t amount_cents = 0;  // always explicit: an omitted amount means "everything captured"
  std::string reason;
  std::string order_id;
};

struct RefundInfo {
  std::string refund_id;
  std::string payment_id;
  std::string status;  // pending | succeeded | failed | review (others: not final)
  std::int64_t amount_cents = 0;
  std::string currency;
  std::optional<std::string> error_code;
};

enum class WebhookKind { payment, refund, other };

// A webhook whose signature was verified, as the domain needs it.
struct WebhookEvent {
  std::string event_id;
  std::string event_type;  // the provider's exact name, e.g. refund_succeeded
  WebhookKind kind = WebhookKind::other;
  PaymentInfo payment;  // kind == payment
  RefundInfo refund;    // kind == refund
};

// Port: the payment switch. Errors: `upstream_failed` (the provider refused or failed; detail
// `outcome_unknown` when a create's outcome could not be seen even after looking it up, so the
// local record must stay pending for reconciliation), `unavailable` (not configured).
class VEZA_API PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  // Idempotent on payment_id: after an unseen outcome it looks the id up before sending again.
  virtual Result<PaymentInfo> create_payment(const NewPayment& payment) = 0;
  // nullopt when the provider has no such payment.
  virtual Result<std::optional<PaymentInfo>> retrieve_payment(std::string_view payment_id, bool force_sync) = 0;
  // Idempotent on refund_id, the same way.
  virtual Result<RefundInfo> create_refund(const NewRefund& refund) = 0;
  virtual Result<std::optional<RefundInfo>> retrieve_refund(std::string_view refund_id, bool force_sync) = 0;
  // Checks the signature over the raw body bytes, before anything is parsed.
  [[nodiscard]] virtual bool verify_webhook(std::string_view raw_body, std::string_view signature) const = 0;
  // Parses a verified body; `invalid_argument` when it is not an envelope we understand.
  virtual Result<WebhookEvent> parse_webhook(std::string_view raw_body) const = 0;
};

// Lowercase hex HMAC-SHA512 of `body` under `key` (the contract's X-Webhook-Signature-512).
VEZA_API std::string hmac_sha512_hex(std::string_view key, std::string_view body);
// Constant-time comparison of the expected signature with `signature_hex` (any case).
VEZA_API bool verify_hmac_sha512_hex(std::string_view key, std::string_view body, std::string_view signature_hex);

// The provider's payment/refund status words that no later event can change.
VEZA_API bool is_final_payment_status(std::string_view status) noexcept;
VEZA_API bool is_final_refund_status(std::string_view status) noexcept;

}  // namespace veza::payments
