#include "adapters/hyperswitch/hyperswitch_json.hpp"

#include <boost/json.hpp>

namespace veza::adapters::hyperswitch {
namespace json = boost::json;
namespace {

Result<json::object> parse_object(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return make_error(ErrorCode::upstream_failed, "Hyperswitch sent a " + std::string(what) + " that is not JSON");
  }
  return std::move(v.as_object());
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::string> optional_text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_string()) return std::string(v->as_string());
  return std::nullopt;
}

// Amounts are JSON integers in minor units (contract §2); anything else is refused.
Result<std::int64_t> amount(const json::object& o, std::string_view what) {
  const json::value* v = o.if_contains("amount");
  if (v && v->is_int64()) return v->as_int64();
  if (v && v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  return make_error(ErrorCode::upstream_failed, "Hyperswitch sent a " + std::string(what) + " without an integer amount");
}

Result<payments::PaymentInfo> payment_from(const json::object& o) {
  payments::PaymentInfo p;
  p.payment_id = text(o, "payment_id");
  p.status = text(o, "status");
  p.currency = text(o, "currency");
  p.client_secret = optional_text(o, "client_secret");
  auto a = amount(o, "payment");
  if (!a) return std::move(a).error();
  p.amount_cents = *a;
  if (p.payment_id.empty() || p.status.empty()) {
    return make_error(ErrorCode::upstream_failed, "Hyperswitch sent a payment without payment_id or status");
  }
  return p;
}

Result<payments::RefundInfo> refund_from(const json::object& o) {
  payments::RefundInfo r;
  r.refund_id = text(o, "refund_id");
  r.payment_id = text(o, "payment_id");
  r.status = text(o, "status");
  r.currency = text(o, "currency");
  r.error_code = optional_text(o, "error_code");
  auto a = amount(o, "refund");
  if (!a) return std::move(a).error();
  r.amount_cents = *a;
  if (r.refund_id.empty() || r.status.empty()) {
    return make_error(ErrorCode::upstream_failed, "Hyperswitch sent a refund without refund_id or status");
  }
  return r;
}

}  // namespace

std::string payment_request_json(const payments::NewPayment& p) {
  json::object body;
  body["amount"] = p.amount_cents;
  body["currency"] = p.currency;
  body["payment_id"] = p.payment_id;
  // The buyer's browser confirms with client_secret; the server never sees card data.
  body["confirm"] = false;
  body["capture_method"] = "automatic";
  if (!p.description.empty()) body["description"] = p.description;
  body["merchant_order_reference_id"] = p.order_id;
  body["metadata"] = json::object{{"order_id", p.order_id}};
  return json::serialize(body);
}

std::string refund_request_json(const payments::NewRefund& r) {
  json::object body;
  body["payment_id"] = r.payment_id;
  body["refund_id"] = r.refund_id;
  body["amount"] = r.amount_cents;  // always explicit (contract §4)
  // Some connectors (Stripe) accept only a closed set of reasons; the buyer's words travel in
  // metadata instead (values up to 500 characters).
  body["reason"] = "requested_by_customer";
  body["refund_type"] = "instant";
  json::object meta{{"order_id", r.order_id}};
  if (!r.reason.empty()) meta["note"] = r.reason.substr(0, 500);
  body["metadata"] = std::move(meta);
  return json::serialize(body);
}

std::optional<std::string> error_code(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::value* e = v.as_object().if_contains("error");
  if (!e || !e->is_object()) return std::nullopt;
  std::string code = text(e->as_object(), "code");
  return code.empty() ? std::string("unknown") : code;
}

Result<payments::PaymentInfo> parse_payment(std::string_view body) {
  auto o = parse_object(body, "payment");
  if (!o) return std::move(o).error();
  return payment_from(*o);
}

Result<payments::RefundInfo> parse_refund(std::string_view body) {
  auto o = parse_object(body, "refund");
  if (!o) return std::move(o).error();
  return refund_from(*o);
}

Result<payments::WebhookEvent> parse_webhook(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return make_error(ErrorCode::invalid_argument, "the webhook body is not a JSON object");
  const json::object& o = v.as_object();
  payments::WebhookEvent event;
  event.event_id = text(o, "event_id");
  event.event_type = text(o, "event_type");
  if (event.event_id.empty() || event.event_type.empty()) {
    return make_error(ErrorCode::invalid_argument, "the webhook has no event_id or event_type");
  }
  const json::value* content = o.if_contains("content");
  if (!content || !content->is_object()) return event;  // an event kind we do not know: ignored
  const std::string type = text(content->as_object(), "type");
  const json::value* object = content->as_object().if_contains("object");
  if (!object || !object->is_object()) return event;
  if (type == "payment_details") {
    auto p = payment_from(object->as_object());
    if (!p) return make_error(ErrorCode::invalid_argument, "the webhook's payment: " + p.error().message);
    event.kind = payments::WebhookKind::payment;
    event.payment = std::move(*p);
  } else if (type == "refund_details") {
    auto r = refund_from(object->as_object());
    if (!r) return make_error(ErrorCode::invalid_argument, "the webhook's refund: " + r.error().message);
    event.kind = payments::WebhookKind::refund;
    event.refund = std::move(*r);
  }
  return event;
}

}  // namespace veza::adapters::hyperswitch
