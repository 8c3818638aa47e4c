#include "adapters/hyperswitch/hyperswitch_gateway.hpp"

#include <chrono>
#include <utility>

#include "adapters/hyperswitch/hyperswitch_json.hpp"

namespace veza::adapters {
namespace {

// A create whose answer we did not see: a failed exchange, a 5xx, or the per-payment lock's
// 422 HE_00 ("resource busy"). The object may or may not exist: look it up before deciding.
bool outcome_unseen(const Result<HttpResponse>& r) {
  if (!r) return true;
  if (r->status >= 500) return true;
  return r->status == 422 && hyperswitch::error_code(r->body) == "HE_00";
}

Error refused(std::string_view what, const HttpResponse& r) {
  const std::string code = hyperswitch::error_code(r.body).value_or("none");
  // The code and status only: the message text may echo request data, and we branch on codes.
  return make_error(ErrorCode::upstream_failed,
                    "Hyperswitch refused the " + std::string(what) + " (HTTP " + std::to_string(r.status) +
                        ", code " + code + ")",
                    "provider_refused");
}

Error unknown_outcome(std::string_view what, std::string_view id) {
  return make_error(ErrorCode::upstream_failed,
                    "Hyperswitch did not answer for " + std::string(what) + " " + std::string(id) +
                        "; it stays pending until reconciliation settles it",
                    "outcome_unknown");
}

Error unreachable(std::string_view what, const Result<HttpResponse>& r) {
  if (!r) return make_error(ErrorCode::upstream_failed, "Hyperswitch " + std::string(what) + ": " + r.error().message,
                            r.error().detail);
  return make_error(ErrorCode::upstream_failed,
                    "Hyperswitch " + std::string(what) + " failed with HTTP " + std::to_string(r->status),
                    "http_error");
}

}  // namespace

HyperswitchGateway::HyperswitchGateway(HyperswitchOptions options, HttpClient& http, const Clock& clock,
                                       Logger& log, Metrics* metrics)
    : options_(std::move(options)), http_(http), clock_(clock), log_(log), metrics_(metrics) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') options_.base_url.pop_back();
}

Result<HttpResponse> HyperswitchGateway::call(std::string_view operation, std::string method,
                                                        const std::string& path, std::string body) {
  HttpRequest req;
  req.method = std::move(method);
  req.url = options_.base_url + path;
  req.headers = {{"api-key", options_.api_key}, {"Accept", "application/json"}};
  if (req.method != "GET") req.headers.emplace_back("Content-Type", "application/json");
  req.body = std::move(body);
  req.retry_safe = req.method == "GET";  // a POST is re-sent only after the GET check below
  const auto started = clock_.monotonic();
  auto r = http_.send(req);
  const std::string outcome = !r ? (r.error().detail == "timeout" ? "timeout" : "http_error")
                                 : (r->status >= 400 && r->status != 404 ? "http_error" : "ok");
  if (metrics_) {
    const double seconds = std::chrono::duration<double>(clock_.monotonic() - started).count();
    metrics_
        ->histogram("veza_payment_gateway_request_seconds", "Hyperswitch API calls by operation and outcome",
                    {{"operation", std::string(operation)}, {"outcome", outcome}}, default_latency_buckets())
        .observe(seconds);
  }
  if (outcome != "ok") {
    log_.log(LogLevel::warn, "payment gateway call failed",
             {{"operation", std::string(operation)},
              {"status", r ? std::to_string(r->status) : std::string("none")},
              {"reason", r ? hyperswitch::error_code(r->body).value_or("") : r.error().message}});
  }
  return r;
}

Result<payments::PaymentInfo> HyperswitchGateway::create_payment(const payments::NewPayment& payment) {
  const std::string body = hyperswitch::payment_request_json(payment);
  // At most two POSTs with the same payment_id, each after a GET proved the first did not land.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto r = call("create_payment", "POST", "/payments", body);
    if (r && r->status == 200 && !hyperswitch::error_code(r->body)) return hyperswitch::parse_payment(r->body);
    const bool duplicate = r && r->status == 400 && hyperswitch::error_code(r->body) == "HE_01";
    if (!duplicate && !outcome_unseen(r)) return refused("payment", *r);
    auto found = retrieve_payment(payment.payment_id, false);
    if (!found) return unknown_outcome("payment", payment.payment_id);
    if (*found) return std::move(**found);
    if (duplicate) return unknown_outcome("payment", payment.payment_id);  // exists but cannot be read
  }
  return unknown_outcome("payment", payment.payment_id);
}

Result<std::optional<payments::PaymentInfo>> HyperswitchGateway::retrieve_payment(std::string_view payment_id,
                                                                                  bool force_sync) {
  auto r = call("retrieve_payment", "GET",
                "/payments/" + std::string(payment_id) + (force_sync ? "?force_sync=true" : ""), {});
  if (r && r->status == 404) return std::optional<payments::PaymentInfo>{};
  if (!r || r->status != 200) return unreachable("retrieve payment", r);
  if (hyperswitch::error_code(r->body)) return refused("payment lookup", *r);
  auto p = hyperswitch::parse_payment(r->body);
  if (!p) return std::move(p).error();
  return std::optional<payments::PaymentInfo>{std::move(*p)};
}

Result<payments::RefundInfo> HyperswitchGateway::create_refund(const payments::NewRefund& refund) {
  const std::string body = hyperswitch::refund_request_json(refund);
  bool resent = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto r = call("create_refund", "POST", "/refunds", body);
    if (r && r->status == 200 && !hyperswitch::error_code(r->body)) return hyperswitch::parse_refund(r->body);
    const auto code = r ? hyperswitch::error_code(r->body) : std::nullopt;
    // A re-sent refund_id whose first attempt took the balance answers IR_13/IR_12 instead of
    // HE_01, because those checks run first (§5): only a GET can tell.
    const bool maybe_exists = r && r->status == 400 && (code == "HE_01" || (resent && (code == "IR_13" || code == "IR_12")));
    if (!maybe_exists && !outcome_unseen(r)) return refused("refund", *r);
    auto found = retrieve_refund(refund.refund_id, false);
    if (!found) return unknown_outcome("refund", refund.refund_id);
    if (*found) return std::move(**found);
    if (maybe_exists && code == "HE_01") return unknown_outcome("refund", refund.refund_id);
    if (maybe_exists) return refused("refund", *r);
    resent = true;
  }
  return unknown_outcome("refund", refund.refund_id);
}

Result<std::optional<payments::RefundInfo>> HyperswitchGateway::retrieve_refund(std::string_view refund_id,
                                                                                bool force_sync) {
  auto r = call("retrieve_refund", "GET",
                "/refunds/" + std::string(refund_id) + (force_sync ? "?force_sync=true" : ""), {});
  if (r && r->status == 404) return std::optional<payments::RefundInfo>{};
  if (!r || r->status != 200) return unreachable("retrieve refund", r);
  if (hyperswitch::error_code(r->body)) return refused("refund lookup", *r);
  auto f = hyperswitch::parse_refund(r->body);
  if (!f) return std::move(f).error();
  return std::optional<payments::RefundInfo>{std::move(*f)};
}

bool HyperswitchGateway::verify_webhook(std::string_view raw_body, std::string_view signature) const {
  if (options_.webhook_secret.empty()) return false;  // no secret: nothing can be trusted
  return payments::verify_hmac_sha512_hex(options_.webhook_secret, raw_body, signature);
}

Result<payments::WebhookEvent> HyperswitchGateway::parse_webhook(std::string_view raw_body) const {
  return hyperswitch::parse_webhook(raw_body);
}

}  // namespace veza::adapters
