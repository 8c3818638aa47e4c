#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>

#include <veza/health/health_probe.hpp>

namespace veza::testing {

// A HealthProbe whose answer, and whether it hangs, the test decides. Counts its checks.
// A hanging check waits for release() or `hang_limit`, whichever comes first, so a test that
// ends early leaves no thread behind for long.
class FakeProbe final : public health::HealthProbe {
 public:
  FakeProbe(std::string name, bool critical) : name_(std::move(name)), critical_(critical) {}

  [[nodiscard]] std::string name() const override { return name_; }
  [[nodiscard]] bool critical() const override { return critical_; }

  Result<void> check(health::Deadline) override {
    std::unique_lock lock(mutex_);
    ++calls_;
    entered_.notify_all();
    if (hang_) released_.wait_for(lock, hang_limit_, [&] { return !hang_; });
    return result_;
  }

  void fail(std::string message = "fake dependency down") {
    const std::lock_guard lock(mutex_);
    result_ = make_error(ErrorCode::unavailable, std::move(message));
  }
  void succeed() {
    const std::lock_guard lock(mutex_);
    result_ = ok();
  }
  // Later checks block until release() (or `limit`).
  void hang(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const std::lock_guard lock(mutex_);
    hang_ = true;
    hang_limit_ = limit;
  }
  void release() {
    const std::lock_guard lock(mutex_);
    hang_ = false;
    released_.notify_all();
  }
  [[nodiscard]] int calls() const {
    const std::lock_guard lock(mutex_);
    return calls_;
  }
  // Waits (up to `limit`) until at least `n` checks have started.
  bool wait_for_calls(int n, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    return entered_.wait_for(lock, limit, [&] { return calls_ >= n; });
  }

 private:
  std::string name_;
  bool critical_;
  mutable std::mutex mutex_;
  std::condition_variable entered_;
  std::condition_variable released_;
  Result<void> result_ = ok();
  bool hang_ = false;
  std::chrono::milliseconds hang_limit_{5000};
  int calls_ = 0;
};

}  // namespace veza::testing
