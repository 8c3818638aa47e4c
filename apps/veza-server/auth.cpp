#include <veza/identity/token_service.hpp>

#include "app_context.hpp"

namespace veza::server {

Result<identity::User> authenticate(const Request& request, AppContext& app) {
  const auto header = request.header("authorization");
  if (!header) return make_error(ErrorCode::unauthenticated, "sign in: send Authorization: Bearer <token>");
  constexpr std::string_view scheme = "Bearer ";
  if (header->size() <= scheme.size() || header->substr(0, scheme.size()) != scheme) {
    return make_error(ErrorCode::unauthenticated, "the Authorization header must be 'Bearer <token>'");
  }
  return app.runtime.tokens().authenticate(header->substr(scheme.size()));
}

}  // namespace veza::server
