#pragma once
// Text for the standard 14 fonts: PDF viewers know Helvetica's glyphs under WinAnsiEncoding
// without an embedded font, so documents carry accents and the euro sign but no font file.
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/export.hpp>

namespace veza::adapters::pdf {

// UTF-8 → WinAnsiEncoding (CP1252) bytes. A character WinAnsi lacks, or a malformed sequence,
// becomes '?', and control characters become spaces: any input gives a valid PDF string.
VEZA_API std::string to_win_ansi(std::string_view utf8);

// Width of WinAnsi text in points at `size`, from Helvetica's (or Helvetica-Bold's) metrics.
VEZA_API double text_width(std::string_view win_ansi, double size, bool bold);

// Splits WinAnsi text into lines no wider than `max_width` points: at spaces, or inside a word
// longer than a whole line. Explicit '\n' starts a new line. Never returns an empty vector.
VEZA_API std::vector<std::string> wrap(std::string_view win_ansi, double max_width, double size, bool bold);

// A PDF literal string body: ( ) \ escaped, bytes outside printable ASCII as octal escapes.
VEZA_API void append_pdf_string(std::string& out, std::string_view win_ansi);

}  // namespace veza::adapters::pdf
