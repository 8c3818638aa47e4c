#include "support/fake_payment_gateway.hpp"

#include <boost/json.hpp>

namespace veza::testing {
namespace json = boost::json;

std::string payment_event_json(const std::string& event_id, const std::string& event_type,
                               const payments::PaymentInfo& p) {
  json::object object{{"payment_id", p.payment_id}, {"status", p.status}, {"amount", p.amount_cents},
                      {"currency", p.currency}, {"client_secret", nullptr}};
  json::object body{{"merchant_id", "merchant_1"}, {"event_id", event_id}, {"event_type", event_type},
                    {"content", json::object{{"type", "payment_details"}, {"object", object}}},
                    {"timestamp", "2026-07-01T10:15:31.500Z"}};
  return json::serialize(body);
}

std::string refund_event_json(const std::string& event_id, const std::string& event_type, const payments::RefundInfo& r) {
  json::object object{{"refund_id", r.refund_id}, {"payment_id", r.payment_id}, {"status", r.status},
                      {"amount", r.amount_cents}, {"currency", r.currency}, {"error_code", nullptr}};
  json::object body{{"merchant_id", "merchant_1"}, {"event_id", event_id}, {"event_type", event_type},
                    {"content", json::object{{"type", "refund_details"}, {"object", object}}},
                    {"timestamp", "2026-07-01T10:15:31.500Z"}};
  return json::serialize(body);
}

Result<payments::WebhookEvent> FakePaymentGateway::parse_webhook(std::string_view body) const {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return make_error(ErrorCode::invalid_argument, "not JSON");
  const auto& o = v.as_object();
  payments::WebhookEvent e;
  e.event_id = std::string(o.at("event_id").as_string());
  e.event_type = std::string(o.at("event_type").as_string());
  const auto& content = o.at("content").as_object();
  const auto& obj = content.at("object").as_object();
  const std::string type(content.at("type").as_string());
  if (type == "payment_details") {
    e.kind = payments::WebhookKind::payment;
    e.payment = {std::string(obj.at("payment_id").as_string()), std::string(obj.at("status").as_string()),
                 obj.at("amount").as_int64(), std::string(obj.at("currency").as_string()), {}};
  } else if (type == "refund_details") {
    e.kind = payments::WebhookKind::refund;
    e.refund = {std::string(obj.at("refund_id").as_string()), std::string(obj.at("payment_id").as_string()),
                std::string(obj.at("status").as_string()), obj.at("amount").as_int64(),
                std::string(obj.at("currency").as_string()), {}};
  }
  return e;
}

}  // namespace veza::testing
