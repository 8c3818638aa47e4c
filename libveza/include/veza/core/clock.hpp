#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <veza/core/export.hpp>

namespace veza {

using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

// Port: time. The domain never reads real time itself (tests fake it).
class VEZA_API Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, for what is stored and shown.
  [[nodiscard]] virtual Timestamp now() const = 0;
  // Monotonic time, for durations, deadlines and caches (never goes back).
  [[nodiscard]] virtual std::chrono::steady_clock::time_point monotonic() const = 0;
};

// RFC 3339 UTC with milliseconds: 2026-07-01T10:15:30.123Z
VEZA_API std::string format_timestamp(Timestamp t);

// Accepts what we write and what databases give back: `T` or a space between date and time,
// optional fraction (up to microseconds; truncated to ms), and `Z`, `+00`, `+00:00` or nothing
// (taken as UTC).
VEZA_API std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace veza
