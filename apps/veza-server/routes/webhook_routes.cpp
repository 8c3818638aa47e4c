// POST /api/v1/webhooks/hyperswitch: the signature (X-Webhook-Signature-512, HMAC-SHA512 of the
// raw body) is checked by PaymentService before anything is parsed; 401 on a missing or wrong
// one. Applied, duplicate, ignored and rejected (amount/currency mismatch) events all answer 200:
// a redelivery could not change any of them.
#include <string>

#include "../app_context.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

Response hyperswitch_webhook(Request& req, AppContext& app) {
  auto outcome = app.runtime.payments().handle_webhook(req.body, req.header("x-webhook-signature-512"));
  if (!outcome) return error_response(outcome.error());
  return json_response(200, "{\"outcome\":\"" + std::string(payments::to_string(*outcome)) + "\"}");
}

}  // namespace

void add_webhook_routes(Router& router) {
  router.add({"POST", "/api/v1/webhooks/hyperswitch", hyperswitch_webhook, {}});
}

}  // namespace veza::server
