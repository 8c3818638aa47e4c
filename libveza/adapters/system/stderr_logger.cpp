#include "adapters/system/stderr_logger.hpp"

#include <chrono>
#include <utility>

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

// Appends `s` as a JSON string (RFC 8259 escapes; other bytes, UTF-8 included, as they are),
// straight into the line: no temporary per field on the path every request takes.
void append_quoted(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // start of the run of bytes that need no escape, copied in one go
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(hex[u >> 4]);
        out.push_back(hex[u & 0x0F]);
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out.push_back('"');
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
  std::string line;
  line.reserve(128 + message.size());
  line.append("{\"ts\":");
  append_quoted(line, timestamp_text(clock_.now()));
  line.append(",\"level\":");
  append_quoted(line, level_name(level));
  line.append(",\"msg\":");
  append_quoted(line, message);
  for (const auto& [key, value] : fields) {
    line.push_back(',');
    append_quoted(line, key);
    line.push_back(':');
    append_quoted(line, value);
  }
  line.append("}\n");

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
