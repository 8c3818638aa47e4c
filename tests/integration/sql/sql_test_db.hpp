#pragma once
#include <memory>
#include <string>
#include <vector>

#include <veza/catalog/product.hpp>
#include <veza/core/id.hpp>
#include <veza/identity/user.hpp>
#include <veza/orders/order.hpp>
#include <veza/persistence/database.hpp>

#include "adapters/sql/sql_database.hpp"
#include "support/fake_clock.hpp"

namespace veza::testing {

// A fresh, migrated database of one dialect for one test case: a temp SQLite file, or a
// database created (with a unique name) on the fixture's PostgreSQL and dropped afterwards,
// so test cases never share state and run in parallel.
class SqlTestDb {
 public:
  // Fails the test (REQUIRE) when the database cannot be made; PostgreSQL missing is a failure.
  static std::unique_ptr<SqlTestDb> create(adapters::SqlDialect dialect, bool migrate = true, std::size_t pool_size = 2);
  ~SqlTestDb();
  SqlTestDb(const SqlTestDb&) = delete;
  SqlTestDb& operator=(const SqlTestDb&) = delete;

  adapters::SqlDatabase& db() { return *db_; }
  adapters::SqlDialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  FakeClock clock;
  Uuid7Generator ids{clock};

  // Rows to build on, written in their own transaction.
  identity::User add_user(const std::string& email);
  catalog::Product add_product(const identity::User& seller, const std::string& title = "Track",
                               std::int64_t price_cents = 1200);
  orders::Order add_order(const identity::User& buyer, const std::vector<catalog::Product>& products);

 private:
  SqlTestDb() = default;
  adapters::SqlDialect dialect_ = adapters::SqlDialect::sqlite;
  std::string url_;
  std::string cleanup_;  // SQLite: the temp directory; PostgreSQL: the database name
  std::string admin_url_;
  std::unique_ptr<adapters::SqlDatabase> db_;
};

// The URL of the fixture's PostgreSQL server (its `postgres` database): VEZA_TEST_POSTGRES_URL,
// else the file named by VEZA_TEST_POSTGRES_URL_FILE, else the file the ctest fixture writes.
std::string postgres_admin_url();

// Runs `sql` (one statement, outside any transaction) on the fixture's server.
void postgres_admin_exec(const std::string& admin_url, const std::string& sql);

}  // namespace veza::testing

// Registers `title` twice, once per dialect ("sqlite: …", "postgresql: …"), both running the
// body that follows with a fresh SqlTestDb `t`: the same suite covers both databases.
#define VEZA_SQL_TEST(fn, title)                                                            \
  static void fn(veza::testing::SqlTestDb& t);                                              \
  TEST_CASE("sqlite: " title) {                                                             \
    auto t_ = veza::testing::SqlTestDb::create(veza::adapters::SqlDialect::sqlite);          \
    fn(*t_);                                                                                \
  }                                                                                         \
  TEST_CASE("postgresql: " title) {                                                         \
    auto t_ = veza::testing::SqlTestDb::create(veza::adapters::SqlDialect::postgresql);      \
    fn(*t_);                                                                                \
  }                                                                                         \
  static void fn(veza::testing::SqlTestDb& t)
