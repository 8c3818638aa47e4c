#pragma once
// The Idempotency-Key header on routes that move money (checkout, refund): the HTTP side of
// veza::IdempotencyKeys::run, which holds the rules (a repeat gets the kept answer, here with
// `Idempotent-Replayed: true`; the key reused for another request is 422; a repeat while the
// first runs 409 with Retry-After; only 2xx answers are kept). After a failure the key is free,
// so a retry runs again, which the services make safe (checkout finds its payment, a second
// refund of the same order is refused).
#include <functional>
#include <string_view>

#include "app_context.hpp"
#include "http_types.hpp"

namespace veza::server {

// Runs `run` once per Idempotency-Key within `scope` ("checkout:<user id>"); without the header
// it simply runs.
Response idempotent(const Request& req, AppContext& app, std::string_view scope, const std::function<Response()>& run);

}  // namespace veza::server
