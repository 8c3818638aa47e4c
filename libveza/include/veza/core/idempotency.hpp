#pragma once
// Idempotency keys for requests that move money (checkout, refund), after the IETF draft "The
// Idempotency-Key HTTP Header Field": the first request with a key runs and its answer is kept;
// a repeat with the same request gets that answer again; the same key with another request, or
// while the first is still running, is refused instead of run twice.
#include <chrono>
#include <string>
#include <string_view>

#include <veza/core/export.hpp>
#include <veza/core/key_value_store.hpp>
#include <veza/core/result.hpp>

namespace veza {

// What a request answered, as kept for its repeats.
struct VEZA_API StoredAnswer {
  unsigned status = 0;
  std::string location;  // the Location header, or empty
  std::string body;
};

class VEZA_API IdempotencyKeys {
 public:
  static constexpr std::size_t kMaxKeyLength = 200;

  enum class Verdict {
    run,          // first use: run the request, then finish() or release()
    replay,       // the same request already answered: `answer` is that answer
    in_progress,  // the same key is running now (409: retry shortly)
    mismatch,     // the key was used for another request (422)
  };
  struct Claim {
    Verdict verdict = Verdict::run;
    StoredAnswer answer;  // replay only
  };

  // `keep`: how long answers are replayed; `running`: how long a claim holds without an answer
  // (a server that died mid-request frees its keys after that).
  explicit IdempotencyKeys(KeyValueStore& store, std::chrono::milliseconds keep = std::chrono::hours(24),
                           std::chrono::milliseconds running = std::chrono::minutes(2))
      : store_(store), keep_(keep), running_(running) {}

  // Claims `key` within `scope` (who and what: "checkout:<user id>") for `request` (whatever
  // makes two requests the same: method, target and body; only its SHA-256 is kept). A key
  // that is empty or longer than kMaxKeyLength is `invalid_argument`.
  Result<Claim> claim(std::string_view scope, std::string_view key, std::string_view request);
  // Keeps the answer of a claimed request for its repeats.
  Result<void> finish(std::string_view scope, std::string_view key, std::string_view request, const StoredAnswer& answer);
  // Gives a claimed key back (the request failed; a retry runs it again).
  Result<void> release(std::string_view scope, std::string_view key);

 private:
  KeyValueStore& store_;
  std::chrono::milliseconds keep_, running_;
};

}  // namespace veza
