#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza::adapters {

// Where and how to reach one Redis server.
struct RedisEndpoint {
  std::string host;
  std::uint16_t port = 6379;
  std::string user;      // Redis 6 ACL user; empty: AUTH with the password only
  std::string password;  // empty: no AUTH
  std::int64_t db = 0;
  std::string display;   // the URL without its password, for messages and logs
};

// redis://host[:port][/db], redis://:password@host[:port][/db] or redis://user:password@…
// (percent-encoded). `invalid_argument` otherwise; the message never repeats a password.
VEZA_API Result<RedisEndpoint> parse_redis_url(std::string_view url);

}  // namespace veza::adapters
