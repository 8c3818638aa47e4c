#include <doctest/doctest.h>

#include <random>
#include <string>

#include "cli/cli_runner.hpp"

using veza::testing::CliSandbox;

TEST_SUITE("cli") {
  TEST_CASE("postgresql: migrate, users create and tokens create work against a real PostgreSQL") {
    const std::string admin = veza::testing::postgres_admin_url();
    REQUIRE_MESSAGE(!admin.empty(), "the veza_postgresql fixture did not start PostgreSQL");
    CliSandbox box;
    std::random_device rd;
    const std::string db = "veza_cli_" + std::to_string(rd() % 1000000000u);
    auto created = veza::testing::run_process({"psql", admin, "-qc", "CREATE DATABASE " + db}, box.dir());
    REQUIRE_MESSAGE(created.code == 0, created.err);
    box.database_url = admin.substr(0, admin.rfind('/') + 1) + db;

    CHECK(box.run({"migrate"}).code == 0);
    auto status = box.run({"--json", "migrate", "--status"});
    CHECK(status.out.find("\"pending\":[]") != std::string::npos);
    auto user = box.run({"users", "create", "--email", "Pg@Example.com", "--name", "Pg", "--json"});
    CHECK(user.code == 0);
    CHECK(box.run({"users", "create", "--email", "pg@example.com", "--name", "Dup"}).code == 4);
    auto token = box.run({"--json", "tokens", "create", "--user", "pg@example.com", "--expires-in", "7"});
    CHECK(token.code == 0);
    CHECK(token.out.find("\"token\":\"veza_") != std::string::npos);
    auto product = box.run({"products", "create", "--seller", "pg@example.com", "--title", "Élan", "--price", "990",
                            "--currency", "EUR", "--vat-rate", "550", "--json"});
    CHECK(product.code == 0);
    CHECK(product.out.find("\"title\":\"Élan\"") != std::string::npos);

    veza::testing::run_process({"psql", admin, "-qc", "DROP DATABASE " + db + " WITH (FORCE)"}, box.dir());
  }
}
