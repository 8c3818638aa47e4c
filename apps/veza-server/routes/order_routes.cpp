// GET /api/v1/orders (the caller's own, or with `?all=true` every buyer's for an admin; newest
// first, `?limit=1..100&cursor=…` keyset pages),
// GET /api/v1/orders/{id}: the buyer or an admin; others get 404 so ids do not leak.
#include <veza/json/json.hpp>

#include "../app_context.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

constexpr std::size_t kDefaultLimit = 50;
constexpr std::size_t kMaxLimit = 100;

Response list_orders(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto limit = limit_param(req, kDefaultLimit, kMaxLimit);
  if (!limit) return error_response(limit.error());
  const auto cursor = query_param(req, "cursor");
  const auto all = query_param(req, "all");
  if (all && *all != "true" && *all != "false") {
    return error_response(make_error(ErrorCode::invalid_argument, "all must be true or false"));
  }
  const auto after = cursor ? std::optional<std::string_view>(*cursor) : std::nullopt;
  auto page = all && *all == "true" ? app.runtime.orders().page_all(*user, *limit, after)
                                    : app.runtime.orders().page_for(*user, *limit, after);
  if (!page) return error_response(page.error());
  return json_response(200, json::to_json(*page));
}

Response get_order(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto order = app.runtime.orders().get_for(req.param("id"), *user);
  if (!order) return error_response(order.error());
  return json_response(200, json::to_json(*order));
}

}  // namespace

void add_order_routes(Router& router) {
  router.add({"GET", "/api/v1/orders", list_orders, {}});
  router.add({"GET", "/api/v1/orders/{id}", get_order, {}});
}

}  // namespace veza::server
