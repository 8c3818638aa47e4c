// veza-cli webhooks verify against the contract's fixed vector 1 (key `secret`, body
// {"event_id":"evt_1"}, no newline) and its negative checks; refunds/payments without a provider.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "cli/cli_runner.hpp"

using veza::testing::CliSandbox;
using veza::testing::run_process;

namespace {

constexpr const char* kVector1 =
    "a1cd40ed9de68187a5b5e35cd1c0c8aad0943ed9c863f373997399fbabd9e1acd149131fc67c0b60aa6fe5191add70fa40ff21f8fb40cb2d3b65c528714a3fae";

int verify(const CliSandbox& box, const std::string& body, const std::string& secret, const std::string& signature) {
  const auto file = box.dir() / "body.json";
  std::ofstream(file, std::ios::binary) << body;
  const std::string cmd = std::string("'") + VEZA_CLI_PATH + "' webhooks verify --secret '" + secret +
                          "' --signature '" + signature + "' < '" + file.string() + "'";
  const auto run = run_process({"/bin/sh", "-c", cmd}, box.dir());
  CHECK(run.out.find(secret) == std::string::npos);
  return run.code;
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("webhooks verify: exit 0 on the contract's vector 1, 1 on a changed body, key or signature") {
    CliSandbox box;
    CHECK(verify(box, R"({"event_id":"evt_1"})", "secret", kVector1) == 0);
    CHECK(verify(box, "{\"event_id\":\"evt_1\"}\n", "secret", kVector1) == 1);
    CHECK(verify(box, R"({"event_id":"evt_1"})", "Secret", kVector1) == 1);
    CHECK(verify(box, R"({"event_id":"evt_1"})", "secret", std::string(kVector1).substr(2)) == 1);
    CHECK(box.run({"webhooks", "verify", "--secret", "s"}).code == 2);
  }

  TEST_CASE("refunds list is empty, and payments reconcile says 'not configured', without a provider") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    const auto list = box.run({"--json", "refunds", "list"});
    CHECK(list.code == 0);
    CHECK(list.out.find("\"items\":[]") != std::string::npos);
    const auto reconcile = box.run({"payments", "reconcile", "--min-age", "0"});
    CHECK(reconcile.code == 1);
    CHECK(reconcile.err.find("not configured") != std::string::npos);
    CHECK(box.run({"refunds", "create", "some-order"}).code == 2);  // --reason is required
  }
}
