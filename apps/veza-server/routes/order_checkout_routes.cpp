// POST /api/v1/orders: checkout. A pending_payment order and its Hyperswitch payment (issue 5);
// 503 when payments are not configured, 502 when the provider failed (the order stays pending
// for reconciliation, and a retry never makes a second payment). An Idempotency-Key header
// (scoped per user, kept a day) returns the first order again instead of making a second one.
#include <veza/json/json.hpp>

#include "../app_context.hpp"
#include "../idempotent.hpp"
#include "../json_body.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

Response run_checkout(Request& req, AppContext& app, const identity::User& user) {
  if (!app.runtime.payments().enabled()) {
    return error_response(make_error(ErrorCode::unavailable, "payments are not configured on this server"));
  }
  auto body = JsonBody::parse(req);
  if (!body) return error_response(body.error());
  auto products = body->object_array_strings("items", "product_id");
  if (!products) return error_response(products.error());
  auto waiver = body->boolean_or("withdrawal_waiver", false);
  if (!waiver) return error_response(waiver.error());
  payments::CheckoutRequest request;
  request.product_ids = std::move(*products);
  request.withdrawal_waiver = *waiver;
  auto result = app.runtime.payments().checkout(user, request);
  if (!result) return error_response(result.error());
  Response res = json_response(201, json::to_json(*result));
  res.headers.emplace_back("Location", "/api/v1/orders/" + result->order.id);
  return res;
}

Response checkout(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  return idempotent(req, app, "checkout:" + user->id, [&] { return run_checkout(req, app, *user); });
}

}  // namespace

void add_order_checkout_routes(Router& router) {
  router.add({"POST", "/api/v1/orders", checkout, {}}, RunsOn::provider);
}

}  // namespace veza::server
