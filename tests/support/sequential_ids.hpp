#pragma once
#include <atomic>
#include <cstdint>
#include <string>

#include <veza/core/id.hpp>

namespace veza::testing {

// Predictable ids: valid UUIDv7-shaped text that increases with every call, so tests can name
// the ids they expect and "ordered by id" means "in creation order":
// 00000000-0000-7000-8000-000000000001, …-000000000002, …
class SequentialIds final : public IdGenerator {
 public:
  explicit SequentialIds(std::uint64_t first = 1) : next_(first) {}
  [[nodiscard]] std::string next() override;

  // The id the n-th call returns (n from `first`), without consuming one.
  [[nodiscard]] static std::string nth(std::uint64_t n);

 private:
  std::atomic<std::uint64_t> next_;
};

}  // namespace veza::testing
