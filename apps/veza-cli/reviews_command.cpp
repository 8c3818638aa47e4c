// veza-cli reviews add|list|summary|rebuild-summary|moderate
#include <iostream>

#include <boost/program_options.hpp>

#include <veza/json/review_json.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

void print_review(Context& ctx, const reviews::Review& r) {
  ctx.out << r.id << "  " << r.rating << "/5  " << reviews::to_string(r.status)
          << (r.verified_purchase ? "  verified" : "  unverified") << "  by " << r.user_id << "  "
          << format_timestamp(r.created_at) << (r.comment ? "  " + *r.comment : std::string()) << "\n";
}

void print_summary(Context& ctx, const reviews::RatingSummary& s) {
  const auto avg = s.average_hundredths();
  ctx.out << "count " << s.count << "  average ";
  if (avg) {
    ctx.out << *avg / 100 << "." << (*avg % 100 < 10 ? "0" : "") << *avg % 100;
  } else {
    ctx.out << "-";
  }
  for (std::size_t i = 0; i < s.stars.size(); ++i) ctx.out << "  " << i + 1 << "*:" << s.stars[i];
  ctx.out << "\n";
}

int add(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("reviews add options");
  desc.add_options()("user", po::value<std::string>()->required(), "email of the reviewing user (a buyer)")(
      "product", po::value<std::string>()->required(), "product id")(
      "rating", po::value<std::string>()->required(), "1..5")("comment", po::value<std::string>(), "up to 2,000 characters");
  auto p = parse_options(ctx, args, desc, "veza-cli reviews add --user EMAIL --product ID --rating 1..5 [--comment C]");
  if (p.stop) return p.code;
  // Range checks belong to the domain; here only "is it a number at all".
  auto rating = parse_integer("rating", p.vm["rating"].as<std::string>(), INT64_MIN, INT64_MAX);
  if (!rating) return ctx.fail(rating.error());
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto user = (*rt)->users().get_by_email(p.vm["user"].as<std::string>());
  if (!user) return ctx.fail(user.error());
  reviews::ReviewInput input{*rating, std::nullopt};
  if (p.vm.count("comment")) input.comment = p.vm["comment"].as<std::string>();
  auto review = (*rt)->reviews().create(user->id, p.vm["product"].as<std::string>(), input);
  if (!review) return ctx.fail(review.error());
  if (ctx.json) {
    ctx.out << json::to_json(*review) << "\n";
  } else {
    print_review(ctx, *review);
  }
  return exit_ok;
}

int list(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("reviews list options");
  desc.add_options()("product", po::value<std::string>()->required(), "product id")(
      "sort", po::value<std::string>()->default_value("newest"), "newest, highest or lowest")(
      "limit", po::value<std::string>()->default_value("20"), "page size, 1..100")(
      "cursor", po::value<std::string>(), "next_cursor of the previous page");
  po::positional_options_description pos;
  pos.add("product", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli reviews list PRODUCT_ID [--sort S] [--limit N] [--cursor C]", &pos);
  if (p.stop) return p.code;
  auto limit = parse_integer("limit", p.vm["limit"].as<std::string>(), INT64_MIN, INT64_MAX);
  if (!limit) return ctx.fail(limit.error());
  auto sort = reviews::parse_review_sort(p.vm["sort"].as<std::string>());
  if (!sort) return ctx.fail(make_error(ErrorCode::invalid_argument, "--sort must be newest, highest or lowest"));
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  std::optional<std::string> cursor;
  if (p.vm.count("cursor")) cursor = p.vm["cursor"].as<std::string>();
  const std::size_t n = *limit < 0 ? 0 : static_cast<std::size_t>(*limit);
  auto page = (*rt)->reviews().list(p.vm["product"].as<std::string>(), *sort, n,
                                    cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ctx.fail(page.error());
  if (ctx.json) {
    ctx.out << json::to_json(*page) << "\n";
    return exit_ok;
  }
  for (const auto& r : page->items) print_review(ctx, r);
  if (page->next_cursor) ctx.out << "more: --cursor " << *page->next_cursor << "\n";
  return exit_ok;
}

int summary(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("reviews summary options");
  desc.add_options()("product", po::value<std::string>()->required(), "product id");
  po::positional_options_description pos;
  pos.add("product", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli reviews summary PRODUCT_ID", &pos);
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto s = (*rt)->reviews().summary(p.vm["product"].as<std::string>());
  if (!s) return ctx.fail(s.error());
  if (ctx.json) {
    ctx.out << json::to_json(*s) << "\n";
  } else {
    print_summary(ctx, *s);
  }
  return exit_ok;
}

int rebuild(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("reviews rebuild-summary options");
  desc.add_options()("product", po::value<std::string>(), "only this product (default: every reviewed product)");
  auto p = parse_options(ctx, args, desc, "veza-cli reviews rebuild-summary [--product ID]");
  if (p.stop) return p.code;
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  std::optional<std::string> product;
  if (p.vm.count("product")) product = p.vm["product"].as<std::string>();
  auto report = (*rt)->reviews().rebuild_summaries(product ? std::optional<std::string_view>(*product) : std::nullopt);
  if (!report) return ctx.fail(report.error());
  if (ctx.json) {
    ctx.out << json::to_json(*report) << "\n";
    return exit_ok;
  }
  ctx.out << report->products_checked << " product(s) checked, " << report->drifted.size() << " drifted (corrected)\n";
  for (const auto& d : report->drifted) {
    ctx.out << d.product_id << "\n  stored:     ";
    print_summary(ctx, d.stored);
    ctx.out << "  recomputed: ";
    print_summary(ctx, d.recomputed);
  }
  return exit_ok;
}

int moderate(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("reviews moderate options");
  desc.add_options()("id", po::value<std::string>()->required(), "review id")(
      "publish", po::bool_switch(), "show it again and clear its reports")("remove", po::bool_switch(),
                                                                             "take it down for good");
  po::positional_options_description pos;
  pos.add("id", 1);
  auto p = parse_options(ctx, args, desc, "veza-cli reviews moderate REVIEW_ID --publish|--remove", &pos);
  if (p.stop) return p.code;
  const bool publish = p.vm["publish"].as<bool>(), remove = p.vm["remove"].as<bool>();
  if (publish == remove) {
    return ctx.fail(make_error(ErrorCode::invalid_argument, "give exactly one of --publish or --remove"));
  }
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto review = (*rt)->reviews().moderate(p.vm["id"].as<std::string>(),
                                          publish ? reviews::ModerationAction::publish : reviews::ModerationAction::remove);
  if (!review) return ctx.fail(review.error());
  if (ctx.json) {
    ctx.out << json::to_json(*review) << "\n";
  } else {
    print_review(ctx, *review);
  }
  return exit_ok;
}

}  // namespace

int run_reviews(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "reviews",
                  {{"add", "review a product as a verified buyer", add},
                   {"list", "list a product's published reviews", list},
                   {"summary", "show a product's rating summary", summary},
                   {"rebuild-summary", "recompute summaries from the reviews and report drift", rebuild},
                   {"moderate", "publish or remove a (reported) review", moderate}},
                  args);
}

}  // namespace veza::cli
