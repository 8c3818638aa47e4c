#pragma once
#include <string>

#include <veza/core/result.hpp>
#include <veza/invoicing/document.hpp>

namespace veza::invoicing {

// Port: a document snapshot → PDF bytes. Must be deterministic (the same snapshot gives the
// same bytes: fixed document id, dates from the snapshot, never from the clock), so a stored
// document can be re-rendered on demand and its hash checked. Thread-safe.
class VEZA_API DocumentRenderer {
 public:
  virtual ~DocumentRenderer() = default;
  virtual Result<std::string> render(const DocumentSnapshot& snapshot) = 0;
};

}  // namespace veza::invoicing
