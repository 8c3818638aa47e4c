#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include <veza/core/clock.hpp>
#include <veza/core/logger.hpp>

namespace veza::adapters {

// One JSON object per line: {"ts":…,"level":…,"msg":…, fields…}, on stderr by default.
//
// The caller only formats its line and appends it to a buffer; a writer thread sends the buffer
// to the stream in batches (every few milliseconds, or sooner when it fills), so a request (one
// access-log line each) never waits on a write(2) nor wakes a thread.
// Nothing is dropped: when `max_pending_bytes` are waiting, callers wait for the writer (the
// back-pressure a synchronous write gives). Error lines are written before log() returns, and
// the destructor writes everything still pending. Thread-safe; lines keep their order.
class VEZA_API StderrLogger final : public Logger {
 public:
  StderrLogger(const Clock& clock, LogLevel min_level, std::FILE* out = stderr,
               std::size_t max_pending_bytes = 4 * 1024 * 1024);
  ~StderrLogger() override;
  StderrLogger(const StderrLogger&) = delete;
  StderrLogger& operator=(const StderrLogger&) = delete;

  void log(LogLevel level, std::string_view message, const LogFields& fields = {}) override;
  // Returns once every line logged before the call has been written.
  void flush();

 private:
  void write_loop();
  // Has the writer send everything up to line number `line` now, and waits for it.
  void wait_written(std::unique_lock<std::mutex>& lock, std::uint64_t line);

  const Clock& clock_;
  LogLevel min_level_;
  std::FILE* out_;
  std::size_t max_pending_bytes_;

  std::mutex mutex_;  // guards what follows
  std::condition_variable work_;      // the writer: lines pending, or stop
  std::condition_variable progress_;  // callers: room in the buffer, or a batch written
  std::string pending_;               // whole lines, not yet handed to the writer
  std::uint64_t appended_ = 0;        // batches: lines appended so far…
  std::uint64_t written_ = 0;         // …and written so far (flush waits for the first to reach the second)
  bool urgent_ = false;  // a caller waits for the batch: no window
  bool stopping_ = false;
  std::thread writer_;  // last: started once everything above exists
};

}  // namespace veza::adapters
