#include <veza/core/id.hpp>

#include <pthread.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <openssl/rand.h>

namespace veza {
namespace {

// Random bits from OpenSSL's CSPRNG, drawn a block at a time into a per-thread buffer: one
// RAND_bytes call (and its fork check, a getpid syscall) per 64 ids instead of per id, and no
// lock. Each byte is handed out once. A forked child must not reuse the parent's unspent bytes,
// so a fork bumps a generation that makes every buffer refill before its next use.
constexpr std::size_t kRandomBlockBytes = 512;
std::atomic<unsigned> fork_generation{0};

void bump_fork_generation() noexcept { fork_generation.fetch_add(1, std::memory_order_relaxed); }

struct RandomBlock {
  std::array<unsigned char, kRandomBlockBytes> bytes{};
  std::size_t used = kRandomBlockBytes;  // empty until the first draw
  unsigned generation = 0;
};

void random_bytes(unsigned char* out, std::size_t n) {
  static const bool fork_handler = [] { return pthread_atfork(nullptr, nullptr, bump_fork_generation) == 0; }();
  if (!fork_handler) throw std::runtime_error("pthread_atfork failed");
  thread_local RandomBlock block;
  const unsigned generation = fork_generation.load(std::memory_order_relaxed);
  if (block.used + n > block.bytes.size() || block.generation != generation) {
    if (RAND_bytes(block.bytes.data(), static_cast<int>(block.bytes.size())) != 1) {
      throw std::runtime_error("RAND_bytes failed");
    }
    block.used = 0;
    block.generation = generation;
  }
  std::memcpy(out, block.bytes.data() + block.used, n);
  std::memset(block.bytes.data() + block.used, 0, n);  // spent bytes do not linger in memory
  block.used += n;
}

}  // namespace

std::string Uuid7Generator::next() {
  // Bytes 0-7 are the time, version and counter written below; 8-15 are random.
  std::array<unsigned char, 16> b{};
  random_bytes(b.data() + 8, 8);
  const std::lock_guard lock(mutex_);
  long long ms = clock_.now().time_since_epoch().count();
  // Monotonic within this generator: a clock that stands still or steps back keeps the
  // previous millisecond and bumps a 12-bit counter in rand_a (RFC 9562 §6.2, method 1).
  if (ms <= last_ms_) {
    ms = last_ms_;
    if (++counter_ > 0xFFF) {
      ++ms;
      counter_ = 0;
    }
  } else {
    counter_ = 0;
  }
  last_ms_ = ms;
  const auto t = static_cast<std::uint64_t>(ms);
  for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(t >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | ((counter_ >> 8) & 0x0F));
  b[7] = static_cast<unsigned char>(counter_ & 0xFF);
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
  static constexpr char hex[] = "0123456789abcdef";
  std::array<char, 36> text{};
  std::size_t at = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text[at++] = '-';
    text[at++] = hex[b[i] >> 4];
    text[at++] = hex[b[i] & 0x0F];
  }
  return std::string(text.data(), text.size());
}

bool is_uuid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace veza
