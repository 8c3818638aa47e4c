// veza-cli invoices get ORDER_ID -o FILE; invoices export --year YYYY --dir DIR;
// invoices verify [--year YYYY]
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <boost/program_options.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

// Writes all bytes or reports which file failed; a partial file is removed.
Result<void> write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out || !out.flush()) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return make_error(ErrorCode::unavailable, "cannot write " + path.string());
  }
  return ok();
}

// A progress bar on a terminal only: redirected output stays clean for scripts.
struct ProgressBar {
  explicit ProgressBar(std::ostream& e, bool enabled) : err(e), on(enabled) {}
  void operator()(std::size_t done, std::size_t total) const {
    if (!on || total == 0) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = done * kWidth / total;
    err << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] " << done << "/" << total
        << std::flush;
    if (done == total) err << "\n";
  }
  std::ostream& err;
  bool on;
};

int get(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("invoices get options");
  desc.add_options()("order", po::value<std::string>()->required(), "order id")(
      "output,o", po::value<std::string>()->required(), "file to write the PDF to");
  po::positional_options_description pos;
  pos.add("order", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli invoices get ORDER_ID -o FILE", &pos);
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto doc = (*rt)->invoices().invoice(p.vm["order"].as<std::string>());
  if (!doc) return ctx.fail(doc.error());
  const std::string path = p.vm["output"].as<std::string>();
  auto written = write_file(path, doc->pdf);
  if (!written) return ctx.fail(written.error());
  if (ctx.json) {
    ctx.out << "{\"number\":\"" << doc->number << "\",\"bytes\":" << doc->pdf.size() << "}\n";
  } else {
    ctx.out << doc->number << " written to " << path << " (" << doc->pdf.size() << " bytes)\n";
  }
  return exit_ok;
}

int export_year(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("invoices export options");
  desc.add_options()("year", po::value<std::string>()->required(), "calendar year, e.g. 2026")(
      "dir", po::value<std::string>()->required(), "directory to write NUMBER.pdf files into (created if missing)");
  auto p = parse_options(ctx, args, desc, "veza-cli invoices export --year YYYY --dir DIR");
  if (p.stop) return p.code;
  auto year = parse_integer("year", p.vm["year"].as<std::string>(), 1970, 9999);
  if (!year) return ctx.fail(year.error());
  const std::filesystem::path dir = p.vm["dir"].as<std::string>();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return ctx.fail(make_error(ErrorCode::unavailable, "cannot create " + dir.string() + ": " + ec.message()));
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  const ProgressBar bar(ctx.err, !ctx.json && isatty(STDERR_FILENO) == 1);
  auto summary = (*rt)->invoices().export_year(
      static_cast<int>(*year),
      [&](const invoicing::RenderedDocument& d) { return write_file(dir / d.filename, d.pdf); },
      [&](std::size_t done, std::size_t total) { bar(done, total); });
  if (!summary) return ctx.fail(summary.error());
  if (ctx.json) {
    ctx.out << "{\"year\":" << *year << ",\"invoices\":" << summary->invoices << ",\"credit_notes\":"
            << summary->credit_notes << ",\"bytes\":" << summary->bytes << "}\n";
  } else {
    ctx.out << "exported " << summary->invoices << " invoice(s) and " << summary->credit_notes << " credit note(s) of "
            << *year << " to " << dir.string() << " (" << summary->bytes << " bytes)\n";
  }
  return exit_ok;
}

int verify(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("invoices verify options");
  desc.add_options()("year", po::value<std::string>(), "only this calendar year");
  auto p = parse_options(ctx, args, desc, "veza-cli invoices verify [--year YYYY]");
  if (p.stop) return p.code;
  std::optional<int> year;
  if (p.vm.count("year")) {
    auto y = parse_integer("year", p.vm["year"].as<std::string>(), 1970, 9999);
    if (!y) return ctx.fail(y.error());
    year = static_cast<int>(*y);
  }
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  const ProgressBar bar(ctx.err, !ctx.json && isatty(STDERR_FILENO) == 1);
  auto report = (*rt)->invoices().verify(year, [&](std::size_t done, std::size_t total) { bar(done, total); });
  if (!report) return ctx.fail(report.error());
  for (const auto& problem : report->problems) ctx.err << problem.number << ": " << problem.reason << "\n";
  if (ctx.json) {
    ctx.out << "{\"checked\":" << report->checked << ",\"problems\":" << report->problems.size() << "}\n";
  } else {
    ctx.out << "checked " << report->checked << " document(s): "
            << (report->problems.empty() ? "all intact" : std::to_string(report->problems.size()) + " tampered or unreadable")
            << "\n";
  }
  // Tampering is a conflict between what is stored and what was issued.
  return report->problems.empty() ? exit_ok : exit_conflict;
}

}  // namespace

int run_invoices(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "invoices",
                  {{"get", "write one order's invoice as PDF", get},
                   {"export", "write every invoice and credit note of a year as PDF", export_year},
                   {"verify", "re-render every stored document and check its hashes", verify}},
                  args);
}

}  // namespace veza::cli
