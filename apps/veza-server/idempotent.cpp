#include "idempotent.hpp"

#include <string>

#include <veza/core/idempotency.hpp>

namespace veza::server {

Response idempotent(const Request& req, AppContext& app, std::string_view scope, const std::function<Response()>& run) {
  const auto key = req.header("idempotency-key");
  if (!key) return run();
  IdempotencyKeys keys(app.runtime.key_values(), &app.runtime.logger());
  // Two requests are the same when method, path and body are (the key is per user already).
  const std::string request = req.method + " " + req.path + "\n" + req.body;
  Response fresh;
  auto out = keys.run(scope, *key, request, [&] {
    fresh = run();
    StoredAnswer answer{fresh.status, {}, fresh.body};
    for (const auto& [name, value] : fresh.headers) {
      if (name == "Location") answer.location = value;
    }
    return answer;
  });
  if (!out) return error_response(out.error());
  if (!out->replayed) return fresh;
  Response again = json_response(out->answer.status, std::move(out->answer.body));
  if (!out->answer.location.empty()) again.headers.emplace_back("Location", out->answer.location);
  again.headers.emplace_back("Idempotent-Replayed", "true");
  return again;
}

}  // namespace veza::server
