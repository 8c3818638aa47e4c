#pragma once
// Reading rendered PDFs back: QPDF's own parser and the poppler/qpdf command-line tools.
#include <map>
#include <string>

namespace veza::testing {

struct PdfFacts {
  int pages = 0;
  std::map<std::string, std::string> info;  // /Title → UTF-8 text, …
};

// Parses with QPDF (throws on a broken file, failing the test).
PdfFacts read_pdf(const std::string& bytes);
// `qpdf --check` exit status (0: no errors or warnings) and its output.
int qpdf_check(const std::string& bytes, std::string* output = nullptr);
// pdftotext's UTF-8 text of pages first..last (0: all), layout kept.
std::string pdf_text(const std::string& bytes, int first = 0, int last = 0);

}  // namespace veza::testing
