// The unit of work and opening rules of SqlDatabase, against real SQLite and PostgreSQL.
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <doctest/doctest.h>

#include "adapters/sql/sql_url.hpp"
#include "sql_test_db.hpp"

using veza::ErrorCode;
using veza::Transaction;
using veza::TxMode;
using veza::adapters::SqlDatabase;
using veza::adapters::SqlDialect;
using veza::identity::User;

namespace {

User new_user(veza::testing::SqlTestDb& t, const std::string& email) {
  User u;
  u.id = t.ids.next();
  u.email = email;
  u.display_name = email;
  u.created_at = t.clock.now();
  return u;
}

bool user_exists(veza::testing::SqlTestDb& t, const std::string& id) {
  auto r = veza::transact<std::optional<User>>(t.db(), TxMode::read, [&](Transaction& tx) { return tx.users().find_by_id(id); });
  REQUIRE(r);
  return r->has_value();
}

}  // namespace

TEST_SUITE("sql") {
  VEZA_SQL_TEST(tx_error_rolls_back, "a transaction whose work returns an error leaves nothing written") {
    const User u = new_user(t, "ada@example.org");
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      VEZA_TRY_VOID(tx.users().insert(u));
      return veza::make_error(ErrorCode::validation_failed, "changed my mind");
    });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::validation_failed);
    CHECK(r.error().message == "changed my mind");
    CHECK_FALSE(user_exists(t, u.id));
  }

  VEZA_SQL_TEST(tx_after_commit, "after_commit effects run once the commit is done, and never on a rollback") {
    const User u = new_user(t, "ada@example.org");
    int ran = 0;
    bool saw_committed = false;
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      VEZA_TRY_VOID(tx.users().insert(u));
      tx.after_commit([&] {
        ++ran;
        saw_committed = user_exists(t, u.id);  // a new transaction sees the row: committed
      });
      CHECK(ran == 0);
      return veza::ok();
    });
    REQUIRE(r);
    CHECK(ran == 1);
    CHECK(saw_committed);

    auto failed = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      tx.after_commit([&] { ++ran; });
      return veza::make_error(ErrorCode::conflict, "rolled back");
    });
    REQUIRE_FALSE(failed);
    auto threw = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      tx.after_commit([&] { ++ran; });
      throw std::runtime_error("boom");
    });
    REQUIRE_FALSE(threw);
    CHECK(ran == 1);
  }

  VEZA_SQL_TEST(tx_throw_rolls_back, "a transaction whose work throws leaves nothing written and reports internal") {
    const User u = new_user(t, "ada@example.org");
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      VEZA_TRY_VOID(tx.users().insert(u));
      throw std::runtime_error("boom");
    });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::internal);
    CHECK(r.error().message.find("boom") != std::string::npos);
    CHECK_FALSE(user_exists(t, u.id));
    // The pooled connection is usable again after the rollback.
    const User v = new_user(t, "grace@example.org");
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) { return tx.users().insert(v); }));
    CHECK(user_exists(t, v.id));
  }

  VEZA_SQL_TEST(tx_spans_repositories, "one transaction commits writes to several repositories together") {
    const User seller = new_user(t, "seller@example.org");
    veza::catalog::Product p;
    p.id = t.ids.next();
    p.seller_id = seller.id;
    p.title = "T";
    p.price = veza::Money(100, *veza::Currency::parse("EUR"));
    p.created_at = p.updated_at = t.clock.now();
    REQUIRE(t.db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
      VEZA_TRY_VOID(tx.users().insert(seller));  // the product's seller must exist first
      return tx.products().insert(p);
    }));
    CHECK(user_exists(t, seller.id));
  }

  VEZA_SQL_TEST(ping_works, "ping answers on a healthy database") { CHECK(t.db().ping()); }

  TEST_CASE("sqlite: write transactions from two threads both commit") {
    auto t = veza::testing::SqlTestDb::create(SqlDialect::sqlite, true, 2);
    constexpr int kPerThread = 25;
    std::atomic<int> failures{0};
    std::mutex ids_mutex;
    auto worker = [&](int n) {
      for (int i = 0; i < kPerThread; ++i) {
        User u;
        {
          const std::lock_guard lock(ids_mutex);
          u = new_user(*t, "u" + std::to_string(n) + "_" + std::to_string(i) + "@example.org");
        }
        // Read, then write: with a deferred BEGIN the second writer fails busy at once.
        auto r = t->db().run(TxMode::write, [&](Transaction& tx) -> veza::Result<void> {
          auto existing = tx.users().find_by_email(*u.email);
          if (!existing) return std::move(existing).error();
          std::this_thread::yield();
          return tx.users().insert(u);
        });
        if (!r) ++failures;
      }
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();
    CHECK(failures.load() == 0);
    auto count = veza::transact<int>(t->db(), TxMode::read, [&](Transaction& tx) -> veza::Result<int> {
      int found = 0;
      for (int n = 0; n < 2; ++n) {
        for (int i = 0; i < kPerThread; ++i) {
          auto r = tx.users().find_by_email("u" + std::to_string(n) + "_" + std::to_string(i) + "@example.org");
          if (!r) return std::move(r).error();
          if (r->has_value()) ++found;
        }
      }
      return found;
    });
    REQUIRE(count);
    CHECK(*count == 2 * kPerThread);
  }

  TEST_CASE("an unsupported or malformed database URL is invalid_argument") {
    for (const char* url : {"mysql://u:p@h/db", "sqlite://", "postgresql:///db", "sqlite://:memory:", "nonsense"}) {
      veza::adapters::SqlOptions options;
      options.url = url;
      auto r = SqlDatabase::open(options);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::invalid_argument);
    }
    veza::adapters::SqlOptions zero;
    zero.url = "sqlite:///tmp/unused.db";
    zero.pool_size = 0;
    auto r = SqlDatabase::open(zero);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::invalid_argument);
  }

  TEST_CASE("an unreachable PostgreSQL is unavailable and the message hides the password") {
    veza::adapters::SqlOptions options;
    options.url = "postgresql://veza:s3cret-pw@127.0.0.1:1/veza";  // nothing listens on port 1
    auto r = SqlDatabase::open(options);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    CHECK(r.error().message.find("s3cret-pw") == std::string::npos);
    CHECK(r.error().message.find("postgresql://veza:***@127.0.0.1:1/veza") != std::string::npos);
  }

  TEST_CASE("a SQLite file in a missing directory is unavailable") {
    veza::adapters::SqlOptions options;
    options.url = "sqlite:///nonexistent-dir-for-veza-tests/x/veza.db";
    auto r = SqlDatabase::open(options);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
  }

  TEST_CASE("redact_url hides only the password") {
    using veza::adapters::redact_url;
    CHECK(redact_url("postgresql://u:p@h:5432/db") == "postgresql://u:***@h:5432/db");
    CHECK(redact_url("postgres://u:p@ss@h/db") == "postgres://u:***@h/db");
    CHECK(redact_url("postgresql://u@h/db") == "postgresql://u@h/db");
    CHECK(redact_url("sqlite://./veza.db") == "sqlite://./veza.db");
    CHECK(redact_url("u:p@h") == "***@h");
  }

  TEST_CASE("sqlite URLs name a path relative to the working directory or absolute") {
    auto rel = veza::adapters::parse_sql_url("sqlite://./veza.db");
    REQUIRE(rel);
    CHECK(rel->dialect == SqlDialect::sqlite);
    CHECK(rel->connect == "./veza.db");
    auto abs = veza::adapters::parse_sql_url("sqlite:///var/lib/veza/veza.db");
    REQUIRE(abs);
    CHECK(abs->connect == "/var/lib/veza/veza.db");
    auto pg = veza::adapters::parse_sql_url("postgres://u:p@h:1/db");
    REQUIRE(pg);
    CHECK(pg->dialect == SqlDialect::postgresql);
    CHECK(pg->display == "postgres://u:***@h:1/db");
  }
}
