#include "support/sequential_ids.hpp"

#include <cstdio>

namespace veza::testing {

std::string SequentialIds::next() { return nth(next_.fetch_add(1)); }

std::string SequentialIds::nth(std::uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-7000-8000-%012llx",
                static_cast<unsigned long long>(n & 0xFFFF'FFFF'FFFFULL));
  return buf;
}

}  // namespace veza::testing
