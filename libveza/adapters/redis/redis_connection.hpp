#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/result.hpp>

#include "adapters/redis/redis_url.hpp"

struct redisContext;  // hiredis's, kept out of includers

namespace veza::adapters {

// A Redis reply copied out of hiredis's (freed at once), so callers never hold hiredis memory.
struct RedisReply {
  enum class Type { string, status, integer, nil, array, error };
  Type type = Type::nil;
  std::string text;  // string, status or error
  std::int64_t integer = 0;
  std::vector<RedisReply> elements;
};

// One blocking hiredis connection (not thread-safe: callers serialise). Connect and every
// command are bounded by timeouts (hiredis 0.14: redisConnectWithTimeout + redisSetTimeout).
// Errors are `unavailable` and name the server by its display URL, never the password.
class VEZA_API RedisConnection {
 public:
  // Connects, then AUTHs and SELECTs as the endpoint says. Both timeouts must be positive.
  static Result<RedisConnection> open(const RedisEndpoint& endpoint, std::chrono::milliseconds connect_timeout,
                                      std::chrono::milliseconds command_timeout);
  RedisConnection(RedisConnection&&) noexcept;
  RedisConnection& operator=(RedisConnection&&) noexcept;
  ~RedisConnection();

  // Sends one command (binary-safe arguments). A Redis error reply is a value (Type::error);
  // an I/O error or timeout is an error, after which this connection is broken().
  Result<RedisReply> command(const std::vector<std::string_view>& args);
  // Bounds each later command by `timeout` (positive).
  Result<void> set_timeout(std::chrono::milliseconds timeout);
  [[nodiscard]] bool broken() const noexcept { return broken_; }

 private:
  RedisConnection(redisContext* context, std::string display) : context_(context), display_(std::move(display)) {}
  redisContext* context_ = nullptr;
  std::string display_;
  bool broken_ = false;
};

}  // namespace veza::adapters
