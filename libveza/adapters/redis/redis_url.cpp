#include "adapters/redis/redis_url.hpp"

#include <charconv>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "adapters/system/redact_url.hpp"

namespace veza::adapters {

Result<RedisEndpoint> parse_redis_url(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    return make_error(ErrorCode::invalid_argument,
                      "Redis URL is malformed: use redis://host:port/db or redis://:password@host:port/db");
  }
  const auto& u = *parsed;
  RedisEndpoint out;
  out.display = redact_url(url);
  if (u.scheme() != "redis") {
    return make_error(ErrorCode::invalid_argument, "Redis URL " + out.display + " is not redis://: TLS (rediss://) is not supported");
  }
  out.host = u.host_address();
  if (out.host.empty()) return make_error(ErrorCode::invalid_argument, "Redis URL " + out.display + " names no host");
  if (u.has_port()) {
    if (u.port_number() == 0) return make_error(ErrorCode::invalid_argument, "Redis URL " + out.display + " has an invalid port");
    out.port = u.port_number();
  }
  if (u.has_userinfo()) {
    out.user = u.user();
    out.password = u.password();
  }
  std::string path = u.path();
  if (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (!path.empty()) {
    const auto* end = path.data() + path.size();
    const auto [ptr, ec] = std::from_chars(path.data(), end, out.db);
    if (ec != std::errc{} || ptr != end || out.db < 0) {
      return make_error(ErrorCode::invalid_argument, "Redis URL " + out.display + ": the path must be a database number");
    }
  }
  if (u.has_query() || u.has_fragment()) {
    return make_error(ErrorCode::invalid_argument, "Redis URL " + out.display + ": query options are not supported");
  }
  return out;
}

}  // namespace veza::adapters
