#include "cli.hpp"

#include <charconv>
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

namespace veza::cli {
namespace po = boost::program_options;

int exit_code(const Error& error) noexcept {
  switch (error.code) {
    case ErrorCode::invalid_argument:
    case ErrorCode::validation_failed:
    case ErrorCode::too_large:
    case ErrorCode::unsupported_media_type: return exit_usage;
    case ErrorCode::not_found: return exit_not_found;
    case ErrorCode::conflict: return exit_conflict;
    default: return exit_other;
  }
}

Result<Runtime*> Context::runtime() {
  if (!runtime_) {
    auto opened = Runtime::open(config);
    if (!opened) return std::move(opened).error();
    runtime_ = std::move(*opened);
  }
  return runtime_.get();
}

int Context::fail(const Error& error) {
  if (json) {
    err << json::error_json(error) << "\n";
  } else {
    err << "veza-cli: " << error.message << "\n";
  }
  return exit_code(error);
}

Parsed parse_options(Context& ctx, const std::vector<std::string>& args, po::options_description desc,
                     const std::string& usage, const po::positional_options_description* positional) {
  desc.add_options()("help,h", "show this help");
  Parsed p;
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), p.vm);
    if (p.vm.count("help")) {
      ctx.out << "usage: " << usage << "\n" << desc;
      p.stop = true;
      return p;
    }
    po::notify(p.vm);
  } catch (const po::error& e) {
    ctx.err << "veza-cli: " << e.what() << "\nusage: " << usage << "\n";
    p.stop = true;
    p.code = exit_usage;
    return p;
  }
  return p;
}

int dispatch(Context& ctx, const std::string& group, const std::vector<Verb>& verbs, const std::vector<std::string>& args) {
  const auto help = [&](std::ostream& os) {
    os << "usage: veza-cli " << group << " <command> [options]\n\ncommands:\n";
    for (const auto& v : verbs) os << "  " << v.name << "\t" << v.summary << "\n";
    os << "\n`veza-cli " << group << " <command> --help` shows a command's options.\n";
  };
  if (args.empty()) {
    help(ctx.err);
    return exit_usage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    help(ctx.out);
    return exit_ok;
  }
  for (const auto& v : verbs) {
    if (args[0] == v.name) return v.run(ctx, {args.begin() + 1, args.end()});
  }
  ctx.err << "veza-cli: unknown command '" << group << " " << args[0] << "'\n";
  help(ctx.err);
  return exit_usage;
}

Result<long long> parse_integer(const std::string& flag, const std::string& text, long long min, long long max) {
  long long v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc{} && p == text.data() + text.size() && (v < min || v > max))) {
    return make_error(ErrorCode::validation_failed, "--" + flag + " " + text + " is outside " + std::to_string(min) +
                                                        ".." + std::to_string(max));
  }
  if (ec != std::errc{} || p != text.data() + text.size()) {
    return make_error(ErrorCode::invalid_argument, "--" + flag + " must be a whole number, got '" + text + "'");
  }
  return v;
}

}  // namespace veza::cli
