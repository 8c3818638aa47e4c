#include "integration/payments/payment_steps.hpp"

#include <sstream>
#include <stdexcept>

#include <veza/payments/payment_gateway.hpp>

#include "integration/server/json_check.hpp"

namespace veza::testing {

std::vector<std::string> payment_settings(const FakeHyperswitch& fake, const std::vector<std::string>& extra) {
  std::vector<std::string> s{"--hyperswitch-api-key", kApiKey, "--hyperswitch-base-url", fake.base_url(),
                             "--hyperswitch-webhook-secret", kSecret, "--seller-name", "Veza Test GmbH",
                             "--seller-address", "1 Test Street\\n10115 Berlin", "--seller-vat-id", "DE123456789"};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

HttpResponse deliver(std::uint16_t port, const std::string& body, const std::string& key) {
  return http(port, "POST", "/api/v1/webhooks/hyperswitch",
              {kJson, "X-Webhook-Signature-512: " + veza::payments::hmac_sha512_hex(key, body)}, body);
}

std::string checkout_body(const std::string& product_id) {
  return R"({"items":[{"product_id":")" + product_id + R"("}],"withdrawal_waiver":false})";
}

boost::json::value order_json(std::uint16_t port, const Account& who, const std::string& id) {
  return json_of(http(port, "GET", "/api/v1/orders/" + id, {who.auth()}));
}

std::string order_status(std::uint16_t port, const Account& who, const std::string& id) {
  return json_string(order_json(port, who, id), "status");
}

double metric_value(std::uint16_t port, const std::string& name, const std::vector<std::string>& labels) {
  std::istringstream lines(http(port, "GET", "/metrics").body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + "{", 0) != 0) continue;
    bool all = true;
    for (const auto& l : labels) all = all && line.find(l) != std::string::npos;
    if (all) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return 0;
}

PaidOrder paid_order(std::uint16_t port, FakeHyperswitch& fake, const Account& buyer, const std::string& product_id) {
  const auto created = http(port, "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product_id));
  if (created.status != 201) throw std::runtime_error("checkout answered " + std::to_string(created.status) + ": " + created.body);
  const auto order = json_of(created);
  PaidOrder out{json_string(order, "id"), json_string(order.as_object().at("payment"), "payment_id"),
                order.as_object().at("total_cents").as_int64()};
  const auto paid = deliver(port, fake.payment_webhook(out.payment_id, "succeeded", "payment_succeeded"));
  if (paid.status != 200) throw std::runtime_error("payment webhook answered " + std::to_string(paid.status));
  return out;
}

std::pair<int, std::string> run_cli(const std::filesystem::path& dir, const std::vector<std::string>& settings,
                                    const std::vector<std::string>& command) {
  std::vector<std::string> argv{VEZA_CLI_PATH, "--database-url", "sqlite://" + (dir / "veza.db").string(),
                                "--blob-dir", (dir / "blobs").string()};
  argv.insert(argv.end(), settings.begin(), settings.end());
  argv.insert(argv.end(), command.begin(), command.end());
  return run_command(argv);
}

}  // namespace veza::testing
