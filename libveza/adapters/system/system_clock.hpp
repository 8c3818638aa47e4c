#pragma once
#include <veza/core/clock.hpp>

namespace veza::adapters {

// The one place that reads real wall-clock time (CheckLayering allows it in system_clock.cpp only).
class VEZA_API SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override;
  [[nodiscard]] std::chrono::steady_clock::time_point monotonic() const override;
};

}  // namespace veza::adapters
