#include "adapters/system/stderr_logger.hpp"

#include <cstdio>
#include <string>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace veza::adapters {
namespace {
std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}
std::string quoted(std::string_view s) { return boost::json::serialize(boost::json::string(s)); }
}  // namespace

void StderrLogger::log(LogLevel level, std::string_view message, const LogFields& fields) {
  if (level < min_level_) return;
  std::string line = "{\"ts\":" + quoted(format_timestamp(clock_.now())) + ",\"level\":" + quoted(level_name(level)) +
                     ",\"msg\":" + quoted(message);
  for (const auto& [key, value] : fields) line += "," + quoted(key) + ":" + quoted(value);
  line += "}\n";
  const std::lock_guard lock(mutex_);
  std::fputs(line.c_str(), stderr);
}

}  // namespace veza::adapters
