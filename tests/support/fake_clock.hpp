#pragma once
#include <chrono>

#include <veza/core/clock.hpp>

namespace veza::testing {

// A clock that moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = Timestamp{std::chrono::milliseconds{1'782'900'930'123}}) : now_(start) {}
  [[nodiscard]] Timestamp now() const override { return now_; }
  void advance(std::chrono::milliseconds d) { now_ += d; }
  void set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
};

}  // namespace veza::testing
