#pragma once
// Idempotency keys for requests that move money (checkout, refund), after the IETF draft "The
// Idempotency-Key HTTP Header Field": the first request with a key runs and its answer is kept;
// a repeat with the same request gets that answer again; the same key with another request, or
// while the first is still running, is refused instead of run twice.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <veza/core/export.hpp>
#include <veza/core/key_value_store.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/result.hpp>

namespace veza {

// What a request answered, as kept for its repeats.
struct VEZA_API StoredAnswer {
  unsigned status = 0;
  std::string location;  // the Location header, or empty
  std::string body;
};

// What IdempotencyKeys::run gives back: the answer, and whether it is the kept one of an
// earlier request (a repeat).
struct VEZA_API IdempotentAnswer {
  StoredAnswer answer;
  bool replayed = false;
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
  explicit IdempotencyKeys(KeyValueStore& store, Logger* logger = nullptr,
                           std::chrono::milliseconds keep = std::chrono::hours(24),
                           std::chrono::milliseconds running = std::chrono::minutes(2))
      : store_(store), logger_(logger), keep_(keep), running_(running) {}

  // The whole protocol: claims `key`, runs `handle` on a first use and keeps its answer when the
  // status is 2xx (any other frees the key, so a retry runs again); a repeat gets the kept answer
  // (`replayed`). Refusals: `invalid_argument` (the key), `validation_failed` (the key was used
  // for another request), `conflict` with retry_after_s (the first request still runs), or the
  // store's error. A kept answer that cannot be stored is logged, and the answer still returned.
  Result<IdempotentAnswer> run(std::string_view scope, std::string_view key, std::string_view request,
                               const std::function<StoredAnswer()>& handle);

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
  Logger* logger_;  // may be null
  std::chrono::milliseconds keep_, running_;
};

}  // namespace veza
