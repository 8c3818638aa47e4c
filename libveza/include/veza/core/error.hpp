#pragma once
#include <string>
#include <string_view>

#include <veza/core/export.hpp>

namespace veza {

// The one error type that crosses the domain boundary. Each front-end maps `code` once
// (HTTP status, CLI exit code, C status); `detail` may name a finer reason for clients
// (`state_invalid`, `refund_window_closed`) and is empty when the code says it all.
enum class ErrorCode {
  invalid_argument,        // malformed syntax, wrong type, missing field
  validation_failed,       // well-formed, value out of range
  unauthenticated,
  forbidden,
  not_found,
  conflict,                // duplicate, wrong state
  too_large,
  unsupported_media_type,
  rate_limited,
  upstream_failed,         // a provider answered with an error
  unavailable,             // a dependency is down, a feature is not configured, draining
  internal,                // a bug or an unexpected failure; the message is safe to show
};

struct VEZA_API Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // says what to fix; never contains a secret
  std::string detail;   // optional finer code for clients
  unsigned retry_after_s = 0;  // rate_limited: seconds until a retry can succeed (Retry-After)

  // The snake_case name of `code` (`not_found`), or `detail` when set.
  [[nodiscard]] std::string_view code_name() const noexcept;
};

VEZA_API std::string_view to_string(ErrorCode code) noexcept;

inline Error make_error(ErrorCode code, std::string message, std::string detail = {}) {
  return Error{code, std::move(message), std::move(detail)};
}

}  // namespace veza
