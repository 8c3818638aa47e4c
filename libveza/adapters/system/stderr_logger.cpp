#include "adapters/system/stderr_logger.hpp"

#include <chrono>
#include <cstring>
#include <utility>

#include <veza/json/json_string.hpp>

namespace veza::adapters {
namespace {

// How long the writer lets a batch fill before writing it, and the size that sends it at once.
// Waking the writer for every line cost a context switch per request (the profile's top entry
// on two CPUs); a few milliseconds of delay on a log line costs nothing.
constexpr auto kBatchWindow = std::chrono::milliseconds(5);
constexpr std::size_t kBatchBytes = 64 * 1024;

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

char* write_raw(char* out, std::string_view s) {
  std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

// format_timestamp for the current millisecond, formatted once per millisecond per thread (its
// snprintf showed in the profile when every request logs a line).
std::string_view timestamp_text(Timestamp now) {
  thread_local Timestamp last{Timestamp::duration(-1)};
  thread_local std::string text;
  if (now != last) {
    text = format_timestamp(now);
    last = now;
  }
  return text;
}

}  // namespace

StderrLogger::StderrLogger(const Clock& clock, LogLevel min_level, std::FILE* out, std::size_t max_pending_bytes)
    : clock_(clock), min_level_(min_level), out_(out), max_pending_bytes_(max_pending_bytes),
      writer_([this] { write_loop(); }) {}

StderrLogger::~StderrLogger() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  writer_.join();  // the writer empties the buffer before it stops
}

void StderrLogger::log(LogLevel level, std::string_view message, const LogFields& fields) {
  if (level < min_level_) return;
  const std::string_view ts = timestamp_text(clock_.now());
  const std::string_view level_text = level_name(level);
  std::size_t bound = json::json_string_bound(ts) + json::json_string_bound(level_text) + json::json_string_bound(message) + 32;
  for (const auto& [key, value] : fields) bound += json::json_string_bound(key) + json::json_string_bound(value) + 2;
  std::string line(bound, '\0');
  char* p = line.data();
  p = write_raw(p, "{\"ts\":");
  p = json::write_json_string(p, ts);
  p = write_raw(p, ",\"level\":");
  p = json::write_json_string(p, level_text);
  p = write_raw(p, ",\"msg\":");
  p = json::write_json_string(p, message);
  for (const auto& [key, value] : fields) {
    *p++ = ',';
    p = json::write_json_string(p, key);
    *p++ = ':';
    p = json::write_json_string(p, value);
  }
  p = write_raw(p, "}\n");
  line.resize(static_cast<std::size_t>(p - line.data()));

  std::unique_lock lock(mutex_);
  // Back-pressure, never a drop: a line larger than the whole budget still goes in once empty.
  progress_.wait(lock, [&] { return pending_.empty() || pending_.size() + line.size() <= max_pending_bytes_; });
  const bool was_empty = pending_.empty();
  pending_.append(line);
  const std::uint64_t mine = ++appended_;
  // The writer sleeps until a batch starts, then for the window; wake it only to start one,
  // or to send a full or urgent one early.
  if (was_empty || pending_.size() >= kBatchBytes) work_.notify_one();
  // An error may come just before a crash: make sure it is out before going on.
  if (level == LogLevel::error) wait_written(lock, mine);
}

void StderrLogger::flush() {
  std::unique_lock lock(mutex_);
  wait_written(lock, appended_);
}

void StderrLogger::wait_written(std::unique_lock<std::mutex>& lock, std::uint64_t line) {
  if (written_ >= line) return;
  urgent_ = true;
  work_.notify_one();
  progress_.wait(lock, [&] { return written_ >= line; });
}

void StderrLogger::write_loop() {
  std::string batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping, and everything is written
    work_.wait_for(lock, kBatchWindow, [&] { return stopping_ || urgent_ || pending_.size() >= kBatchBytes; });
    urgent_ = false;
    batch.clear();
    batch.swap(pending_);  // the callers go on appending to the (empty, reused) other buffer
    const std::uint64_t upto = appended_;
    progress_.notify_all();  // room again
    lock.unlock();
    std::fwrite(batch.data(), 1, batch.size(), out_);
    std::fflush(out_);
    lock.lock();
    written_ = upto;
    progress_.notify_all();
  }
}

}  // namespace veza::adapters
