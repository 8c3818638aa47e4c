// veza-cli orders list [--buyer EMAIL] [--limit N]; orders show ID
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

void print_order(Context& ctx, const orders::Order& o) {
  ctx.out << o.id << "  " << orders::to_string(o.status) << "  " << o.total_cents << " " << o.currency.code() << "  "
          << o.items.size() << " item(s)  buyer " << o.buyer_id << "  " << format_timestamp(o.created_at) << "\n";
}

int list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("orders list options");
  desc.add_options()("buyer", po::value<std::string>(), "only this buyer's orders (email)")(
      "limit", po::value<std::string>()->default_value("50"), "how many, newest first, 1..100");
  auto p = parse_options(ctx, args, desc, "veza-cli orders list [--buyer EMAIL] [--limit N]");
  if (p.stop) return p.code;
  auto limit = parse_integer("limit", p.vm["limit"].as<std::string>(), 1, 100);
  if (!limit) return ctx.fail(limit.error());
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  Result<std::vector<orders::Order>> found = std::vector<orders::Order>{};
  if (p.vm.count("buyer")) {
    auto buyer = (*rt)->users().get_by_email(p.vm["buyer"].as<std::string>());
    if (!buyer) return ctx.fail(buyer.error());
    found = (*rt)->orders().list_for(*buyer, static_cast<std::size_t>(*limit));
  } else {
    // The operator sees every order, as an admin would.
    found = (*rt)->orders().list_all(static_cast<std::size_t>(*limit));
  }
  if (!found) return ctx.fail(found.error());
  if (ctx.json) {
    ctx.out << json::to_json(*found) << "\n";
  } else {
    for (const auto& o : *found) print_order(ctx, o);
  }
  return exit_ok;
}

int show(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("orders show options");
  desc.add_options()("id", po::value<std::string>()->required(), "order id");
  po::positional_options_description pos;
  pos.add("id", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli orders show ID", &pos);
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto order = (*rt)->orders().get(p.vm["id"].as<std::string>());
  if (!order) return ctx.fail(order.error());
  if (ctx.json) {
    ctx.out << json::to_json(*order) << "\n";
    return exit_ok;
  }
  print_order(ctx, *order);
  for (const auto& item : order->items) {
    ctx.out << "  " << item.product_id << "  " << item.title << "  " << item.unit_gross_cents << " (net "
            << item.net_cents << ", VAT " << item.vat_cents << " at " << item.vat_rate_bp << " bp)\n";
  }
  return exit_ok;
}

}  // namespace

int run_orders(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "orders", {{"list", "list orders, newest first", list}, {"show", "show one order", show}},
                  args);
}

}  // namespace veza::cli
