// veza-cli products create|list|show
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

void print_product(Context& ctx, const catalog::Product& p) {
  ctx.out << p.id << "  " << p.title << "  " << p.price.minor_units() << " " << p.price.currency().code() << "  VAT "
          << p.vat_rate_bp << " bp" << (p.file ? "  file " + p.file->sha256.substr(0, 12) : std::string()) << "\n";
}

int create(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("products create options");
  desc.add_options()("seller", po::value<std::string>()->required(), "email of the selling user")(
      "title", po::value<std::string>()->required(), "1..200 characters")(
      "price", po::value<std::string>()->required(), "gross price in minor units (1250 = 12.50)")(
      "currency", po::value<std::string>()->required(), "ISO 4217 code, e.g. EUR")(
      "vat-rate", po::value<std::string>()->required(), "VAT rate in basis points, 0..10000 (2000 = 20 %)")(
      "description", po::value<std::string>()->default_value(""), "free text");
  auto p = parse_options(ctx, args, desc,
                         "veza-cli products create --seller EMAIL --title T --price MINOR_UNITS --currency EUR "
                         "--vat-rate BASIS_POINTS [--description D]");
  if (p.stop) return p.code;
  // Range checks belong to the domain; here only "is it a number at all".
  auto price = parse_integer("price", p.vm["price"].as<std::string>(), INT64_MIN, INT64_MAX);
  if (!price) return ctx.fail(price.error());
  auto vat = parse_integer("vat-rate", p.vm["vat-rate"].as<std::string>(), INT64_MIN, INT64_MAX);
  if (!vat) return ctx.fail(vat.error());
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto seller = (*rt)->users().get_by_email(p.vm["seller"].as<std::string>());
  if (!seller) return ctx.fail(seller.error());
  catalog::NewProduct input;
  input.title = p.vm["title"].as<std::string>();
  input.description = p.vm["description"].as<std::string>();
  input.price_cents = *price;
  input.currency = p.vm["currency"].as<std::string>();
  input.vat_rate_bp = *vat;
  auto product = (*rt)->catalog().create(seller->id, input);
  if (!product) return ctx.fail(product.error());
  if (ctx.json) {
    ctx.out << json::to_json(*product) << "\n";
  } else {
    print_product(ctx, *product);
  }
  return exit_ok;
}

int list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("products list options");
  desc.add_options()("seller", po::value<std::string>(), "only this seller's products (email)")(
      "limit", po::value<std::string>()->default_value("50"), "page size, 1..100")(
      "cursor", po::value<std::string>(), "next_cursor of the previous page");
  auto p = parse_options(ctx, args, desc, "veza-cli products list [--seller EMAIL] [--limit N] [--cursor C]");
  if (p.stop) return p.code;
  auto limit = parse_integer("limit", p.vm["limit"].as<std::string>(), 1, static_cast<long long>(catalog::kMaxPageSize));
  if (!limit) return ctx.fail(limit.error());
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  std::optional<std::string> seller_id;
  if (p.vm.count("seller")) {
    auto seller = (*rt)->users().get_by_email(p.vm["seller"].as<std::string>());
    if (!seller) return ctx.fail(seller.error());
    seller_id = seller->id;
  }
  std::optional<std::string> cursor;
  if (p.vm.count("cursor")) cursor = p.vm["cursor"].as<std::string>();
  auto page = (*rt)->catalog().list(static_cast<std::size_t>(*limit),
                                    cursor ? std::optional<std::string_view>(*cursor) : std::nullopt,
                                    seller_id ? std::optional<std::string_view>(*seller_id) : std::nullopt);
  if (!page) return ctx.fail(page.error());
  if (ctx.json) {
    ctx.out << json::to_json(*page) << "\n";
    return exit_ok;
  }
  for (const auto& product : page->items) print_product(ctx, product);
  if (page->next_cursor) ctx.out << "more: --cursor " << *page->next_cursor << "\n";
  return exit_ok;
}

int show(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("products show options");
  desc.add_options()("id", po::value<std::string>()->required(), "product id");
  po::positional_options_description pos;
  pos.add("id", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli products show ID", &pos);
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto product = (*rt)->catalog().get(p.vm["id"].as<std::string>());
  if (!product) return ctx.fail(product.error());
  if (ctx.json) {
    ctx.out << json::to_json(*product) << "\n";
  } else {
    print_product(ctx, *product);
    if (!product->description.empty()) ctx.out << product->description << "\n";
  }
  return exit_ok;
}

}  // namespace

int run_products(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "products",
                  {{"create", "create a product for a seller", create},
                   {"list", "list products, oldest first", list},
                   {"show", "show one product", show}},
                  args);
}

}  // namespace veza::cli
