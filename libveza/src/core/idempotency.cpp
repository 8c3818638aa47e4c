#include <veza/core/idempotency.hpp>

#include <veza/core/crypto.hpp>

namespace veza {
namespace {

// Stored value: a state letter, the request's SHA-256 (64 hex digits), then for an answer its
// status (3 digits), Location, a newline and the body. Location never holds a newline.
constexpr char kRunning = 'r', kAnswered = 'a';
constexpr std::size_t kHashLength = 64, kHeadLength = 1 + kHashLength;

std::string store_key(std::string_view scope, std::string_view key) {
  // The client's key is hashed too: any bytes it holds stay out of the store's key space.
  return "idem:" + std::string(scope) + ":" + sha256_hex(key);
}

}  // namespace

Result<IdempotencyKeys::Claim> IdempotencyKeys::claim(std::string_view scope, std::string_view key,
                                                      std::string_view request) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return make_error(ErrorCode::invalid_argument,
                      "Idempotency-Key must be 1.." + std::to_string(kMaxKeyLength) + " characters");
  }
  const std::string name = store_key(scope, key), fingerprint = sha256_hex(request);
  Result<std::optional<std::string>> seen = std::optional<std::string>{};
  // Twice at most: a key that expires between put_if_absent and get is free again.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto fresh = store_.put_if_absent(name, kRunning + fingerprint, running_);
    if (!fresh) return std::move(fresh).error();
    if (*fresh) return Claim{Verdict::run, {}};
    seen = store_.get(name);
    if (!seen) return std::move(seen).error();
    if (*seen) break;
  }
  if (!*seen) return Claim{Verdict::in_progress, {}};
  const std::string& v = **seen;
  if (v.size() < kHeadLength || v.compare(1, kHashLength, fingerprint) != 0) return Claim{Verdict::mismatch, {}};
  if (v[0] != kAnswered) return Claim{Verdict::in_progress, {}};
  Claim c{Verdict::replay, {}};
  const std::size_t newline = v.find('\n', kHeadLength);
  if (v.size() < kHeadLength + 3 || newline == std::string::npos) {
    return make_error(ErrorCode::internal, "a stored idempotent answer is unreadable");
  }
  c.answer.status = static_cast<unsigned>(std::stoul(v.substr(kHeadLength, 3)));
  c.answer.location = v.substr(kHeadLength + 3, newline - kHeadLength - 3);
  c.answer.body = v.substr(newline + 1);
  return c;
}

Result<void> IdempotencyKeys::finish(std::string_view scope, std::string_view key, std::string_view request,
                                     const StoredAnswer& answer) {
  if (answer.status < 100 || answer.status > 999 || answer.location.find('\n') != std::string::npos) {
    return make_error(ErrorCode::internal, "an answer kept for an idempotency key needs a 3-digit status");
  }
  std::string value(1, kAnswered);
  value += sha256_hex(request);
  value += std::to_string(answer.status);
  value += answer.location;
  value += '\n';
  value += answer.body;
  return store_.put(store_key(scope, key), value, keep_);
}

Result<void> IdempotencyKeys::release(std::string_view scope, std::string_view key) {
  auto gone = store_.take(store_key(scope, key));
  if (!gone) return std::move(gone).error();
  return {};
}

Result<IdempotentAnswer> IdempotencyKeys::run(std::string_view scope, std::string_view key, std::string_view request,
                                              const std::function<StoredAnswer()>& handle) {
  auto claimed = claim(scope, key, request);
  if (!claimed) return std::move(claimed).error();
  switch (claimed->verdict) {
    case Verdict::replay:
      return IdempotentAnswer{std::move(claimed->answer), true};
    case Verdict::mismatch:
      return make_error(ErrorCode::validation_failed,
                        "this Idempotency-Key was used for a different request; use a new key");
    case Verdict::in_progress: {
      Error busy = make_error(ErrorCode::conflict, "a request with this Idempotency-Key is still running; retry shortly");
      busy.retry_after_s = 1;
      return busy;
    }
    case Verdict::run:
      break;
  }
  IdempotentAnswer out{handle(), false};
  // A kept answer that is lost leaves the key claimed: a repeat is refused (409) until the
  // claim expires, never run twice. A key not given back frees itself the same way.
  const bool success = out.answer.status >= 200 && out.answer.status < 300;
  auto done = success ? finish(scope, key, request, out.answer) : release(scope, key);
  if (!done && logger_ != nullptr) {
    logger_->log(LogLevel::warn, success ? "an idempotent answer could not be kept" : "an idempotency key could not be released",
                 {{"error", done.error().message}});
  }
  return out;
}

}  // namespace veza
