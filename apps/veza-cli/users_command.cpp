// veza-cli users create --email E --name N [--admin]; users show --email E; users identities EMAIL
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

void print_user(Context& ctx, const identity::User& u) {
  if (ctx.json) {
    ctx.out << json::to_json(u) << "\n";
    return;
  }
  ctx.out << u.id << "  " << u.email.value_or("-") << "  " << u.display_name << "  " << identity::to_string(u.role)
          << "\n";
}

int create(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("users create options");
  desc.add_options()("email", po::value<std::string>()->required(), "email address (verified: you vouch for it)")(
      "name", po::value<std::string>()->required(), "display name")("admin", "make the user an administrator");
  auto p = parse_options(ctx, args, desc, "veza-cli users create --email E --name N [--admin]");
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  identity::NewUser input;
  input.email = p.vm["email"].as<std::string>();
  input.display_name = p.vm["name"].as<std::string>();
  input.role = p.vm.count("admin") ? identity::Role::admin : identity::Role::user;
  auto user = (*rt)->users().create(input);
  if (!user) return ctx.fail(user.error());
  print_user(ctx, *user);
  return exit_ok;
}

int show(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("users show options");
  desc.add_options()("email", po::value<std::string>()->required(), "the user's email");
  auto p = parse_options(ctx, args, desc, "veza-cli users show --email E");
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto user = (*rt)->users().get_by_email(p.vm["email"].as<std::string>());
  if (!user) return ctx.fail(user.error());
  print_user(ctx, *user);
  return exit_ok;
}

int identities(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("users identities options");
  desc.add_options()("email", po::value<std::string>()->required(), "the user's email");
  po::positional_options_description pos;
  pos.add("email", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli users identities EMAIL", &pos);
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto user = (*rt)->users().get_by_email(p.vm["email"].as<std::string>());
  if (!user) return ctx.fail(user.error());
  auto linked = (*rt)->oauth().identities(user->id);
  if (!linked) return ctx.fail(linked.error());
  if (ctx.json) {
    ctx.out << json::to_json(*linked) << "\n";
    return exit_ok;
  }
  if (linked->empty()) ctx.out << "no linked providers\n";
  for (const auto& i : *linked) {
    ctx.out << i.provider << "  " << i.provider_user_id << "  " << i.email.value_or("-")
            << (i.email_verified ? " (verified)" : "") << "  " << format_timestamp(i.created_at) << "\n";
  }
  return exit_ok;
}

}  // namespace

int run_users(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "users",
                  {{"create", "create a user with a verified email", create}, {"show", "show a user by email", show},
                   {"identities", "list the providers linked to a user", identities}},
                  args);
}

}  // namespace veza::cli
