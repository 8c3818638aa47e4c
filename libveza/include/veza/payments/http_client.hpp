#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::payments {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  // The caller vouches that sending this twice is harmless. GETs are always retry-safe; a
  // payment or refund POST never is (DESIGN: its outcome must be looked up, not re-sent).
  bool retry_safe = false;
  // Set by RetryingHttpClient for each attempt: what is left of the call's time budget.
  std::optional<std::chrono::milliseconds> timeout;
};

struct VEZA_API HttpResponse {
  unsigned status = 0;
  HttpHeaders headers;  // names lower-case
  std::string body;
  [[nodiscard]] std::optional<std::string_view> header(std::string_view lower_name) const;
};

// Port: one outbound HTTP exchange. An error means no response was seen (connect failure,
// timeout, reset): `upstream_failed` with detail `timeout` or `transport`. The message names
// the host and what failed, never a header value (the api key travels in one).
class VEZA_API HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

struct RetryPolicy {
  std::chrono::milliseconds budget{10000};         // the whole call, every attempt and wait included
  std::chrono::milliseconds first_backoff{100};    // doubled after each retry when no Retry-After
  int max_attempts = 3;
};

// DESIGN's HttpClient rule as a decorator over a transport: retries on 429/5xx (and on a failed
// exchange) only for GETs or requests marked retry_safe, and only while the wait (Retry-After
// when given) fits in what is left of the budget; otherwise the last answer is returned at once
// and the caller maps it (502). `sleep` blocks the calling worker thread, never an I/O thread:
// service calls already run on the server's worker pool.
class VEZA_API RetryingHttpClient final : public HttpClient {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  RetryingHttpClient(HttpClient& transport, const Clock& clock, RetryPolicy policy, Sleep sleep)
      : transport_(transport), clock_(clock), policy_(policy), sleep_(std::move(sleep)) {}
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  HttpClient& transport_;
  const Clock& clock_;
  RetryPolicy policy_;
  Sleep sleep_;
};

// Retry-After in delta-seconds ("3"); an HTTP date or junk gives nullopt.
VEZA_API std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

}  // namespace veza::payments
