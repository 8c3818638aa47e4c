#pragma once
// The contract's JSON (v1 API): request bodies with exactly the fields it lists (requests are
// deny_unknown_fields), and loose parsing of responses (unknown fields ignored, nulls allowed).
#include <optional>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>
#include <veza/payments/payment_gateway.hpp>

namespace veza::adapters::hyperswitch {

std::string payment_request_json(const payments::NewPayment& p);
std::string refund_request_json(const payments::NewRefund& r);

// {"error":{"type"|"error_type":…,"message":…,"code":…}}: the code when the body carries an
// error object (a blocked payment does so with HTTP 200), else nullopt.
std::optional<std::string> error_code(std::string_view body);

Result<payments::PaymentInfo> parse_payment(std::string_view body);
Result<payments::RefundInfo> parse_refund(std::string_view body);
Result<payments::WebhookEvent> parse_webhook(std::string_view body);

}  // namespace veza::adapters::hyperswitch
