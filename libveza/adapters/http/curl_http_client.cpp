#include "adapters/http/curl_http_client.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>

#include <curl/curl.h>

namespace veza::adapters {
namespace {

std::once_flag g_curl_init;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<HttpHeaders*>(user);
  const std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon == std::string::npos) {
    // A new status line (after a 100 Continue or a redirect) starts a new header block.
    if (line.rfind("HTTP/", 0) == 0) headers->clear();
    return size * count;
  }
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  std::string value = line.substr(colon + 1);
  const auto first = value.find_first_not_of(" \t");
  const auto last = value.find_last_not_of(" \t\r\n");
  value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
  headers->emplace_back(std::move(name), std::move(value));
  return size * count;
}

// Scheme and host only: an error message names where we called, never a path, query or header.
std::string origin(const std::string& url) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto end = url.find('/', start);
  return url.substr(0, end == std::string::npos ? url.size() : end);
}

struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

}  // namespace

CurlHttpClient::CurlHttpClient(CurlOptions options) : options_(options) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
  std::unique_ptr<CURL, EasyFree> easy(curl_easy_init());
  if (!easy) return make_error(ErrorCode::internal, "cannot create an HTTP client handle", "transport");
  CURL* c = easy.get();
  HttpResponse response;
  std::unique_ptr<curl_slist, SlistFree> headers;
  for (const auto& [name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) return make_error(ErrorCode::internal, "out of memory building HTTP headers", "transport");
    (void)headers.release();
    headers.reset(next);
  }
  const long total_ms = static_cast<long>(request.timeout.value_or(options_.timeout).count());
  const long connect_ms = std::min(total_ms, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, std::max(total_ms, 1L));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::max(connect_ms, 1L));
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  if (request.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    const bool timeout = rc == CURLE_OPERATION_TIMEDOUT;
    return make_error(ErrorCode::upstream_failed,
                      request.method + " " + origin(request.url) + " failed: " + curl_easy_strerror(rc),
                      timeout ? "timeout" : "transport");
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<unsigned>(status);
  return response;
}

}  // namespace veza::adapters
