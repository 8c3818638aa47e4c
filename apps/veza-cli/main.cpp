// veza-cli: scripting and operations over libveza. Config → Runtime (lazily) → one command group.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <veza/runtime/config.hpp>

#include "cli.hpp"

extern char** environ;

namespace {

constexpr const char* kUsage =
    "usage: veza-cli [--json] [settings] <group> <command> [options]\n\n"
    "groups:\n"
    "  migrate [--status]    apply pending database migrations, or show them\n"
    "  users                 create and show users, list their linked providers\n"
    "  tokens                create, list and revoke API tokens\n"
    "  oauth                 print a Discord or Spotify authorize URL\n"
    "  products              create, list and show products\n"
    "  orders                list and show orders\n"
    "  invoices              get, export and verify invoice and credit note PDFs\n"
    "  reviews               add, list, summarise, rebuild summaries, moderate\n"
    "  refunds               create and list refunds\n"
    "  payments              reconcile pending payments and refunds with the provider\n"
    "  webhooks              verify a webhook signature\n\n"
    "`veza-cli <group> --help` lists a group's commands. --json prints JSON.\n"
    "Exit codes: 0 ok, 2 usage or invalid input, 3 not found, 4 conflict, 1 other.\n\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace veza::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  bool json = false;
  // --json is global and may stand anywhere.
  if (auto it = std::remove(args.begin(), args.end(), std::string("--json")); it != args.end()) {
    json = true;
    args.erase(it, args.end());
  }
  auto loaded = veza::load_config(args, environ);
  if (!loaded) {
    std::cerr << "veza-cli: " << loaded.error().message << "\n";
    return exit_usage;
  }
  Context ctx{loaded->config, json, std::cout, std::cerr};
  std::vector<std::string>& rest = loaded->unrecognized;
  if (rest.empty() || rest[0] == "--help" || rest[0] == "-h" || rest[0] == "help") {
    (rest.empty() ? std::cerr : std::cout) << kUsage << veza::config_help();
    return rest.empty() ? exit_usage : exit_ok;
  }
  if (rest[0] == "--version") {
    std::cout << "veza-cli " << VEZA_VERSION << "\n";
    return exit_ok;
  }
  const std::string group = rest[0];
  const std::vector<std::string> tail(rest.begin() + 1, rest.end());
  try {
    if (group == "migrate") return run_migrate(ctx, tail);
    if (group == "users") return run_users(ctx, tail);
    if (group == "tokens") return run_tokens(ctx, tail);
    if (group == "oauth") return run_oauth(ctx, tail);
    if (group == "products") return run_products(ctx, tail);
    if (group == "orders") return run_orders(ctx, tail);
    if (group == "invoices") return run_invoices(ctx, tail);
    if (group == "reviews") return run_reviews(ctx, tail);
    if (group == "refunds") return run_refunds(ctx, tail);
    if (group == "payments") return run_payments(ctx, tail);
    if (group == "webhooks") return run_webhooks(ctx, tail);
  } catch (const std::exception& e) {
    // The boundary: the library returns results, so reaching here is a bug worth reporting.
    std::cerr << "veza-cli: internal error: " << e.what() << "\n";
    return exit_other;
  }
  std::cerr << "veza-cli: unknown command group '" << group << "'\n" << kUsage;
  return exit_usage;
}
