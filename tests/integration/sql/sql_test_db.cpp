#include "sql_test_db.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <veza/core/vat.hpp>
#include <veza/persistence/migrations.hpp>

#include "adapters/sql/sql_url.hpp"

#ifndef VEZA_TEST_POSTGRES_URL_FILE_DEFAULT
#error "tests/integration/sql/CMakeLists.txt defines the fixture's URL file"
#endif

namespace veza::testing {

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::string postgres_admin_url() {
  if (const char* url = std::getenv("VEZA_TEST_POSTGRES_URL"); url != nullptr && *url != '\0') return url;
  std::string file = VEZA_TEST_POSTGRES_URL_FILE_DEFAULT;
  if (const char* f = std::getenv("VEZA_TEST_POSTGRES_URL_FILE"); f != nullptr && *f != '\0') file = f;
  return read_first_line(file);
}

void postgres_admin_exec(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test PostgreSQL at " + adapters::redact_url(admin_url) + ": " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
  const std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

std::unique_ptr<SqlTestDb> SqlTestDb::create(adapters::SqlDialect dialect, bool migrate, std::size_t pool_size) {
  std::unique_ptr<SqlTestDb> t(new SqlTestDb());
  t->dialect_ = dialect;
  if (dialect == adapters::SqlDialect::sqlite) {
    const auto dir = std::filesystem::temp_directory_path() / ("veza-sql-test-" + unique_suffix());
    std::filesystem::create_directories(dir);
    t->cleanup_ = dir.string();
    t->url_ = "sqlite://" + (dir / "veza.db").string();
  } else {
    t->admin_url_ = postgres_admin_url();
    INFO("PostgreSQL fixture URL file: " << VEZA_TEST_POSTGRES_URL_FILE_DEFAULT);
    REQUIRE_MESSAGE(!t->admin_url_.empty(), "no PostgreSQL for the tests: run them through ctest (fixture "
                                            "veza_postgresql) or set VEZA_TEST_POSTGRES_URL");
    const std::string name = "veza_test_" + unique_suffix();
    REQUIRE_NOTHROW(postgres_admin_exec(t->admin_url_, "CREATE DATABASE " + name));
    t->cleanup_ = name;
    const auto slash = t->admin_url_.rfind('/');
    t->url_ = t->admin_url_.substr(0, slash + 1) + name;
  }
  adapters::SqlOptions options;
  options.url = t->url_;
  options.pool_size = pool_size;
  auto db = adapters::SqlDatabase::open(options);
  REQUIRE(db);
  t->db_ = std::move(*db);
  if (migrate) {
    MigrationRunner runner(t->db_->migration_store(), adapters::embedded_migrations(dialect), t->clock);
    REQUIRE(runner.migrate());
  }
  return t;
}

SqlTestDb::~SqlTestDb() {
  db_.reset();  // close every pooled connection first: DROP DATABASE needs them gone
  try {
    if (dialect_ == adapters::SqlDialect::sqlite) {
      std::filesystem::remove_all(cleanup_);
    } else if (!cleanup_.empty()) {
      postgres_admin_exec(admin_url_, "DROP DATABASE IF EXISTS " + cleanup_ + " WITH (FORCE)");
    }
  } catch (const std::exception& e) {
    // A leftover temp database does not change this test's verdict; say so and go on.
    MESSAGE("cleanup failed: " << e.what());
  }
}

identity::User SqlTestDb::add_user(const std::string& email) {
  identity::User u;
  u.id = ids.next();
  u.email = email;
  u.email_verified = true;
  u.display_name = "User " + email;
  u.created_at = clock.now();
  REQUIRE(db().run(TxMode::write, [&](Transaction& tx) { return tx.users().insert(u); }));
  return u;
}

catalog::Product SqlTestDb::add_product(const identity::User& seller, const std::string& title, std::int64_t price_cents) {
  catalog::Product p;
  p.id = ids.next();
  p.seller_id = seller.id;
  p.title = title;
  p.description = "About " + title;
  p.price = Money(price_cents, *Currency::parse("EUR"));
  p.vat_rate_bp = 2000;
  p.created_at = clock.now();
  p.updated_at = clock.now();
  REQUIRE(db().run(TxMode::write, [&](Transaction& tx) { return tx.products().insert(p); }));
  clock.advance(std::chrono::milliseconds{1});
  return p;
}

orders::Order SqlTestDb::add_order(const identity::User& buyer, const std::vector<catalog::Product>& products) {
  orders::Order o;
  o.id = ids.next();
  o.buyer_id = buyer.id;
  o.currency = *Currency::parse("EUR");
  o.created_at = clock.now();
  o.updated_at = clock.now();
  for (const auto& p : products) {
    orders::OrderItem item;
    item.id = ids.next();
    item.order_id = o.id;
    item.product_id = p.id;
    item.seller_id = p.seller_id;
    item.title = p.title;
    item.unit_gross_cents = p.price.minor_units();
    item.vat_rate_bp = p.vat_rate_bp;
    auto split = split_gross(item.unit_gross_cents, item.vat_rate_bp);
    REQUIRE(split);
    item.net_cents = split->net;
    item.vat_cents = split->vat;
    o.total_cents += item.unit_gross_cents;
    o.net_cents += item.net_cents;
    o.vat_cents += item.vat_cents;
    o.items.push_back(item);
  }
  REQUIRE(db().run(TxMode::write, [&](Transaction& tx) { return tx.orders().insert(o); }));
  clock.advance(std::chrono::milliseconds{1});
  return o;
}

}  // namespace veza::testing
