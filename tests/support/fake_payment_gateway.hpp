#pragma once
// The PaymentGateway port in memory: payments and refunds as the provider would hold them,
// switches to fail or to answer instantly, and signed-webhook helpers over the real HMAC.
#include <map>
#include <optional>
#include <string>

#include <veza/payments/payment_gateway.hpp>

namespace veza::testing {

class FakePaymentGateway final : public payments::PaymentGateway {
 public:
  std::string secret = "whsec_test";
  std::map<std::string, payments::PaymentInfo> payments;
  std::map<std::string, payments::RefundInfo> refunds;
  std::string refund_answer_status = "pending";  // what a new refund comes back as
  std::optional<Error> fail_next;                // the next create fails with this error
  int creates = 0;

  Result<payments::PaymentInfo> create_payment(const payments::NewPayment& p) override {
    ++creates;
    if (fail_next) return take_failure();
    payments::PaymentInfo info{p.payment_id, "requires_payment_method", p.amount_cents, p.currency,
                               p.payment_id + "_secret_x"};
    payments[p.payment_id] = info;
    return info;
  }
  Result<std::optional<payments::PaymentInfo>> retrieve_payment(std::string_view id, bool) override {
    const auto it = payments.find(std::string(id));
    if (it == payments.end()) return std::optional<payments::PaymentInfo>{};
    return std::optional<payments::PaymentInfo>{it->second};
  }
  Result<payments::RefundInfo> create_refund(const payments::NewRefund& r) override {
    ++creates;
    if (fail_next) return take_failure();
    const auto& p = payments.at(r.payment_id);
    payments::RefundInfo info{r.refund_id, r.payment_id, refund_answer_status, r.amount_cents, p.currency, {}};
    refunds[r.refund_id] = info;
    return info;
  }
  Result<std::optional<payments::RefundInfo>> retrieve_refund(std::string_view id, bool) override {
    const auto it = refunds.find(std::string(id));
    if (it == refunds.end()) return std::optional<payments::RefundInfo>{};
    return std::optional<payments::RefundInfo>{it->second};
  }
  [[nodiscard]] bool verify_webhook(std::string_view body, std::string_view signature) const override {
    return payments::verify_hmac_sha512_hex(secret, body, signature);
  }
  Result<payments::WebhookEvent> parse_webhook(std::string_view body) const override;  // fake_payment_gateway.cpp

  [[nodiscard]] std::string sign(std::string_view body) const { return payments::hmac_sha512_hex(secret, body); }

 private:
  Error take_failure() {
    Error e = *fail_next;
    fail_next.reset();
    return e;
  }
};

// A webhook body in the contract's envelope for a payment or refund object.
std::string payment_event_json(const std::string& event_id, const std::string& event_type,
                               const payments::PaymentInfo& p);
std::string refund_event_json(const std::string& event_id, const std::string& event_type, const payments::RefundInfo& r);

}  // namespace veza::testing
