// veza-cli migrate [--status]
#include <iomanip>
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {
void print_status(Context& ctx, const MigrationStatus& s) {
  ctx.out << "schema version " << s.current << " (this binary knows up to " << s.latest << ")\n";
  for (const auto& a : s.applied) {
    ctx.out << "  applied  " << std::setw(3) << std::setfill('0') << a.version << std::setfill(' ') << "  " << a.name
            << "  " << format_timestamp(a.applied_at) << "\n";
  }
  for (const auto& p : s.pending) {
    ctx.out << "  pending  " << std::setw(3) << std::setfill('0') << p.version << std::setfill(' ') << "  " << p.name
            << "\n";
  }
  if (s.pending.empty()) ctx.out << "up to date\n";
}
}  // namespace

int run_migrate(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("migrate options");
  desc.add_options()("status", "show applied and pending migrations; change nothing");
  auto p = parse_options(ctx, args, desc, "veza-cli migrate [--status]");
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  if (!p.vm.count("status")) {
    auto applied = (*rt)->migrate();
    if (!applied) return ctx.fail(applied.error());
    if (!ctx.json) {
      ctx.out << (applied->empty() ? "nothing to apply\n" : "applied " + std::to_string(applied->size()) + " migration(s)\n");
    }
  }
  auto status = (*rt)->migration_status();
  if (!status) return ctx.fail(status.error());
  if (ctx.json) {
    ctx.out << json::to_json(*status) << "\n";
  } else {
    print_status(ctx, *status);
  }
  return exit_ok;
}

}  // namespace veza::cli
