// veza-cli oauth url discord|spotify [--return-to PATH]: an authorize URL for scripting and checks.
// The state it carries lives in the key-value store: with Redis configured, a server sharing
// that Redis completes the flow; with the in-process store it dies with this process.
#include <iostream>

#include <boost/program_options.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

int url(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("oauth url options");
  desc.add_options()("provider", po::value<std::string>()->required(), "discord or spotify")(
      "return-to", po::value<std::string>(), "a path on this site to land on after sign-in");
  po::positional_options_description pos;
  pos.add("provider", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli oauth url PROVIDER [--return-to PATH]", &pos);
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  std::optional<std::string> return_to;
  if (p.vm.count("return-to")) return_to = p.vm["return-to"].as<std::string>();
  auto start = (*rt)->oauth().authorize_url(p.vm["provider"].as<std::string>(), return_to);
  if (!start) return ctx.fail(start.error());
  if (ctx.json) {
    ctx.out << "{\"authorize_url\":\"" << start->authorize_url << "\"}\n";  // URL characters need no escaping
  } else {
    ctx.out << start->authorize_url << "\n";
  }
  return exit_ok;
}

}  // namespace

int run_oauth(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "oauth", {{"url", "print a provider's authorize URL (state kept for 10 minutes)", url}}, args);
}

}  // namespace veza::cli
