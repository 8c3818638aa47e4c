#pragma once
// The DocumentRenderer port in memory: a deterministic "PDF" (a marker plus the snapshot's
// canonical JSON), with failure and output changes on demand for verify tests.
#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include <veza/invoicing/document_renderer.hpp>

namespace veza::testing {

class FakeDocumentRenderer final : public invoicing::DocumentRenderer {
 public:
  Result<std::string> render(const invoicing::DocumentSnapshot& snapshot) override {
    ++calls;
    const std::lock_guard lock(mutex_);
    if (fail_with) return *fail_with;
    return "%FAKEPDF " + suffix + invoicing::encode_snapshot(snapshot);
  }
  // Set before the calls it should affect (not thread-safe against concurrent renders).
  std::optional<Error> fail_with;
  std::string suffix;  // changes every later rendering (a renderer upgrade, for verify)
  std::atomic<int> calls{0};

 private:
  std::mutex mutex_;
};

}  // namespace veza::testing
