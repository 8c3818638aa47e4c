#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza {

VEZA_API bool is_valid_utf8(std::string_view text) noexcept;

// Number of code points of valid UTF-8 text.
VEZA_API std::size_t utf8_length(std::string_view text) noexcept;

// Leading and trailing ASCII whitespace removed.
VEZA_API std::string_view trim(std::string_view text) noexcept;

VEZA_API std::string ascii_lower(std::string_view text);

// A trimmed, valid-UTF-8 text of 1..max_chars code points (or 0.. when allow_empty); `field`
// names the input in the error message.
VEZA_API Result<std::string> clean_text(std::string_view input, std::string_view field, std::size_t max_chars,
                                        bool allow_empty = false);

// A plausible address: ASCII, one '@', non-empty local part, a dotted domain, at most 254
// characters. Returned trimmed; case is preserved (uniqueness is case-insensitive).
VEZA_API Result<std::string> validate_email(std::string_view input);

}  // namespace veza
