// veza-cli payments reconcile [--min-age SECONDS]: asks the provider about every payment and
// refund pending longer than that and applies the answers as webhooks would.
#include <chrono>
#include <iostream>

#include <boost/program_options.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

int reconcile(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("payments reconcile options");
  desc.add_options()("min-age", po::value<std::string>()->default_value("300"),
                     "only what has been pending at least this many seconds");
  auto p = parse_options(ctx, args, desc, "veza-cli payments reconcile [--min-age SECONDS]");
  if (p.stop) return p.code;
  auto age = parse_integer("min-age", p.vm["min-age"].as<std::string>(), 0, 365LL * 24 * 3600);
  if (!age) return ctx.fail(age.error());
  auto rt = ctx.runtime();
  if (!rt) return ctx.fail(rt.error());
  auto report = (*rt)->payments().reconcile(std::chrono::seconds(*age));
  if (!report) return ctx.fail(report.error());
  if (ctx.json) {
    ctx.out << "{\"payments_checked\":" << report->payments_checked << ",\"payments_settled\":"
            << report->payments_settled << ",\"refunds_checked\":" << report->refunds_checked
            << ",\"refunds_settled\":" << report->refunds_settled << ",\"failures\":" << report->failures << "}\n";
  } else {
    ctx.out << "payments: " << report->payments_checked << " checked, " << report->payments_settled << " settled\n"
            << "refunds: " << report->refunds_checked << " checked, " << report->refunds_settled << " settled\n"
            << "failures: " << report->failures << " (retried on the next run)\n";
  }
  return report->failures == 0 ? exit_ok : exit_other;
}

}  // namespace

int run_payments(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "payments", {{"reconcile", "settle pending payments and refunds with the provider", reconcile}},
                  args);
}

}  // namespace veza::cli
