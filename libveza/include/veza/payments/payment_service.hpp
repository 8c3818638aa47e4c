#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/identity/user.hpp>
#include <veza/orders/order_service.hpp>
#include <veza/payments/payment_gateway.hpp>
#include <veza/payments/refund.hpp>
#include <veza/persistence/database.hpp>

namespace veza::payments {

struct PaymentOptions {
  int refund_window_days = 14;  // VEZA_REFUND_WINDOW_DAYS: buyer-initiated refunds
};

struct CheckoutRequest {
  std::vector<std::string> product_ids;
  bool withdrawal_waiver = false;
};

struct Checkout {
  orders::Order order;
  std::string payment_id;
  std::optional<std::string> client_secret;
};

// {"reason"} refunds what is left; with `product_ids` those lines in full (their licences go);
// with `amount_cents` a goodwill amount (licences kept). Not both.
struct RefundRequest {
  std::string order_id;
  std::string reason;
  std::vector<std::string> product_ids;
  std::optional<std::int64_t> amount_cents;
};

enum class WebhookOutcome { applied, duplicate, ignored, rejected_mismatch };
VEZA_API std::string_view to_string(WebhookOutcome o) noexcept;

struct ReconcileReport {
  std::size_t payments_checked = 0, payments_settled = 0;
  std::size_t refunds_checked = 0, refunds_settled = 0;
  std::size_t failures = 0;  // lookups that failed; retried on the next run
};

// The money path: checkout, signed webhooks, refunds and reconciliation, over the
// PaymentGateway port and OrderService's transitions (the seam: licences and participants).
// Without a gateway (payments not configured) every entry point answers `unavailable`.
class VEZA_API PaymentService {
 public:
  PaymentService(Database& db, orders::OrderService& orders, PaymentGateway* gateway, IdGenerator& ids,
                 const Clock& clock, Logger& log, Metrics* metrics, PaymentOptions options);

  [[nodiscard]] bool enabled() const noexcept { return gateway_ != nullptr; }

  // A pending_payment order whose payment_id is chosen and stored before the provider is
  // called. A provider failure is `upstream_failed` and leaves the order pending for
  // reconciliation.
  Result<Checkout> checkout(const identity::User& buyer, const CheckoutRequest& request);

  // Verifies the signature over the raw body first (`unauthenticated` when missing or wrong),
  // then stores the event id once and applies it, in one transaction.
  Result<WebhookOutcome> handle_webhook(std::string_view raw_body, std::optional<std::string_view> signature);

  // Records the refund (pending) first, then calls the provider with our id as its refund_id.
  // One in flight per order (`conflict`, detail refund_in_flight). Buyer rules: the window
  // (`forbidden`, refund_window_closed) and the waiver (`forbidden`, withdrawal_waiver_downloaded).
  Result<Refund> request_refund(const identity::User& actor, const RefundRequest& request);
  // The viewer's refunds of one order (buyer or admin), or all refunds (admin, empty order id).
  Result<std::vector<Refund>> list_refunds(const identity::User& viewer, std::string_view order_id, std::size_t limit);

  // Asks the provider about every payment and refund pending longer than `min_age` and
  // applies the answer as a webhook would (refunds with force_sync). Once `stop` is requested
  // it makes no further provider call and returns what it did so far.
  Result<ReconcileReport> reconcile(std::chrono::milliseconds min_age, std::stop_token stop = {});

 private:
  Result<WebhookOutcome> apply_payment(Transaction& tx, const PaymentInfo& info);
  Result<WebhookOutcome> apply_refund(Transaction& tx, const RefundInfo& info);
  Result<void> payment_not_found(Transaction& tx, const orders::Order& order);
  // veza_orders_total / veza_refunds_total; the Transaction& forms count once the change
  // commits, so a rolled-back transaction (or a retried one) never counts.
  void count_order(std::string_view status);
  void count_refund(std::string_view status);
  void count_order(Transaction& tx, std::string_view status);
  void count_refund(Transaction& tx, std::string_view status);
  Result<void> require_gateway() const;

  Database& db_;
  orders::OrderService& orders_;
  PaymentGateway* gateway_;
  IdGenerator& ids_;
  const Clock& clock_;
  Logger& log_;
  Metrics* metrics_;
  PaymentOptions options_;
};

}  // namespace veza::payments
