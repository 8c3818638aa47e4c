#pragma once
#include <string>

#include <veza/invoicing/document_renderer.hpp>

namespace veza::adapters {

// DocumentRenderer over QPDF: A4 pages drawn with the standard Helvetica fonts under
// WinAnsiEncoding (no embedded font), long titles wrapped, lines continued on further pages
// with the totals on the last. Deterministic: the /ID is derived from the content
// (QPDFWriter's deterministic id) and the dates come from the snapshot, so the same snapshot
// always gives the same bytes. Each call builds its own QPDF object, so calls may run
// concurrently.
class VEZA_API QpdfDocumentRenderer final : public invoicing::DocumentRenderer {
 public:
  Result<std::string> render(const invoicing::DocumentSnapshot& snapshot) override;
};

}  // namespace veza::adapters
