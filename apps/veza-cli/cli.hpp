#pragma once
// Shared plumbing of veza-cli's command groups: the context, option parsing and the one
// mapping of veza::Error to exit codes.
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/positional_options.hpp>
#include <boost/program_options/variables_map.hpp>

#include <veza/core/result.hpp>
#include <veza/runtime/config.hpp>
#include <veza/runtime/runtime.hpp>

namespace veza::cli {

enum Exit : int { exit_ok = 0, exit_other = 1, exit_usage = 2, exit_not_found = 3, exit_conflict = 4 };

// DESIGN.md's table: invalid input 2, not found 3, conflict 4, everything else 1.
int exit_code(const Error& error) noexcept;

struct Context {
  Context(Config c, bool as_json, std::ostream& o, std::ostream& e) : config(std::move(c)), json(as_json), out(o), err(e) {}

  Config config;
  bool json = false;
  std::ostream& out;
  std::ostream& err;

  // Opens the runtime on first use (commands that only print help never touch the database).
  Result<Runtime*> runtime();
  // Prints the error (JSON on stderr with --json) and returns its exit code.
  int fail(const Error& error);

 private:
  std::unique_ptr<Runtime> runtime_;
};

// Parses a subcommand's options (and positionals, when `positional` is given). `--help` prints
// `usage` and the options; a usage error is reported. Either way `stop` is set with the exit code.
struct Parsed {
  boost::program_options::variables_map vm;
  bool stop = false;  // help printed or a usage error reported
  int code = exit_ok;
};
Parsed parse_options(Context& ctx, const std::vector<std::string>& args, boost::program_options::options_description desc,
                     const std::string& usage,
                     const boost::program_options::positional_options_description* positional = nullptr);

// A command group: `veza-cli <group> <verb> [options]`.
struct Verb {
  const char* name;
  const char* summary;
  std::function<int(Context&, const std::vector<std::string>&)> run;
};
int dispatch(Context& ctx, const std::string& group, const std::vector<Verb>& verbs, const std::vector<std::string>& args);

// A whole number of the given range from a text flag; `usage` error naming the flag otherwise.
Result<long long> parse_integer(const std::string& flag, const std::string& text, long long min, long long max);

int run_migrate(Context& ctx, const std::vector<std::string>& args);
int run_users(Context& ctx, const std::vector<std::string>& args);
int run_tokens(Context& ctx, const std::vector<std::string>& args);
int run_products(Context& ctx, const std::vector<std::string>& args);
int run_orders(Context& ctx, const std::vector<std::string>& args);
int run_invoices(Context& ctx, const std::vector<std::string>& args);
int run_reviews(Context& ctx, const std::vector<std::string>& args);
int run_refunds(Context& ctx, const std::vector<std::string>& args);
int run_payments(Context& ctx, const std::vector<std::string>& args);
int run_webhooks(Context& ctx, const std::vector<std::string>& args);
int run_oauth(Context& ctx, const std::vector<std::string>& args);

}  // namespace veza::cli
