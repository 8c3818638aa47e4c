#include "http_types.hpp"

#include <charconv>

#include <boost/url/parse_query.hpp>

#include <veza/json/json.hpp>

namespace veza::server {

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

const std::string& Request::param(std::string_view name) const {
  static const std::string empty;
  const auto it = params.find(name);
  return it == params.end() ? empty : it->second;
}

std::optional<std::string> query_param(const Request& request, std::string_view name) {
  auto params = boost::urls::parse_query(request.query);
  if (!params) return std::nullopt;
  for (const auto& p : *params) {
    if (p.key == name) return p.value.decode();  // %2F → '/': handlers see the text, not its encoding
  }
  return std::nullopt;
}

Result<std::size_t> limit_param(const Request& request, std::size_t fallback, std::size_t max) {
  const auto text = query_param(request, "limit");
  if (!text) return fallback;
  const std::string range = "limit must be a whole number in 1.." + std::to_string(max);
  std::size_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec == std::errc::result_out_of_range && p == text->data() + text->size()) {
    return make_error(ErrorCode::validation_failed, range);
  }
  if (ec != std::errc{} || p != text->data() + text->size()) return make_error(ErrorCode::invalid_argument, range);
  if (v < 1 || v > max) return make_error(ErrorCode::validation_failed, range);
  return v;
}

Response json_response(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response text_response(unsigned status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

unsigned http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return 400;
    case ErrorCode::validation_failed: return 422;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported_media_type: return 415;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::upstream_failed: return 502;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

Response error_response(const Error& error) {
  Response r = json_response(http_status(error.code), json::error_json(error));
  if (error.code == ErrorCode::unauthenticated) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.retry_after_s > 0) r.headers.emplace_back("Retry-After", std::to_string(error.retry_after_s));
  return r;
}

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

}  // namespace veza::server
