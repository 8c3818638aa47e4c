#pragma once
// Boost.JSON views of response bodies for the server tests (tests may use Boost freely).
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "server_harness.hpp"

namespace veza::testing {

// The body as JSON; null when it is not JSON.
inline boost::json::value json_of(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  return ec ? boost::json::value() : v;
}

// A string member of a JSON object body, "" when absent.
inline std::string json_string(const boost::json::value& v, const char* key) {
  const auto* o = v.if_object();
  if (!o) return "";
  const auto* m = o->if_contains(key);
  return m && m->is_string() ? std::string(m->as_string()) : "";
}

// `error.code` when the body is exactly {"error":{"code":"…","message":"…"}} with both
// non-empty strings, otherwise "<bad shape: body>".
inline std::string error_code(const HttpResponse& r) {
  const auto v = json_of(r);
  const auto* o = v.if_object();
  const auto bad = "<bad shape: " + r.body + ">";
  if (!o || o->size() != 1 || !o->contains("error")) return bad;
  const auto* e = o->at("error").if_object();
  if (!e || e->size() != 2) return bad;
  const std::string code = json_string(o->at("error"), "code");
  const std::string message = json_string(o->at("error"), "message");
  if (code.empty() || message.empty()) return bad;
  if (r.header("content-type").value_or("").rfind("application/json", 0) != 0) return bad;
  return code;
}

}  // namespace veza::testing
