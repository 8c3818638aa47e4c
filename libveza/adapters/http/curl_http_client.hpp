#pragma once
#include <chrono>

#include <veza/core/http_client.hpp>

namespace veza::adapters {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{2000};  // VEZA_HTTP_CONNECT_TIMEOUT_MS
  std::chrono::milliseconds timeout{10000};         // VEZA_HTTP_TIMEOUT_MS, when the request sets none
};

// HttpClient over libcurl's easy interface: one handle per exchange (thread-safe
// without sharing), no signals (worker threads), no retries (RetryingHttpClient decides).
class VEZA_API CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options);
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  CurlOptions options_;
};

}  // namespace veza::adapters
