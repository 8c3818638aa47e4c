#pragma once
// One JSON string, quoted and escaped, for code that writes JSON text piece by piece (the
// logger's lines, review pages) instead of building a document.
#include <cstddef>
#include <string>
#include <string_view>

#include <veza/core/export.hpp>

namespace veza::json {

// The most bytes write_json_string writes for `text` (every byte escaped as \u00XX, and quotes).
constexpr std::size_t json_string_bound(std::string_view text) { return 6 * text.size() + 2; }

// Writes `text` as a JSON string at `out`, which has room for json_string_bound(text) bytes,
// and returns the end. Boost.JSON's serializer does the escaping.
VEZA_API char* write_json_string(char* out, std::string_view text);

// Appends `text` as a JSON string to `out`.
VEZA_API void append_json_string(std::string& out, std::string_view text);

}  // namespace veza::json
