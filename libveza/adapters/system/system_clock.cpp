#include "adapters/system/system_clock.hpp"

namespace veza::adapters {

Timestamp SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace veza::adapters
