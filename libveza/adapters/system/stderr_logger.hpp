#pragma once
#include <mutex>

#include <veza/core/clock.hpp>
#include <veza/core/logger.hpp>

namespace veza::adapters {

// One JSON object per line on stderr: {"ts":…,"level":…,"msg":…, fields…}.
class VEZA_API StderrLogger final : public Logger {
 public:
  StderrLogger(const Clock& clock, LogLevel min_level) : clock_(clock), min_level_(min_level) {}
  void log(LogLevel level, std::string_view message, const LogFields& fields = {}) override;

 private:
  const Clock& clock_;
  LogLevel min_level_;
  std::mutex mutex_;
};

}  // namespace veza::adapters
