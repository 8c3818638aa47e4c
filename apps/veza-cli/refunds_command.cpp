// veza-cli refunds create ORDER_ID [--amount N] [--items P1,P2] --reason R; refunds list [--order ID] [--limit N]
// The operator acts as an administrator (any order, any time); refunds record "veza-cli" as requester.
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

identity::User operator_user() {
  identity::User u;
  u.id = "veza-cli";
  u.display_name = "veza-cli operator";
  u.role = identity::Role::admin;
  return u;
}

void print_refund(Context& ctx, const payments::Refund& r) {
  ctx.out << r.id << "  " << payments::to_string(r.status) << "  " << r.amount_cents << " " << r.currency << "  "
          << payments::to_string(r.kind) << "  order " << r.order_id << "  " << format_timestamp(r.created_at) << "\n";
}

int create(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("refunds create options");
  desc.add_options()("order", po::value<std::string>()->required(), "order id")(
      "reason", po::value<std::string>()->required(), "why (kept with the refund)")(
      "amount", po::value<std::string>(), "a goodwill amount in minor units (licences kept)")(
      "items", po::value<std::string>(), "comma-separated product ids refunded in full (their licences go)");
  po::positional_options_description pos;
  pos.add("order", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli refunds create ORDER_ID [--amount N | --items P1,P2] --reason R",
                         &pos);
  if (p.stop) return p.code;
  payments::RefundRequest request;
  request.order_id = p.vm["order"].as<std::string>();
  request.reason = p.vm["reason"].as<std::string>();
  if (p.vm.count("amount")) {
    auto amount = parse_integer("amount", p.vm["amount"].as<std::string>(), 1, 1'000'000'000'000LL);
    if (!amount) return ctx.fail(amount.error());
    request.amount_cents = static_cast<std::int64_t>(*amount);
  }
  if (p.vm.count("items")) {
    std::stringstream list(p.vm["items"].as<std::string>());
    for (std::string id; std::getline(list, id, ',');) {
      if (!id.empty()) request.product_ids.push_back(id);
    }
  }
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto refund = (*rt)->payments().request_refund(operator_user(), request);
  if (!refund) return ctx.fail(refund.error());
  if (ctx.json) {
    ctx.out << json::to_json(*refund) << "\n";
  } else {
    print_refund(ctx, *refund);
  }
  return exit_ok;
}

int list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("refunds list options");
  desc.add_options()("order", po::value<std::string>()->default_value(""), "only this order's refunds")(
      "limit", po::value<std::string>()->default_value("50"), "how many, newest first, 1..100");
  auto p = parse_options(ctx, args, desc, "veza-cli refunds list [--order ID] [--limit N]");
  if (p.stop) return p.code;
  auto limit = parse_integer("limit", p.vm["limit"].as<std::string>(), 1, 100);
  if (!limit) return ctx.fail(limit.error());
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto found = (*rt)->payments().list_refunds(operator_user(), p.vm["order"].as<std::string>(),
                                              static_cast<std::size_t>(*limit));
  if (!found) return ctx.fail(found.error());
  if (ctx.json) {
    ctx.out << json::to_json(*found) << "\n";
  } else {
    for (const auto& r : *found) print_refund(ctx, r);
  }
  return exit_ok;
}

}  // namespace

int run_refunds(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "refunds", {{"create", "refund an order (whole, items or an amount)", create},
                                   {"list", "list refunds, newest first", list}},
                  args);
}

}  // namespace veza::cli
