#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza {

// A fixed-window counter after one increment.
struct VEZA_API WindowCount {
  std::int64_t count = 0;                 // increments in the current window, this one included
  std::chrono::milliseconds resets_in{0};  // until the window ends (Retry-After for a 429)
};

// Port: short-lived keys shared by every server instance (Redis), or by one process when no
// Redis is configured. Every TTL must be positive (`invalid_argument` otherwise); a dependency
// that cannot be reached gives `unavailable`. Thread-safe.
class VEZA_API KeyValueStore {
 public:
  virtual ~KeyValueStore() = default;

  // Sets `key` to `value`, replacing any previous value, for `ttl`.
  virtual Result<void> put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) = 0;
  // The value, or nullopt when absent or expired.
  virtual Result<std::optional<std::string>> get(std::string_view key) = 0;
  // Atomic get-and-delete: of concurrent takes of one key, exactly one gets the value (single-use
  // OAuth state).
  virtual Result<std::optional<std::string>> take(std::string_view key) = 0;
  // Adds one to a fixed-window counter; the first increment starts a window of `window` (later
  // ones do not extend it), and the next increment after it ends counts 1 again (rate limits).
  virtual Result<WindowCount> increment(std::string_view key, std::chrono::milliseconds window) = 0;
  // Sets `key` only if it is absent: true when this call set it (idempotency keys).
  virtual Result<bool> put_if_absent(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) = 0;
};

}  // namespace veza
