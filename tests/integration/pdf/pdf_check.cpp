#include "pdf_check.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

namespace veza::testing {
namespace {

// A temp file holding the bytes, removed when it goes out of scope.
struct TempPdf {
  explicit TempPdf(const std::string& bytes) {
    char name[] = "/tmp/veza-pdf-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    path = name;
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~TempPdf() { std::remove(path.c_str()); }
  std::string path;
};

int run(const std::string& command, std::string& out) {
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("popen failed: " + command);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

PdfFacts read_pdf(const std::string& bytes) {
  QPDF q;
  q.setSuppressWarnings(true);
  q.processMemoryFile("document.pdf", bytes.data(), bytes.size());
  PdfFacts f;
  f.pages = static_cast<int>(QPDFPageDocumentHelper(q).getAllPages().size());
  auto info = q.getTrailer().getKey("/Info");
  if (info.isDictionary()) {
    for (const auto& key : info.getKeys()) {
      auto v = info.getKey(key);
      if (v.isString()) f.info[key] = v.getUTF8Value();
    }
  }
  return f;
}

int qpdf_check(const std::string& bytes, std::string* output) {
  TempPdf file(bytes);
  std::string out;
  const int rc = run("qpdf --check '" + file.path + "' 2>&1", out);
  if (output) *output = out;
  return rc;
}

std::string pdf_text(const std::string& bytes, int first, int last) {
  TempPdf file(bytes);
  std::string range;
  if (first > 0) range = " -f " + std::to_string(first) + " -l " + std::to_string(last);
  std::string out;
  run("pdftotext -enc UTF-8 -layout" + range + " '" + file.path + "' - 2>&1", out);
  return out;
}

}  // namespace veza::testing
