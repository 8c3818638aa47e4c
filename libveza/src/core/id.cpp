#include <veza/core/id.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>

#include <openssl/rand.h>

namespace veza {

std::string Uuid7Generator::next() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  const std::lock_guard lock(mutex_);
  long long ms = clock_.now().time_since_epoch().count();
  // Monotonic within this generator: a clock that stands still or steps back keeps the
  // previous millisecond and bumps a 12-bit counter in rand_a (RFC 9562 §6.2, method 1).
  if (ms <= last_ms_) {
    ms = last_ms_;
    if (++counter_ > 0xFFF) {
      ++ms;
      counter_ = 0;
    }
  } else {
    counter_ = 0;
  }
  last_ms_ = ms;
  const auto t = static_cast<std::uint64_t>(ms);
  for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(t >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | ((counter_ >> 8) & 0x0F));
  b[7] = static_cast<unsigned char>(counter_ & 0xFF);
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0x0F]);
  }
  return out;
}

bool is_uuid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace veza
