#include "adapters/redis/redis_connection.hpp"

#include <utility>

#include <hiredis/hiredis.h>

namespace veza::adapters {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

RedisReply copy_reply(const redisReply& r) {
  RedisReply out;
  switch (r.type) {
    case REDIS_REPLY_STRING: out.type = RedisReply::Type::string; break;
    case REDIS_REPLY_STATUS: out.type = RedisReply::Type::status; break;
    case REDIS_REPLY_ERROR: out.type = RedisReply::Type::error; break;
    case REDIS_REPLY_INTEGER: out.type = RedisReply::Type::integer; break;
    case REDIS_REPLY_ARRAY: out.type = RedisReply::Type::array; break;
    default: out.type = RedisReply::Type::nil; break;
  }
  if (r.str != nullptr) out.text.assign(r.str, r.len);
  out.integer = r.integer;
  for (std::size_t i = 0; i < r.elements; ++i) {
    if (r.element[i] != nullptr) out.elements.push_back(copy_reply(*r.element[i]));
  }
  return out;
}

}  // namespace

Result<RedisConnection> RedisConnection::open(const RedisEndpoint& endpoint, std::chrono::milliseconds connect_timeout,
                                              std::chrono::milliseconds command_timeout) {
  // hiredis treats a zero timeout as "already expired" on connect and "none" on commands:
  // neither is what a caller out of time means.
  if (connect_timeout.count() <= 0 || command_timeout.count() <= 0) {
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint.display + ": no time left to connect");
  }
  redisContext* context = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, to_timeval(connect_timeout));
  if (context == nullptr) return make_error(ErrorCode::unavailable, "Redis at " + endpoint.display + ": out of memory");
  if (context->err != 0) {
    std::string why = context->errstr;
    redisFree(context);
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint.display + " is unreachable: " + why);
  }
  if (redisSetTimeout(context, to_timeval(command_timeout)) != REDIS_OK) {
    redisFree(context);
    return make_error(ErrorCode::unavailable, "Redis at " + endpoint.display + ": could not set the command timeout");
  }
  RedisConnection conn(context, endpoint.display);
  if (!endpoint.password.empty()) {
    std::vector<std::string_view> auth{"AUTH"};
    if (!endpoint.user.empty()) auth.emplace_back(endpoint.user);
    auth.emplace_back(endpoint.password);
    auto r = conn.command(auth);
    if (!r) return std::move(r).error();
    // The server's reply to AUTH names no password, but say only what matters.
    if (r->type == RedisReply::Type::error) {
      return make_error(ErrorCode::unavailable, "Redis at " + endpoint.display + " refused the credentials");
    }
  }
  if (endpoint.db != 0) {
    const std::string db = std::to_string(endpoint.db);
    auto r = conn.command({"SELECT", db});
    if (!r) return std::move(r).error();
    if (r->type == RedisReply::Type::error) {
      return make_error(ErrorCode::unavailable, "Redis at " + endpoint.display + " refused SELECT: " + r->text);
    }
  }
  return conn;
}

RedisConnection::RedisConnection(RedisConnection&& other) noexcept
    : context_(std::exchange(other.context_, nullptr)), display_(std::move(other.display_)), broken_(other.broken_) {}

RedisConnection& RedisConnection::operator=(RedisConnection&& other) noexcept {
  if (this != &other) {
    if (context_ != nullptr) redisFree(context_);
    context_ = std::exchange(other.context_, nullptr);
    display_ = std::move(other.display_);
    broken_ = other.broken_;
  }
  return *this;
}

RedisConnection::~RedisConnection() {
  if (context_ != nullptr) redisFree(context_);
}

Result<void> RedisConnection::set_timeout(std::chrono::milliseconds timeout) {
  if (context_ == nullptr || timeout.count() <= 0 || redisSetTimeout(context_, to_timeval(timeout)) != REDIS_OK) {
    return make_error(ErrorCode::unavailable, "Redis at " + display_ + ": could not set the command timeout");
  }
  return ok();
}

Result<RedisReply> RedisConnection::command(const std::vector<std::string_view>& args) {
  if (context_ == nullptr || broken_) {
    return make_error(ErrorCode::unavailable, "Redis at " + display_ + ": the connection is closed");
  }
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (const auto a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  void* raw = redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lens.data());
  if (raw == nullptr) {
    // hiredis leaves the context unusable after an I/O error or timeout.
    broken_ = true;
    return make_error(ErrorCode::unavailable, "Redis at " + display_ + " did not answer: " + context_->errstr);
  }
  auto* reply = static_cast<redisReply*>(raw);
  RedisReply out = copy_reply(*reply);
  freeReplyObject(reply);
  return out;
}

}  // namespace veza::adapters
