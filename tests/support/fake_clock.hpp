#pragma once
#include <chrono>

#include <veza/core/clock.hpp>

namespace veza::testing {

// A clock that moves only when told to; wall and monotonic time advance together.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = Timestamp{std::chrono::milliseconds{1'782'900'930'123}}) : now_(start) {}
  [[nodiscard]] Timestamp now() const override { return now_; }
  [[nodiscard]] std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::time_point{} + elapsed_;
  }
  void advance(std::chrono::milliseconds d) {
    now_ += d;
    elapsed_ += d;
  }
  // Moves wall time only (a clock step), as NTP may.
  void set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
  std::chrono::milliseconds elapsed_{0};
};

}  // namespace veza::testing
