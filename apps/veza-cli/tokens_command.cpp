// veza-cli tokens create --user EMAIL [--expires-in DAYS]; tokens list --user EMAIL; tokens revoke --id ID
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

int create(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("tokens create options");
  desc.add_options()("user", po::value<std::string>()->required(), "email of the token's user")(
      "expires-in", po::value<std::string>(), "lifetime in days (default: no expiry)");
  auto p = parse_options(ctx, args, desc, "veza-cli tokens create --user EMAIL [--expires-in DAYS]");
  if (p.stop) return p.code;
  std::optional<int> days;
  if (p.vm.count("expires-in")) {
    auto d = parse_integer("expires-in", p.vm["expires-in"].as<std::string>(), 1, identity::kMaxTokenDays);
    if (!d) return ctx.fail(d.error());
    days = static_cast<int>(*d);
  }
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto issued = (*rt)->tokens().create(p.vm["user"].as<std::string>(), days);
  if (!issued) return ctx.fail(issued.error());
  if (ctx.json) {
    ctx.out << json::to_json(*issued) << "\n";
  } else {
    // The token alone on stdout, so `TOKEN=$(veza-cli tokens create …)` works; the rest on stderr.
    ctx.out << issued->token << "\n";
    ctx.err << "token id " << issued->record.id << ", "
            << (issued->record.expires_at ? "expires " + format_timestamp(*issued->record.expires_at) : "no expiry")
            << ". It is shown only now: store it safely.\n";
  }
  return exit_ok;
}

int list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("tokens list options");
  desc.add_options()("user", po::value<std::string>()->required(), "email of the tokens' user");
  auto p = parse_options(ctx, args, desc, "veza-cli tokens list --user EMAIL");
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto tokens = (*rt)->tokens().list_for(p.vm["user"].as<std::string>());
  if (!tokens) return ctx.fail(tokens.error());
  if (ctx.json) ctx.out << "{\"items\":[";
  bool first = true;
  for (const auto& t : *tokens) {
    if (ctx.json) {
      ctx.out << (first ? "" : ",") << json::to_json(t);
    } else {
      ctx.out << t.id << "  created " << format_timestamp(t.created_at) << "  "
              << (t.revoked_at ? "revoked " + format_timestamp(*t.revoked_at)
                               : t.expires_at ? "expires " + format_timestamp(*t.expires_at) : "active")
              << "\n";
    }
    first = false;
  }
  if (ctx.json) ctx.out << "]}\n";
  return exit_ok;
}

int revoke(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("tokens revoke options");
  desc.add_options()("id", po::value<std::string>()->required(), "the token id printed by `tokens create`");
  auto p = parse_options(ctx, args, desc, "veza-cli tokens revoke --id TOKEN_ID");
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto token = (*rt)->tokens().revoke(p.vm["id"].as<std::string>());
  if (!token) return ctx.fail(token.error());
  if (ctx.json) {
    ctx.out << json::to_json(*token) << "\n";
  } else {
    ctx.out << "revoked " << token->id << "\n";
  }
  return exit_ok;
}

}  // namespace

int run_tokens(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "tokens",
                  {{"create", "create an API token (printed once)", create},
                   {"list", "list a user's tokens (never the tokens themselves)", list},
                   {"revoke", "revoke a token by id", revoke}},
                  args);
}

}  // namespace veza::cli
