#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <veza/core/clock.hpp>
#include <veza/core/key_value_store.hpp>

namespace veza {

// The KeyValueStore of one process, when no Redis is configured: the same semantics, but keys
// are not shared between server instances (rate limits count per instance). Expiry follows
// Clock::monotonic(); expired keys are purged as they are met and by a sweep every
// `sweep_every` writes, so the map does not grow with keys nobody reads again.
class VEZA_API InProcessKeyValueStore final : public KeyValueStore {
 public:
  explicit InProcessKeyValueStore(const Clock& clock, std::size_t sweep_every = 1024)
      : clock_(clock), sweep_every_(sweep_every == 0 ? 1 : sweep_every) {}

  Result<void> put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  Result<std::optional<std::string>> get(std::string_view key) override;
  Result<std::optional<std::string>> take(std::string_view key) override;
  Result<WindowCount> increment(std::string_view key, std::chrono::milliseconds window) override;
  Result<bool> put_if_absent(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;

  // Live keys (expired ones not counted), for tests and diagnostics.
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    std::string value;
    std::int64_t count = 0;
    std::chrono::steady_clock::time_point expires;
  };
  using Map = std::map<std::string, Entry, std::less<>>;

  // The live entry for `key` (an expired one is erased), or end().
  Map::iterator live(std::string_view key, std::chrono::steady_clock::time_point now);
  void note_write(std::chrono::steady_clock::time_point now);

  const Clock& clock_;
  std::size_t sweep_every_;
  mutable std::mutex mutex_;
  Map entries_;
  std::size_t writes_ = 0;
};

}  // namespace veza
