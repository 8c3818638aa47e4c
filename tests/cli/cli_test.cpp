#include <doctest/doctest.h>

#include <string>

#include "cli/cli_runner.hpp"

using veza::testing::CliSandbox;

namespace {
// The value of "key":"value" in a flat JSON text (enough for these checks).
std::string json_field(const std::string& json, const std::string& key) {
  const auto k = json.find("\"" + key + "\":\"");
  if (k == std::string::npos) return {};
  const auto b = k + key.size() + 4;
  return json.substr(b, json.find('"', b) - b);
}
}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("migrate applies the schema once and --status reports it") {
    CliSandbox box;
    auto status = box.run({"migrate", "--status"});
    CHECK(status.code == 0);
    CHECK(status.out.find("pending") != std::string::npos);
    auto first = box.run({"migrate"});
    REQUIRE(first.code == 0);
    CHECK(first.out.find("applied") != std::string::npos);
    auto again = box.run({"--json", "migrate"});
    REQUIRE(again.code == 0);
    CHECK(again.out.find("\"pending\":[]") != std::string::npos);
    // Fully migrated: current is the latest version this binary knows (new migrations keep landing).
    const auto number = [&](const std::string& key) {
      const auto at = again.out.find("\"" + key + "\":");
      REQUIRE(at != std::string::npos);
      return std::stoi(again.out.substr(at + key.size() + 3));
    };
    CHECK(number("current") == number("latest"));
    CHECK(number("current") >= 1);
  }

  TEST_CASE("users create makes a user and refuses a duplicate email with exit 4") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    auto made = box.run({"users", "create", "--email", "Ana@Example.com", "--name", "Ana", "--json"});
    REQUIRE(made.code == 0);
    CHECK(json_field(made.out, "email") == "Ana@Example.com");
    CHECK(made.out.find("\"email_verified\":true") != std::string::npos);
    auto dup = box.run({"users", "create", "--email", "ana@example.COM", "--name", "Other"});
    CHECK(dup.code == 4);
    CHECK(dup.err.find("already") != std::string::npos);
  }

  TEST_CASE("users create refuses an invalid email or a missing flag with exit 2") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    CHECK(box.run({"users", "create", "--email", "not-an-email", "--name", "X"}).code == 2);
    auto missing = box.run({"users", "create", "--email", "a@example.com"});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("name") != std::string::npos);
    CHECK(box.run({"users", "frobnicate"}).code == 2);
  }

  TEST_CASE("tokens create prints the token once, revoke works once") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    REQUIRE(box.run({"users", "create", "--email", "bo@example.com", "--name", "Bo"}).code == 0);
    auto made = box.run({"--json", "tokens", "create", "--user", "bo@example.com", "--expires-in", "30"});
    REQUIRE(made.code == 0);
    const std::string token = json_field(made.out, "token");
    CHECK(token.rfind("veza_", 0) == 0);
    CHECK(made.out.find("\"expires_at\":\"") != std::string::npos);
    const std::string id = json_field(made.out, "id");
    REQUIRE_FALSE(id.empty());
    auto listed = box.run({"tokens", "list", "--user", "bo@example.com", "--json"});
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find(id) != std::string::npos);
    CHECK(listed.out.find(token) == std::string::npos);  // never shown again
    CHECK(box.run({"tokens", "revoke", "--id", id}).code == 0);
    CHECK(box.run({"tokens", "revoke", "--id", id}).code == 4);
    CHECK(box.run({"tokens", "create", "--user", "nobody@example.com"}).code == 3);
    CHECK(box.run({"tokens", "create", "--user", "bo@example.com", "--expires-in", "0"}).code == 2);
    CHECK(box.run({"tokens", "create", "--user", "bo@example.com", "--expires-in", "soon"}).code == 2);
  }

  TEST_CASE("products create validates price, currency, VAT rate and title") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    REQUIRE(box.run({"users", "create", "--email", "cy@example.com", "--name", "Cy"}).code == 0);
    const std::vector<std::string> base{"products", "create", "--seller", "cy@example.com", "--title"};
    auto with = [&](std::string title, std::string price, std::string currency, std::string vat) {
      auto args = base;
      args.insert(args.end(), {title, "--price", price, "--currency", currency, "--vat-rate", vat, "--json"});
      return box.run(args);
    };
    auto ok = with("Night Drive (stems)", "1250", "EUR", "2000");
    REQUIRE(ok.code == 0);
    const std::string id = json_field(ok.out, "id");
    CHECK(ok.out.find("\"price_cents\":1250") != std::string::npos);
    CHECK(with("T", "-1", "EUR", "2000").code == 2);
    CHECK(with("T", "99999999999999999999", "EUR", "2000").code == 2);
    CHECK(with("T", "12.50", "EUR", "2000").code == 2);
    CHECK(with("T", "100", "EURO", "2000").code == 2);
    CHECK(with("T", "100", "EUR", "10001").code == 2);
    CHECK(with("  ", "100", "EUR", "2000").code == 2);
    CHECK(with(std::string(201, 'a'), "100", "EUR", "2000").code == 2);
    CHECK(with("bad \xff utf8", "100", "EUR", "2000").code == 2);
    auto listed = box.run({"products", "list", "--json"});
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find(id) != std::string::npos);
    CHECK(listed.out.find("\"title\":\"T\"") == std::string::npos);  // nothing half-written
    auto shown = box.run({"products", "show", id});
    CHECK(shown.code == 0);
    CHECK(shown.out.find("Night Drive") != std::string::npos);
    CHECK(box.run({"products", "show", "00000000-0000-7000-8000-000000000000"}).code == 3);
  }

  TEST_CASE("orders list is empty on a new database and show of an unknown id is exit 3") {
    CliSandbox box;
    REQUIRE(box.run({"migrate"}).code == 0);
    auto listed = box.run({"--json", "orders", "list"});
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find("\"items\":[]") != std::string::npos);
    CHECK(box.run({"orders", "show", "00000000-0000-7000-8000-000000000000"}).code == 3);
  }

  TEST_CASE("help is available on every command and a bad setting names itself") {
    CliSandbox box;
    for (auto args : std::vector<std::vector<std::string>>{{"--help"},
                                                           {"users", "--help"},
                                                           {"users", "create", "--help"},
                                                           {"tokens", "create", "--help"},
                                                           {"tokens", "revoke", "--help"},
                                                           {"products", "create", "--help"},
                                                           {"orders", "list", "--help"},
                                                           {"migrate", "--help"}}) {
      auto r = box.run(args);
      INFO(args.front());
      CHECK(r.code == 0);
      CHECK(r.out.find("usage") != std::string::npos);
    }
    auto bad = box.run({"--db-pool-size", "zero", "migrate"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("VEZA_DB_POOL_SIZE") != std::string::npos);
    CHECK(box.run({}).code == 2);
  }
}
