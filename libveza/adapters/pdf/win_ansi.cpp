#include "adapters/pdf/win_ansi.hpp"

#include <array>
#include <cstdint>

namespace veza::adapters::pdf {
namespace {

// Helvetica and Helvetica-Bold advance widths (1/1000 em) for codes 32..126, from Adobe's AFMs.
constexpr std::array<std::uint16_t, 95> kRegular = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};
constexpr std::array<std::uint16_t, 95> kBold = {
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584};

// Accented letters 0xC0..0xFF are as wide as their base letter in Helvetica; the few that are
// not (Æ, ×, ß, …) get their own width. 0 means "use this ASCII letter's width".
constexpr std::array<char, 64> kBase = {
    'A', 'A', 'A', 'A', 'A', 'A', 0, 'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I',
    'D', 'N', 'O', 'O', 'O', 'O', 'O', 0, 'O', 'U', 'U', 'U', 'U', 'Y', 'P', 0,
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'o', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 'p', 'y'};

std::uint16_t width_of(unsigned char c, bool bold) {
  const auto& table = bold ? kBold : kRegular;
  if (c >= 32 && c <= 126) return table[c - 32];
  if (c >= 0xC0) {
    const char base = kBase[c - 0xC0];
    if (base != 0) {
      // Dotless accented i is narrower than 'i' in neither font; the AFM gives 278 for both.
      if (base == 'i') return 278;
      return table[static_cast<unsigned char>(base) - 32];
    }
    switch (c) {
      case 0xC6: return 1000;  // Æ
      case 0xD7: return 584;   // ×
      case 0xDF: return bold ? 611 : 611;  // ß
      case 0xE6: return 889;   // æ
      case 0xF7: return 584;   // ÷
      default: return 556;
    }
  }
  switch (c) {
    case 0x80: return 556;  // €
    case 0x85: case 0x89: case 0x97: return 1000;  // … ‰ —
    case 0x91: case 0x92: return bold ? 278 : 222;
    case 0x93: case 0x94: return bold ? 500 : 333;
    case 0x95: return 350;
    case 0xA0: return 278;
    case 0xB0: return 400;
    default: return 556;
  }
}

// Unicode code points that WinAnsi places in 0x80..0x9F.
struct Special {
  std::uint32_t cp;
  unsigned char code;
};
constexpr std::array<Special, 27> kSpecials = {{
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85}, {0x2020, 0x86},
    {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A}, {0x2039, 0x8B}, {0x0152, 0x8C},
    {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95},
    {0x2013, 0x96}, {0x2014, 0x97}, {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B},
    {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F}}};

char encode(std::uint32_t cp) {
  if (cp == '\n') return '\n';  // kept: wrap() breaks lines there
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return ' ';
  if (cp < 0x7F || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<char>(cp);
  // Spaces of other widths (narrow no-break space in French amounts) read as a space.
  if (cp == 0x202F || cp == 0x2009 || cp == 0x2007 || cp == 0x00A0) return ' ';
  for (const auto& s : kSpecials) {
    if (s.cp == cp) return static_cast<char>(s.code);
  }
  return '?';
}

}  // namespace

std::string to_win_ansi(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto b = static_cast<unsigned char>(in[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07u;
    }
    bool valid = len != 0 && i + len <= in.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      const auto c = static_cast<unsigned char>(in[i + k]);
      if ((c & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (!valid) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.push_back(encode(cp));
    i += len;
  }
  return out;
}

double text_width(std::string_view text, double size, bool bold) {
  unsigned long units = 0;
  for (char c : text) units += width_of(static_cast<unsigned char>(c), bold);
  return static_cast<double>(units) * size / 1000.0;
}

std::vector<std::string> wrap(std::string_view text, double max_width, double size, bool bold) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    std::string line;
    std::size_t i = 0;
    while (i < para.size()) {
      std::size_t j = para.find(' ', i);
      if (j == std::string_view::npos) j = para.size();
      std::string_view word = para.substr(i, j - i);
      const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (text_width(candidate, size, bold) <= max_width) {
        line = candidate;
      } else {
        if (!line.empty()) lines.push_back(std::move(line));
        line.clear();
        // A word wider than a line is cut where it overflows.
        while (text_width(word, size, bold) > max_width) {
          std::size_t cut = 1;
          while (cut < word.size() && text_width(word.substr(0, cut + 1), size, bold) <= max_width) ++cut;
          lines.emplace_back(word.substr(0, cut));
          word.remove_prefix(cut);
        }
        line = std::string(word);
      }
      i = j + 1;
    }
    lines.push_back(std::move(line));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

void append_pdf_string(std::string& out, std::string_view text) {
  out.push_back('(');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '(' || c == ')' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20 || c >= 0x7F) {
      out.push_back('\\');
      out.push_back(static_cast<char>('0' + ((c >> 6) & 7)));
      out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
      out.push_back(static_cast<char>('0' + (c & 7)));
    } else {
      out.push_back(ch);
    }
  }
  out.push_back(')');
}

}  // namespace veza::adapters::pdf
