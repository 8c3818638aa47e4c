#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <veza/core/export.hpp>

namespace veza {

enum class LogLevel { debug, info, warn, error };

using LogFields = std::vector<std::pair<std::string, std::string>>;

// Port: structured events. The library never prints; a host plugs in its own sink.
class VEZA_API Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogLevel level, std::string_view message, const LogFields& fields = {}) = 0;
};

}  // namespace veza
