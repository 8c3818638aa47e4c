#include "json_body.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

namespace veza::server {

struct JsonBody::Impl {
  boost::json::object object;
};

JsonBody::JsonBody(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonBody::JsonBody(JsonBody&&) noexcept = default;
JsonBody& JsonBody::operator=(JsonBody&&) noexcept = default;
JsonBody::~JsonBody() = default;

Result<JsonBody> JsonBody::parse(const Request& request) {
  const auto type = request.header("content-type");
  if (!type || type->substr(0, 16) != "application/json") {
    return make_error(ErrorCode::unsupported_media_type, "send the body as JSON with Content-Type: application/json");
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(request.body, ec);
  if (ec) return make_error(ErrorCode::invalid_argument, "the body is not valid JSON: " + ec.message());
  if (!v.is_object()) return make_error(ErrorCode::invalid_argument, "the body must be a JSON object");
  auto impl = std::make_unique<Impl>();
  impl->object = std::move(v.as_object());
  return JsonBody(std::move(impl));
}

Result<std::optional<std::string>> JsonBody::optional_string(std::string_view field) const {
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return make_error(ErrorCode::invalid_argument, "field '" + std::string(field) + "' must be a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::string> JsonBody::string(std::string_view field) const {
  auto v = optional_string(field);
  if (!v) return v.error();
  if (!*v) return make_error(ErrorCode::invalid_argument, "missing field '" + std::string(field) + "'");
  return std::move(**v);
}

Result<std::int64_t> JsonBody::integer(std::string_view field) const {
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return make_error(ErrorCode::invalid_argument, "missing field '" + std::string(field) + "'");
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) {
    return make_error(ErrorCode::validation_failed, "field '" + std::string(field) + "' is out of range");
  }
  if (v->is_double()) {
    return make_error(ErrorCode::invalid_argument,
                      "field '" + std::string(field) + "' must be a whole number (minor units), not a decimal");
  }
  return make_error(ErrorCode::invalid_argument, "field '" + std::string(field) + "' must be an integer");
}

Result<std::optional<std::int64_t>> JsonBody::optional_integer(std::string_view field) const {
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  auto n = integer(field);
  if (!n) return n.error();
  return std::optional<std::int64_t>(*n);
}

Result<bool> JsonBody::boolean_or(std::string_view field, bool fallback) const {
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return fallback;
  if (!v->is_bool()) return make_error(ErrorCode::invalid_argument, "field '" + std::string(field) + "' must be true or false");
  return v->as_bool();
}

Result<std::vector<std::string>> JsonBody::string_array(std::string_view field) const {
  std::vector<std::string> out;
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return out;
  const std::string name(field);
  if (!v->is_array()) return make_error(ErrorCode::invalid_argument, "field '" + name + "' must be an array of strings");
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) return make_error(ErrorCode::invalid_argument, "field '" + name + "' must be an array of strings");
    out.emplace_back(e.as_string());
  }
  return out;
}

Result<std::vector<std::string>> JsonBody::object_array_strings(std::string_view field, std::string_view inner) const {
  std::vector<std::string> out;
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return out;
  const std::string what = "field '" + std::string(field) + "' must be an array of {\"" + std::string(inner) + "\":\"…\"}";
  if (!v->is_array()) return make_error(ErrorCode::invalid_argument, what);
  for (const auto& e : v->as_array()) {
    const auto* s = e.is_object() ? e.as_object().if_contains(inner) : nullptr;
    if (!s || !s->is_string()) return make_error(ErrorCode::invalid_argument, what);
    out.emplace_back(s->as_string());
  }
  return out;
}

}  // namespace veza::server
