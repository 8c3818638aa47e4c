#include <veza/core/http_client.hpp>

#include <algorithm>
#include <charconv>

namespace veza {

std::optional<std::string_view> HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  long long seconds = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc{} || p != value.data() + value.size() || seconds < 0 || seconds > 86400) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(seconds * 1000);
}

namespace {

bool retryable_status(unsigned status) { return status == 429 || (status >= 500 && status <= 599); }

}  // namespace

Result<HttpResponse> RetryingHttpClient::send(const HttpRequest& request) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const bool may_retry = request.retry_safe || request.method == "GET";
  const auto deadline = clock_.monotonic() + policy_.budget;
  milliseconds backoff = policy_.first_backoff;
  HttpRequest attempt = request;
  for (int n = 1;; ++n) {
    const auto left = duration_cast<milliseconds>(deadline - clock_.monotonic());
    if (left <= milliseconds(0)) {
      return make_error(ErrorCode::upstream_failed, "the provider did not answer within the time budget", "timeout");
    }
    attempt.timeout = left;
    Result<HttpResponse> r = transport_.send(attempt);
    const bool again = r ? retryable_status(r->status) : r.error().detail != "timeout";
    if (!may_retry || !again || n >= policy_.max_attempts) return r;
    milliseconds wait = backoff;
    if (r) {
      if (auto h = r->header("retry-after")) {
        auto ra = parse_retry_after(*h);
        if (!ra) return r;  // a date or junk: we cannot tell how long, so we do not guess
        wait = *ra;
      }
    }
    // Waiting past the budget only delays the same failure: answer now.
    const auto still_left = duration_cast<milliseconds>(deadline - clock_.monotonic());
    if (wait >= still_left) return r;
    if (wait > milliseconds(0)) sleep_(wait);
    backoff = std::min(backoff * 2, policy_.budget);
  }
}

}  // namespace veza
