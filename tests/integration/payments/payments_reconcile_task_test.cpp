// The server's periodic reconciliation (VEZA_RECONCILE_INTERVAL): a payment whose webhook was
// lost is settled without an operator, the task stops cleanly on SIGTERM even while the
// provider hangs, and an interval of 0 turns it off.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "integration/payments/payment_steps.hpp"
#include "integration/server/json_check.hpp"

using namespace veza::testing;

namespace {

// Polls GET /orders/{id} until it reports `status`, up to `wait`.
bool wait_for_status(std::uint16_t port, const Account& who, const std::string& id, const std::string& status, Ms wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (order_status(port, who, id) == status) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(Ms(20));
  }
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("payments: the server's periodic reconciliation settles a lost webhook and stops cleanly on SIGTERM") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake, {"--reconcile-interval", "0.1", "--reconcile-min-age", "0.5",
                                                             "--http-timeout-ms", "300"}));
    Seeder seed(dir.path());
    const auto seller = seed.account("seller@example.com");
    const auto buyer = seed.account("buyer@example.com");
    const auto product = seed.product(seller, "Track", 1500);
    CHECK(server.wait_for_log("periodic reconciliation on", Ms(5000)));

    const auto created = http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(product.id));
    REQUIRE(created.status == 201);
    const auto order = json_of(created);
    const std::string order_id = json_string(order, "id");
    fake.set_payment_status(json_string(order.as_object().at("payment"), "payment_id"), "succeeded");  // never sent
    CHECK(wait_for_status(server.port(), buyer, order_id, "paid", Ms(10000)));

    // A second order whose provider hangs: every round now waits on it (the checkout's own
    // lookup logs one failed retrieve, each round another), and SIGTERM still ends the task and
    // the server cleanly.
    fake.set_mode(FakeHyperswitch::Mode::store_then_hang_all);
    const auto other = seed.product(seller, "Other");
    CHECK(http(server.port(), "POST", "/api/v1/orders", {buyer.auth(), kJson}, checkout_body(other.id)).status == 502);
    const auto until = std::chrono::steady_clock::now() + Ms(10000);
    while (occurrences(server.log(), "retrieve_payment") < 3 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(Ms(20));
    }
    CHECK(occurrences(server.log(), "retrieve_payment") >= 3);
    server.signal(SIGTERM);
    CHECK(server.wait_exit(Ms(10000)) == 0);
    CHECK(server.log().find("periodic reconciliation stopped") != std::string::npos);
  }

  TEST_CASE("payments: VEZA_RECONCILE_INTERVAL=0 turns the periodic reconciliation off") {
    FakeHyperswitch fake(kApiKey);
    TempDir dir("veza-pay");
    ServerProcess server(dir.path(), payment_settings(fake, {"--reconcile-interval", "0"}));
    CHECK(server.wait_for_log("periodic reconciliation off", Ms(5000)));
    CHECK(server.log().find("VEZA_RECONCILE_INTERVAL is 0") != std::string::npos);
    server.signal(SIGTERM);
    CHECK(server.wait_exit(Ms(10000)) == 0);
    CHECK(server.log().find("periodic reconciliation stopped") == std::string::npos);
  }
}
