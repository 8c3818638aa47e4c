#pragma once
// The payment routes (issue 5), registered like router.hpp's add_*_routes: checkout
// (routes/order_checkout_routes.cpp), refunds (routes/refund_routes.cpp) and the Hyperswitch
// webhook (routes/webhook_routes.cpp).
#include "router.hpp"

namespace veza::server {

void add_order_checkout_routes(Router& router);
void add_refund_routes(Router& router);
void add_webhook_routes(Router& router);

}  // namespace veza::server
