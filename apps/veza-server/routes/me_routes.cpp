// GET /api/v1/me
#include <veza/json/json.hpp>

#include "../app_context.hpp"
#include "../router.hpp"

namespace veza::server {

void add_me_routes(Router& router) {
  router.add({"GET", "/api/v1/me",
              [](Request& req, AppContext& app) {
                auto user = authenticate(req, app);
                if (!user) return error_response(user.error());
                return json_response(200, json::to_json(*user));
              },
              {}});
}

}  // namespace veza::server
