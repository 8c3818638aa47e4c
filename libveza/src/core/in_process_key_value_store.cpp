#include <veza/core/in_process_key_value_store.hpp>

#include <iterator>

namespace veza {

namespace {

Result<void> check_ttl(std::chrono::milliseconds ttl, std::string_view what) {
  if (ttl.count() <= 0) {
    return make_error(ErrorCode::invalid_argument, std::string(what) + " must be positive");
  }
  return ok();
}

}  // namespace

InProcessKeyValueStore::Map::iterator InProcessKeyValueStore::live(std::string_view key,
                                                                   std::chrono::steady_clock::time_point now) {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.expires <= now) {
    entries_.erase(it);
    return entries_.end();
  }
  return it;
}

void InProcessKeyValueStore::note_write(std::chrono::steady_clock::time_point now) {
  if (++writes_ % sweep_every_ != 0) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
  }
}

Result<void> InProcessKeyValueStore::put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  VEZA_TRY_VOID(check_ttl(ttl, "ttl"));
  const std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  entries_.insert_or_assign(std::string(key), Entry{std::string(value), 0, now + ttl});
  note_write(now);
  return ok();
}

Result<std::optional<std::string>> InProcessKeyValueStore::get(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = live(key, clock_.monotonic());
  if (it == entries_.end()) return std::optional<std::string>{};
  // A counter reads back as its decimal value, as it does in Redis.
  if (it->second.count > 0) return std::optional<std::string>{std::to_string(it->second.count)};
  return std::optional<std::string>{it->second.value};
}

Result<std::optional<std::string>> InProcessKeyValueStore::take(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = live(key, clock_.monotonic());
  if (it == entries_.end()) return std::optional<std::string>{};
  std::optional<std::string> out{it->second.count > 0 ? std::to_string(it->second.count) : std::move(it->second.value)};
  entries_.erase(it);
  return out;
}

Result<WindowCount> InProcessKeyValueStore::increment(std::string_view key, std::chrono::milliseconds window) {
  VEZA_TRY_VOID(check_ttl(window, "window"));
  const std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  auto it = live(key, now);
  if (it == entries_.end()) {
    it = entries_.emplace(std::string(key), Entry{{}, 0, now + window}).first;
    note_write(now);
  }
  auto& entry = it->second;
  ++entry.count;
  return WindowCount{entry.count, std::chrono::duration_cast<std::chrono::milliseconds>(entry.expires - now)};
}

Result<bool> InProcessKeyValueStore::put_if_absent(std::string_view key, std::string_view value,
                                                   std::chrono::milliseconds ttl) {
  VEZA_TRY_VOID(check_ttl(ttl, "ttl"));
  const std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  if (live(key, now) != entries_.end()) return false;
  entries_.emplace(std::string(key), Entry{std::string(value), 0, now + ttl});
  note_write(now);
  return true;
}

std::size_t InProcessKeyValueStore::size() const {
  const std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  std::size_t n = 0;
  for (const auto& [key, entry] : entries_) if (entry.expires > now) ++n;
  return n;
}

}  // namespace veza
