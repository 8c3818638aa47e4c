#pragma once
// The server's own request/response values. Handlers see only these (never Beast), so the route
// files stay cheap to compile and plain to test; http_session.cpp translates to and from Beast.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <veza/catalog/blob_store.hpp>
#include <veza/core/error.hpp>
#include <veza/core/result.hpp>
#include <veza/identity/user.hpp>

namespace veza::server {

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string path;    // without the query
  std::string query;   // after '?', undecoded
  std::string route;   // the matched template, e.g. /api/v1/products/{id} (metrics, logs)
  std::map<std::string, std::string, std::less<>> params;  // captured from the template
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string request_id;
  std::string client_addr;
  std::optional<identity::User> user;  // set by a handler once authenticated (upload steps share it)

  // The first header of that (lower-case) name, if any.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
  [[nodiscard]] const std::string& param(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is streamed from here (downloads) and `body` is ignored.
  std::unique_ptr<catalog::BlobReader> stream;
};

// A decoded query parameter (`?limit=20&cursor=…`); nullopt when absent or the query is malformed.
std::optional<std::string> query_param(const Request& request, std::string_view name);

// `?limit=N` for list routes: `fallback` when absent; not a whole number → invalid_argument (400);
// outside 1..max → validation_failed (422).
Result<std::size_t> limit_param(const Request& request, std::size_t fallback, std::size_t max);

// The value of cookie `name` from the Cookie header(s), if any.
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

Response json_response(unsigned status, std::string body);
Response text_response(unsigned status, std::string content_type, std::string body);
// DESIGN.md's one mapping of veza::Error to HTTP: {"error":{"code","message"}} with its status.
Response error_response(const Error& error);
unsigned http_status(ErrorCode code) noexcept;

}  // namespace veza::server
