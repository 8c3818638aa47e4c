#pragma once
// Steps the payments tests share: the server's payment settings pointing at a FakeHyperswitch,
// signed webhook delivery, checkout, and reading an order or a metric back over HTTP.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "integration/payments/fake_hyperswitch.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

namespace veza::testing {

inline const std::string kJson = "Content-Type: application/json";
inline const std::string kApiKey = "snd_fake_key_123";
inline const std::string kSecret = "whsec_fake_secret_456";

// Payments on, against `fake`, with the seller identity invoices need; `extra` appended.
std::vector<std::string> payment_settings(const FakeHyperswitch& fake, const std::vector<std::string>& extra = {});

// POST /api/v1/webhooks/hyperswitch with the body signed under `key`.
HttpResponse deliver(std::uint16_t port, const std::string& body, const std::string& key = kSecret);

std::string checkout_body(const std::string& product_id);

// GET /api/v1/orders/{id} as `who`, as JSON.
boost::json::value order_json(std::uint16_t port, const Account& who, const std::string& id);
std::string order_status(std::uint16_t port, const Account& who, const std::string& id);

// The value of the /metrics sample whose line starts with `name{` and contains every label in
// `labels` (`key="value"` fragments); 0 when there is no such line.
double metric_value(std::uint16_t port, const std::string& name, const std::vector<std::string>& labels);

// A checked-out order whose payment succeeded through its signed webhook.
struct PaidOrder {
  std::string id;
  std::string payment_id;
  std::int64_t total_cents = 0;
};
PaidOrder paid_order(std::uint16_t port, FakeHyperswitch& fake, const Account& buyer, const std::string& product_id);

// veza-cli with the server's database and blob dir in `dir` and `settings`, then `command`.
std::pair<int, std::string> run_cli(const std::filesystem::path& dir, const std::vector<std::string>& settings,
                                    const std::vector<std::string>& command);

}  // namespace veza::testing
