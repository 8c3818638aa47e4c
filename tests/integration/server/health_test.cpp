// GET /api/v1/health against real dependencies: redis-server up then stopped (degraded, 200,
// still serving), and a PostgreSQL database that becomes unreachable (down, 503).
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <random>

#include "integration/server/json_check.hpp"
#include "integration/server/seeder.hpp"
#include "integration/server/server_harness.hpp"

using namespace veza::testing;

namespace {

const std::vector<std::string> kFastHealth{"--health-cache-ms", "0", "--probe-timeout-ms", "300"};

std::string check_status(const boost::json::value& health, const char* dependency) {
  const auto* checks = health.is_object() ? health.as_object().if_contains("checks") : nullptr;
  if (!checks || !checks->is_object()) return "<no checks>";
  const auto* c = checks->as_object().if_contains(dependency);
  return c ? json_string(*c, "status") : "<no check>";
}

// A fresh PostgreSQL database on the fixture's server, dropped at scope exit.
class PgDatabase {
 public:
  PgDatabase() : admin_(postgres_admin_url()) {
    std::random_device rd;
    name_ = "veza_srv_" + std::to_string(rd() % 1000000000u);
    auto [code, out] = run_command({"psql", admin_, "-qc", "CREATE DATABASE " + name_});
    if (code != 0) throw std::runtime_error("CREATE DATABASE failed: " + out);
  }
  ~PgDatabase() { run_command({"psql", admin_, "-qc", "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"}); }
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;
  [[nodiscard]] std::string url() const { return admin_.substr(0, admin_.rfind('/') + 1) + name_; }
  // No new connections, and every existing one terminated: the database is unreachable.
  void make_unreachable() const {
    auto [code, out] = run_command({"psql", admin_, "-v", "ON_ERROR_STOP=1", "-qc",
                                    "ALTER DATABASE " + name_ + " ALLOW_CONNECTIONS false",
                                    "-qc",
                                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name_ +
                                        "'"});
    if (code != 0) throw std::runtime_error("could not make the database unreachable: " + out);
  }

 private:
  std::string admin_;
  std::string name_;
};

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("server: health: with redis-server up reports ok, and once it stops degraded with 200 and the server still serves") {
    TempDir dir("veza-srv");
    RedisProcess redis(dir.path());
    std::vector<std::string> settings = kFastHealth;
    settings.insert(settings.end(), {"--redis-url", redis.url()});
    ServerProcess server(dir.path(), settings);
    Seeder seed(dir.path());
    const auto product = seed.product(seed.account("s@example.com"), "Still served");

    const auto up = http(server.port(), "GET", "/api/v1/health");
    INFO(up.body);
    CHECK(up.status == 200);
    const auto upj = json_of(up);
    CHECK(json_string(upj, "status") == "ok");
    CHECK(json_string(upj, "db") == "ok");
    CHECK(json_string(upj, "redis") == "ok");
    CHECK(check_status(upj, "redis") == "ok");
    CHECK(!upj.as_object().contains("rabbitmq"));
    CHECK(!json_string(upj, "version").empty());

    redis.stop();
    const auto down = http(server.port(), "GET", "/api/v1/health");
    INFO(down.body);
    CHECK(down.status == 200);
    const auto downj = json_of(down);
    CHECK(json_string(downj, "status") == "degraded");
    CHECK(json_string(downj, "db") == "ok");
    CHECK(json_string(downj, "redis") == "down");
    CHECK(check_status(downj, "redis") == "down");

    CHECK(http(server.port(), "GET", "/api/v1/products/" + product.id).status == 200);
    CHECK(http(server.port(), "GET", "/readyz").status == 200);
    const auto metrics = http(server.port(), "GET", "/metrics").body;
    CHECK(metrics.find(R"(veza_health_status{dependency="redis"} 0)") != std::string::npos);
    CHECK(metrics.find(R"(veza_health_status{dependency="db"} 1)") != std::string::npos);
  }

  TEST_CASE("server: health: without --redis-url redis is disabled and the status is ok") {
    TempDir dir("veza-srv");
    ServerProcess server(dir.path(), kFastHealth);
    const auto r = http(server.port(), "GET", "/api/v1/health");
    CHECK(r.status == 200);
    CHECK(json_string(json_of(r), "status") == "ok");
    CHECK(json_string(json_of(r), "redis") == "disabled");
    CHECK(r.header("cache-control") == "no-store");
  }

  TEST_CASE("server: health: on PostgreSQL, a database that becomes unreachable reports down with 503") {
    TempDir dir("veza-srv");
    PgDatabase db;
    std::vector<std::string> settings = kFastHealth;
    settings.insert(settings.end(), {"--database-url", db.url(), "--migrate", "true", "--db-pool-size", "2"});
    ServerProcess server(dir.path(), settings);

    const auto up = http(server.port(), "GET", "/api/v1/health");
    INFO(up.body);
    CHECK(up.status == 200);
    CHECK(json_string(json_of(up), "status") == "ok");
    CHECK(json_string(json_of(up), "db") == "ok");

    db.make_unreachable();
    const auto down = http(server.port(), "GET", "/api/v1/health");
    INFO(down.body);
    CHECK(down.status == 503);
    CHECK(json_string(json_of(down), "status") == "down");
    CHECK(json_string(json_of(down), "db") == "down");
    CHECK(check_status(json_of(down), "db") == "down");
    CHECK(http(server.port(), "GET", "/healthz").status == 200);  // alive, only its database is gone
  }

  TEST_CASE("server: health: a PostgreSQL database unreachable at start stops the server with a message and exit 1") {
    TempDir dir("veza-srv");
    const std::string url = "postgresql://postgres@127.0.0.1:" + std::to_string(free_port()) + "/veza";
    Process server({VEZA_SERVER_PATH, "--http-addr", "127.0.0.1:0", "--database-url", url, "--migrate", "false",
                    "--blob-dir", (dir.path() / "blobs").string()},
                   dir.path() / "out", dir.path() / "err");
    const auto code = server.wait_exit(Ms(10000));
    REQUIRE(code);
    CHECK(*code == 1);
    std::ifstream in(dir.path() / "err");
    const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(err.find("opening the database") != std::string::npos);
    CHECK(err.find("listening on") == std::string::npos);
  }
}
