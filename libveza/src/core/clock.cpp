#include <veza/core/clock.hpp>

#include <cctype>
#include <cstdio>

namespace veza {

std::string format_timestamp(Timestamp t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> hms{t - day};
  // Fixed-width fields written digit by digit: snprintf's format parsing was a tenth of a
  // review page's cost (every review carries two timestamps).
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](std::size_t pos, long long value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    // Outside RFC 3339's four digits: never produced by a clock, shown rather than wrapped.
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                  static_cast<int>(hms.subseconds().count()));
    return buf;
  }
  put(0, year, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, hms.hours().count(), 2);
  put(14, hms.minutes().count(), 2);
  put(17, hms.seconds().count(), 2);
  put(20, hms.subseconds().count(), 3);
  return out;
}

namespace {

// Reads exactly `n` digits at text[pos..] into out.
bool digits(std::string_view text, std::size_t& pos, int n, int& out) {
  if (pos + static_cast<std::size_t>(n) > text.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[pos++];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(text, pos, 4, y) || !expect(text, pos, '-') || !digits(text, pos, 2, mo) || !expect(text, pos, '-') ||
      !digits(text, pos, 2, d))
    return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!digits(text, pos, 2, h) || !expect(text, pos, ':') || !digits(text, pos, 2, mi) || !expect(text, pos, ':') ||
      !digits(text, pos, 2, s))
    return std::nullopt;
  int ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int count = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (count < 3) ms = ms * 10 + (text[pos] - '0');
      ++count;
      ++pos;
    }
    if (count == 0 || count > 9) return std::nullopt;
    for (int i = count; i < 3; ++i) ms *= 10;
  }
  const std::string_view zone = text.substr(pos);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00")) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return Timestamp{sys_days{ymd}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms}};
}

}  // namespace veza
