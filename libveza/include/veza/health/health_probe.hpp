#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <veza/core/result.hpp>

namespace veza::health {

// A point in Clock::monotonic() time by which a probe should have answered.
using Deadline = std::chrono::steady_clock::time_point;

// Port: one named dependency check ("db", "redis", "rabbitmq").
//
// HealthService runs check() on a thread of its own and stops waiting at the deadline, so a probe
// may outlive the call that started it: the service holds probes by shared_ptr, and whatever a
// probe refers to must outlive the probe (the composition root declares it first). A probe
// should still give up by `deadline` itself, or its late threads pile up; the service starts no
// second check of a probe whose previous one is still running.
class VEZA_API HealthProbe {
 public:
  virtual ~HealthProbe() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  // A critical dependency down makes the whole service down (the database); any other, degraded.
  [[nodiscard]] virtual bool critical() const = 0;
  // Ok when the dependency answered as expected, otherwise an error (`unavailable`) whose
  // message says why, without secrets. Never throws.
  virtual Result<void> check(Deadline deadline) = 0;
};

// A probe over a function, for dependencies whose client already lives elsewhere: the
// composition root wraps `SqlDatabase::ping()` as FunctionProbe("db", true, …).
class VEZA_API FunctionProbe final : public HealthProbe {
 public:
  using Check = std::function<Result<void>(Deadline)>;
  FunctionProbe(std::string name, bool critical, Check check)
      : name_(std::move(name)), critical_(critical), check_(std::move(check)) {}
  [[nodiscard]] std::string name() const override { return name_; }
  [[nodiscard]] bool critical() const override { return critical_; }
  Result<void> check(Deadline deadline) override { return check_(deadline); }

 private:
  std::string name_;
  bool critical_;
  Check check_;
};

}  // namespace veza::health
