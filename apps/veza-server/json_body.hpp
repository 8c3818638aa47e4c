#pragma once
// Typed access to a JSON request body with errors that say what to fix: malformed JSON, a
// missing field or a wrong type is `invalid_argument` (400); range checks stay in the domain.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/result.hpp>

#include "http_types.hpp"

namespace veza::server {

class JsonBody {
 public:
  // Requires Content-Type application/json (else `unsupported_media_type`) and a JSON object.
  static Result<JsonBody> parse(const Request& request);
  JsonBody(JsonBody&&) noexcept;
  JsonBody& operator=(JsonBody&&) noexcept;
  ~JsonBody();

  Result<std::string> string(std::string_view field) const;
  Result<std::optional<std::string>> optional_string(std::string_view field) const;
  Result<std::int64_t> integer(std::string_view field) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view field) const;
  // `fallback` when absent or null.
  Result<bool> boolean_or(std::string_view field, bool fallback) const;
  // An array of strings; empty when absent or null.
  Result<std::vector<std::string>> string_array(std::string_view field) const;
  // `[{"<inner>":"…"},…]` → the inner strings; empty when absent or null.
  Result<std::vector<std::string>> object_array_strings(std::string_view field, std::string_view inner) const;

 private:
  struct Impl;
  explicit JsonBody(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace veza::server
