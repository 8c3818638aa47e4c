// POST /api/v1/orders/{id}/refund: {"reason"} refunds what is left, {"reason","items":[product_id…]}
// those lines, {"reason","amount_cents":N} a goodwill amount. 202 with the refund. An
// Idempotency-Key header (scoped per user and order, kept a day) returns the first answer again.
#include <string>

#include <veza/json/json.hpp>

#include "../app_context.hpp"
#include "../idempotent.hpp"
#include "../json_body.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

Response run_refund(Request& req, AppContext& app, const identity::User& user) {
  auto body = JsonBody::parse(req);
  if (!body) return error_response(body.error());
  auto reason = body->string("reason");
  if (!reason) return error_response(reason.error());
  auto items = body->string_array("items");
  if (!items) return error_response(items.error());
  auto amount = body->optional_integer("amount_cents");
  if (!amount) return error_response(amount.error());
  payments::RefundRequest request;
  request.order_id = req.param("id");
  request.reason = std::move(*reason);
  request.product_ids = std::move(*items);
  request.amount_cents = *amount;
  auto refund = app.runtime.payments().request_refund(user, request);
  if (!refund) return error_response(refund.error());
  return json_response(202, json::to_json(*refund));
}

Response refund_order(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  return idempotent(req, app, "refund:" + user->id + ":" + req.param("id"), [&] { return run_refund(req, app, *user); });
}

}  // namespace

void add_refund_routes(Router& router) {
  router.add({"POST", "/api/v1/orders/{id}/refund", refund_order, {}}, RunsOn::provider);
}

}  // namespace veza::server
