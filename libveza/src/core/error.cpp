#include <veza/core/error.hpp>

#include <veza/core/result.hpp>

namespace veza {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::validation_failed: return "validation_failed";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::unsupported_media_type: return "unsupported_media_type";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::upstream_failed: return "upstream_failed";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

std::string_view Error::code_name() const noexcept {
  return detail.empty() ? to_string(code) : std::string_view(detail);
}

ErrorException::ErrorException(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}

void throw_exception_from_error(const Error& error, const boost::source_location&) { throw ErrorException(error); }

}  // namespace veza
