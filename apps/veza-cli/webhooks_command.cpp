// veza-cli webhooks verify --secret S --signature SIG < body: checks an X-Webhook-Signature-512
// (HMAC-SHA512 hex of the exact body bytes, compared in constant time). Exit 0 valid, 1 invalid.
// Needs no database; the secret is never printed.
#include <iostream>
#include <iterator>
#include <string>

#include <boost/program_options.hpp>

#include <veza/payments/payment_gateway.hpp>

#include "cli.hpp"

namespace veza::cli {
namespace po = boost::program_options;

namespace {

int verify(Context& ctx, const std::vector<std::string>& args) {
  po::options_description desc("webhooks verify options");
  desc.add_options()("secret", po::value<std::string>()->required(), "the profile's payment_response_hash_key")(
      "signature", po::value<std::string>()->required(), "the X-Webhook-Signature-512 value (128 hex digits)");
  auto p = parse_options(ctx, args, desc, "veza-cli webhooks verify --secret S --signature SIG < body.json");
  if (p.stop) return p.code;
  const std::string body{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  const bool valid = payments::verify_hmac_sha512_hex(p.vm["secret"].as<std::string>(), body,
                                                      p.vm["signature"].as<std::string>());
  if (ctx.json) {
    ctx.out << "{\"valid\":" << (valid ? "true" : "false") << ",\"body_bytes\":" << body.size() << "}\n";
  } else {
    ctx.out << (valid ? "valid" : "invalid") << " (" << body.size() << " body bytes)\n";
  }
  return valid ? exit_ok : exit_other;
}

}  // namespace

int run_webhooks(Context& ctx, const std::vector<std::string>& args) {
  return dispatch(ctx, "webhooks", {{"verify", "check a webhook signature over a body on stdin", verify}}, args);
}

}  // namespace veza::cli
