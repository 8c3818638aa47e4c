#include "idempotent.hpp"

#include <string>

#include <veza/core/idempotency.hpp>

namespace veza::server {

Response idempotent(const Request& req, AppContext& app, std::string_view scope, const std::function<Response()>& run) {
  const auto key = req.header("idempotency-key");
  if (!key) return run();
  IdempotencyKeys keys(app.runtime.key_values());
  // Two requests are the same when method, path and body are (the key is per user already).
  const std::string request = req.method + " " + req.path + "\n" + req.body;
  auto claim = keys.claim(scope, *key, request);
  if (!claim) return error_response(claim.error());
  switch (claim->verdict) {
    case IdempotencyKeys::Verdict::replay: {
      Response again = json_response(claim->answer.status, std::move(claim->answer.body));
      if (!claim->answer.location.empty()) again.headers.emplace_back("Location", claim->answer.location);
      again.headers.emplace_back("Idempotent-Replayed", "true");
      return again;
    }
    case IdempotencyKeys::Verdict::mismatch:
      return error_response(make_error(ErrorCode::validation_failed,
                                       "this Idempotency-Key was used for a different request; use a new key"));
    case IdempotencyKeys::Verdict::in_progress: {
      Error busy = make_error(ErrorCode::conflict, "a request with this Idempotency-Key is still running; retry shortly");
      busy.retry_after_s = 1;
      return error_response(busy);
    }
    case IdempotencyKeys::Verdict::run:
      break;
  }
  Response res = run();
  if (res.status >= 200 && res.status < 300) {
    StoredAnswer answer{res.status, {}, res.body};
    for (const auto& [name, value] : res.headers) {
      if (name == "Location") answer.location = value;
    }
    if (auto kept = keys.finish(scope, *key, request, answer); !kept) {
      // The request is done; only its replay is lost. A repeat then finds the key running and
      // is refused (409) until the claim expires, never run twice.
      app.runtime.logger().log(LogLevel::warn, "an idempotent answer could not be kept",
                               {{"request_id", req.request_id}, {"error", kept.error().message}});
    }
  } else if (auto freed = keys.release(scope, *key); !freed) {
    app.runtime.logger().log(LogLevel::warn, "an idempotency key could not be released",
                             {{"request_id", req.request_id}, {"error", freed.error().message}});
  }
  return res;
}

}  // namespace veza::server
