// HYPERSWITCH_LIVE_MODE=true on the real binary: each unsafe configuration refuses to start with
// a message naming the setting (and never the key); a safe one starts. Sandbox is the default.
#include <doctest/doctest.h>

#include "integration/payments/payment_steps.hpp"

using namespace veza::testing;

namespace {

const std::string kLiveKey = "prd_live_key_789";
const std::vector<std::string> kSeller{"--seller-name", "Veza Test GmbH", "--seller-address", "1 Test Street",
                                       "--seller-vat-id", "DE123456789"};

// veza-server with `settings` in a scratch dir, run to its exit: the code and its output.
std::pair<int, std::string> start_server(const std::vector<std::string>& settings) {
  TempDir dir("veza-live");
  std::vector<std::string> argv{VEZA_SERVER_PATH, "--http-addr", "127.0.0.1:0", "--database-url",
                                "sqlite://" + (dir.path() / "veza.db").string(), "--blob-dir",
                                (dir.path() / "blobs").string()};
  argv.insert(argv.end(), settings.begin(), settings.end());
  argv.insert(argv.end(), kSeller.begin(), kSeller.end());
  return run_command(argv);
}

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("payments: live mode without HYPERSWITCH_API_KEY refuses to start, naming it") {
    const auto [code, out] = start_server({"--hyperswitch-live-mode", "true", "--hyperswitch-webhook-secret", kSecret});
    CHECK(code != 0);
    CHECK(out.find("HYPERSWITCH_API_KEY") != std::string::npos);
    CHECK(out.find("listening on") == std::string::npos);
    CHECK(out.find(kSecret) == std::string::npos);
  }

  TEST_CASE("payments: live mode without HYPERSWITCH_WEBHOOK_SECRET refuses to start, naming it and not the key") {
    const auto [code, out] = start_server({"--hyperswitch-live-mode", "true", "--hyperswitch-api-key", kLiveKey});
    CHECK(code != 0);
    CHECK(out.find("HYPERSWITCH_WEBHOOK_SECRET") != std::string::npos);
    CHECK(out.find("listening on") == std::string::npos);
    CHECK(out.find(kLiveKey) == std::string::npos);
  }

  TEST_CASE("payments: live mode with an http:// HYPERSWITCH_BASE_URL refuses to start, naming it") {
    const auto [code, out] = start_server({"--hyperswitch-live-mode", "true", "--hyperswitch-api-key", kLiveKey,
                                           "--hyperswitch-webhook-secret", kSecret, "--hyperswitch-base-url",
                                           "http://127.0.0.1:9"});
    CHECK(code != 0);
    CHECK(out.find("HYPERSWITCH_BASE_URL") != std::string::npos);
    CHECK(out.find("https://") != std::string::npos);
    CHECK(out.find(kLiveKey) == std::string::npos);
    CHECK(out.find(kSecret) == std::string::npos);
  }

  TEST_CASE("payments: live mode refuses through the environment too (HYPERSWITCH_LIVE_MODE=true)") {
    TempDir dir("veza-live");
    const std::string db = "sqlite://" + (dir.path() / "veza.db").string();
    std::vector<std::string> argv{"/usr/bin/env", "HYPERSWITCH_LIVE_MODE=true", "HYPERSWITCH_API_KEY=" + kLiveKey,
                                  VEZA_SERVER_PATH, "--http-addr", "127.0.0.1:0", "--database-url", db,
                                  "--blob-dir", (dir.path() / "blobs").string()};
    argv.insert(argv.end(), kSeller.begin(), kSeller.end());
    const auto [code, out] = run_command(argv);
    CHECK(code != 0);
    CHECK(out.find("HYPERSWITCH_WEBHOOK_SECRET") != std::string::npos);
    CHECK(out.find(kLiveKey) == std::string::npos);
  }

  TEST_CASE("payments: live mode with a key, a secret and an https:// URL starts") {
    TempDir dir("veza-live");
    std::vector<std::string> settings{"--hyperswitch-live-mode", "true", "--hyperswitch-api-key", kLiveKey,
                                      "--hyperswitch-webhook-secret", kSecret, "--hyperswitch-base-url",
                                      "https://127.0.0.1:9"};
    settings.insert(settings.end(), kSeller.begin(), kSeller.end());
    ServerProcess server(dir.path(), settings);
    CHECK(http(server.port(), "GET", "/readyz").status == 200);
    CHECK(server.log().find(kLiveKey) == std::string::npos);
    CHECK(server.log().find(kSecret) == std::string::npos);
  }
}
