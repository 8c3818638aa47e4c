// Webhook benchmark (not a test: ctest never runs it).
//   1. Signature checks per second on one thread (HMAC-SHA512 over a typical event body and the
//      constant-time comparison), the part done before anything is parsed.
//   2. Signed payment_succeeded webhooks applied per second through the REAL veza-server on
//      SQLite, each a distinct event for a distinct pending order (verify, parse, store the
//      event id once, mark paid, grant the licence: one write transaction each), from
//      CONNECTIONS client threads, one connection per webhook as Hyperswitch sends them; with
//      the p50/p99 of POST /api/v1/webhooks/hyperswitch.
// Usage: veza_webhook_bench [webhooks, default 2000] [connections, default 4]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include <veza/orders/order_service.hpp>
#include <veza/payments/payment_gateway.hpp>

#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace veza::testing;

const std::string kSecret = "whsec_bench_secret";

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// The envelope Hyperswitch sends (contract §7) for a succeeded payment.
std::string payment_succeeded(std::size_t n, const std::string& payment_id, std::int64_t amount) {
  namespace bj = boost::json;
  const bj::object payment{{"payment_id", payment_id}, {"merchant_id", "merchant_bench"}, {"status", "succeeded"},
                           {"amount", amount},         {"net_amount", amount},          {"amount_received", amount},
                           {"currency", "EUR"},        {"client_secret", nullptr},      {"metadata", nullptr},
                           {"created", "2026-07-01T10:15:30.123Z"}, {"updated", "2026-07-01T10:15:31.123Z"}};
  return bj::serialize(bj::object{{"merchant_id", "merchant_bench"},
                                  {"event_id", "evt_bench_" + std::to_string(n)},
                                  {"event_type", "payment_succeeded"},
                                  {"content", bj::object{{"type", "payment_details"}, {"object", payment}}},
                                  {"timestamp", "2026-07-01T10:15:31.123Z"}});
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t webhooks = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  const std::size_t connections = std::max<std::size_t>(1, argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 4);

  // 1. The signature check alone.
  const std::string sample = payment_succeeded(0, "pay_0190a0b0000070008000000000000001", 1250);
  const std::string signature = veza::payments::hmac_sha512_hex(kSecret, sample);
  std::size_t checks = 0;
  const auto s1 = Clock::now();
  while (Clock::now() - s1 < std::chrono::seconds(1)) {
    if (!veza::payments::verify_hmac_sha512_hex(kSecret, sample, signature)) return 1;
    ++checks;
  }
  const double e1 = std::chrono::duration<double>(Clock::now() - s1).count();
  std::printf("verify: %.0f signature checks/s on one thread (%zu-byte body)\n", static_cast<double>(checks) / e1,
              sample.size());

  // 2. Through the server. The provider is never called for a webhook: its URL is a dead port.
  TempDir dir("veza-webhook-bench");
  ServerProcess server(dir.path(), {"--hyperswitch-api-key", "snd_bench_key", "--hyperswitch-base-url",
                                    "http://127.0.0.1:9", "--hyperswitch-webhook-secret", kSecret,
                                    "--reconcile-interval", "0", "--seller-name", "Veza Bench", "--seller-address",
                                    "Paris", "--seller-vat-id", "FR12345678901"});
  std::vector<std::string> bodies;
  {
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.org");
    const auto buyer = seed.account("buyer@example.org");
    auto& orders = seed.runtime().orders();
    for (std::size_t i = 0; i < webhooks; ++i) {
      const auto product = seed.product(seller, "Track " + std::to_string(i), 1250);
      veza::orders::CheckoutOptions options;
      options.payment_id = "pay_bench_" + std::to_string(i);
      auto order = orders.create(buyer.user.id, {product.id}, options);
      if (!order) {
        std::fprintf(stderr, "setup failed: %s\n", order.error().message.c_str());
        return 1;
      }
      bodies.push_back(payment_succeeded(i + 1, *options.payment_id, order->total_cents));
    }
  }

  std::vector<std::vector<double>> latencies(connections);
  std::atomic<std::size_t> next{0}, failed{0};
  const auto s2 = Clock::now();
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < connections; ++c) {
    clients.emplace_back([&, c] {
      for (std::size_t i = next++; i < bodies.size(); i = next++) {
        const std::string sig = "X-Webhook-Signature-512: " + veza::payments::hmac_sha512_hex(kSecret, bodies[i]);
        const auto t0 = Clock::now();
        const auto r = http(server.port(), "POST", "/api/v1/webhooks/hyperswitch",
                            {"Content-Type: application/json", sig}, bodies[i]);
        latencies[c].push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        if (r.status != 200 || r.body.find("\"applied\"") == std::string::npos) ++failed;
      }
    });
  }
  for (auto& t : clients) t.join();
  const double e2 = std::chrono::duration<double>(Clock::now() - s2).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::printf("webhooks: %zu signed payment_succeeded in %.2f s over %zu connections = %.0f applied/s; "
              "p50 %.2f ms, p99 %.2f ms; %zu not applied\n",
              all.size(), e2, connections, static_cast<double>(all.size() - failed) / e2, percentile(all, 0.5) * 1e3,
              percentile(all, 0.99) * 1e3, failed.load());
  return failed == 0 ? 0 : 1;
}
