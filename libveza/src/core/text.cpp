#include <veza/core/text.hpp>

#include <algorithm>

namespace veza {

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    const unsigned char c = at(i);
    std::size_t n = 0;
    unsigned min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, min = 0x10000;
    } else {
      return false;
    }
    unsigned cp = c & (0x3Fu >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= text.size() || (at(i + k) & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (at(i + k) & 0x3Fu);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) noexcept {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string_view trim(std::string_view text) noexcept {
  constexpr std::string_view ws = " \t\r\n\f\v";
  const auto b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = text.find_last_not_of(ws);
  return text.substr(b, e - b + 1);
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Result<std::string> clean_text(std::string_view input, std::string_view field, std::size_t max_chars,
                               bool allow_empty) {
  const std::string f(field);
  if (!is_valid_utf8(input)) return make_error(ErrorCode::validation_failed, f + " is not valid UTF-8");
  const std::string_view t = trim(input);
  if (t.empty() && !allow_empty) return make_error(ErrorCode::validation_failed, f + " must not be empty");
  if (utf8_length(t) > max_chars) {
    return make_error(ErrorCode::validation_failed,
                      f + " is longer than " + std::to_string(max_chars) + " characters");
  }
  for (const char c : t) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      return make_error(ErrorCode::validation_failed, f + " contains a control character");
    }
  }
  return std::string(t);
}

Result<std::string> validate_email(std::string_view input) {
  const std::string_view e = trim(input);
  const auto bad = [&](const char* why) {
    return make_error(ErrorCode::validation_failed, std::string("invalid email address: ") + why);
  };
  if (e.empty()) return bad("it is empty");
  if (e.size() > 254) return bad("longer than 254 characters");
  for (const char c : e) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return bad("use ASCII letters, digits and punctuation without spaces");
  }
  const auto at = e.find('@');
  if (at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) return bad("it needs exactly one '@'");
  const std::string_view local = e.substr(0, at);
  const std::string_view domain = e.substr(at + 1);
  if (local.empty() || local.size() > 64) return bad("the part before '@' must be 1..64 characters");
  const auto dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return bad("the part after '@' must be a domain such as example.com");
  }
  return std::string(e);
}

}  // namespace veza
