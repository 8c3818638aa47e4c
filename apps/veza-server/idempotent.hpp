#pragma once
// The Idempotency-Key header on routes that move money (checkout, refund), over
// veza::IdempotencyKeys: a repeat of an answered request gets the same answer again (with
// `Idempotent-Replayed: true`), the key reused for another request is 422, and a repeat while
// the first still runs is 409 with Retry-After. Only answers 2xx are kept; after a failure the
// key is free, so a retry runs again (the services make that safe: checkout finds its payment,
// a second refund of the same order is refused).
#include <functional>
#include <string_view>

#include "app_context.hpp"
#include "http_types.hpp"

namespace veza::server {

// Runs `run` once per Idempotency-Key within `scope` ("checkout:<user id>"); without the header
// it simply runs.
Response idempotent(const Request& req, AppContext& app, std::string_view scope, const std::function<Response()>& run);

}  // namespace veza::server
