#pragma once
#include <mutex>
#include <string>
#include <string_view>

#include <veza/core/clock.hpp>

namespace veza {

// Port: makes ids (UUIDv7 text in production, predictable sequences in tests).
class VEZA_API IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  [[nodiscard]] virtual std::string next() = 0;
};

// UUIDv7 (RFC 9562): 48-bit Unix milliseconds from the clock, then 62 random bits from
// OpenSSL's CSPRNG (drawn in blocks into a per-thread buffer); lower-case hyphenated text. Ids made in the same millisecond stay ordered by a
// monotonic counter in the random field. Safe to share between threads.
class VEZA_API Uuid7Generator final : public IdGenerator {
 public:
  explicit Uuid7Generator(const Clock& clock) : clock_(clock) {}
  [[nodiscard]] std::string next() override;

 private:
  const Clock& clock_;
  std::mutex mutex_;
  long long last_ms_ = -1;
  unsigned counter_ = 0;
};

// True for the canonical 8-4-4-4-12 hex form (either case).
VEZA_API bool is_uuid(std::string_view text) noexcept;

}  // namespace veza
