// Review reads at scale (issue 6's benchmark; not a test: ctest never runs it).
//
//   veza_review_bench seed URL N          a migrated database at URL with one product holding N
//                                         verified reviews (N buyers, each with a paid order and an
//                                         active licence); prints the product id
//   veza_review_bench time URL PRODUCT [SECONDS]
//                                         in-process ReviewService::summary and the first page (20)
//                                         of list() in each sort: ops/s, mean, p50 and p99 in ms
//
// The seed is set-based (a recursive CTE on SQLite, generate_series on PostgreSQL) in one
// transaction, so a million rows take seconds instead of a million service calls; the product,
// its seller and the summary go through the services. run_review_bench.sh drives both commands
// and wrk over veza-server.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <veza/runtime/runtime.hpp>

#include "adapters/sql/sql_url.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// One row per buyer in every table; ids are UUID-shaped text (tag, row number) so each table's
// rows are distinct; review i is i seconds after 2026-01-01, so "newest" has no ties.
constexpr const char* kSqliteSeed[] = {
    "CREATE TEMP TABLE bench_seq (i INTEGER PRIMARY KEY)",
    "INSERT INTO bench_seq (i) WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n) "
    "SELECT i FROM seq",
    "INSERT INTO users (id, email, email_verified, display_name, role, created_at) "
    "SELECT printf('%08x-0000-7000-8000-%012x', 1, i), 'buyer' || i || '@bench.example', 1, 'Buyer ' || i, 'user', "
    "'2025-12-01T00:00:00.000Z' FROM bench_seq",
    "INSERT INTO orders (id, buyer_id, status, currency, total_cents, net_cents, vat_cents, created_at, updated_at) "
    "SELECT printf('%08x-0000-7000-8000-%012x', 2, i), printf('%08x-0000-7000-8000-%012x', 1, i), 'paid', 'EUR', "
    "990, 825, 165, '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z' FROM bench_seq",
    "INSERT INTO licences (id, user_id, product_id, order_id, status, granted_at) "
    "SELECT printf('%08x-0000-7000-8000-%012x', 3, i), printf('%08x-0000-7000-8000-%012x', 1, i), :product, "
    "printf('%08x-0000-7000-8000-%012x', 2, i), 'active', '2025-12-01T00:00:00.000Z' FROM bench_seq",
    "INSERT INTO product_reviews (id, product_id, user_id, rating, comment, created_at, updated_at, "
    "verified_purchase, status) "
    "SELECT printf('%08x-0000-7000-8000-%012x', 4, i), :product, printf('%08x-0000-7000-8000-%012x', 1, i), "
    "CASE WHEN i % 10 < 5 THEN 5 WHEN i % 10 < 8 THEN 4 WHEN i % 10 = 8 THEN 3 ELSE 1 + (i / 10) % 2 END, "
    "'Review ' || i || ': clean mix, warm low end, the hi-hats sit a little forward on small speakers.', "
    "strftime('%Y-%m-%dT%H:%M:%S.000Z', 1767225600 + i, 'unixepoch'), "
    "strftime('%Y-%m-%dT%H:%M:%S.000Z', 1767225600 + i, 'unixepoch'), 1, 'published' FROM bench_seq",
    "DROP TABLE bench_seq",
};

constexpr const char* kPostgresqlSeed[] = {
    "CREATE TEMP TABLE bench_seq AS SELECT i, "
    "(lpad(to_hex(1), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS user_id, "
    "(lpad(to_hex(2), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS order_id, "
    "(lpad(to_hex(3), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS licence_id, "
    "(lpad(to_hex(4), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS review_id "
    "FROM generate_series(1, CAST(:n AS INTEGER)) AS i",
    "INSERT INTO users (id, email, email_verified, display_name, role, created_at) "
    "SELECT user_id, 'buyer' || i || '@bench.example', TRUE, 'Buyer ' || i, 'user', TIMESTAMPTZ '2025-12-01Z' "
    "FROM bench_seq",
    "INSERT INTO orders (id, buyer_id, status, currency, total_cents, net_cents, vat_cents, created_at, updated_at) "
    "SELECT order_id, user_id, 'paid', 'EUR', 990, 825, 165, TIMESTAMPTZ '2025-12-01Z', TIMESTAMPTZ '2025-12-01Z' "
    "FROM bench_seq",
    "INSERT INTO licences (id, user_id, product_id, order_id, status, granted_at) "
    "SELECT licence_id, user_id, CAST(:product AS UUID), order_id, 'active', TIMESTAMPTZ '2025-12-01Z' FROM bench_seq",
    "INSERT INTO product_reviews (id, product_id, user_id, rating, comment, created_at, updated_at, "
    "verified_purchase, status) "
    "SELECT review_id, CAST(:product AS UUID), user_id, "
    "CASE WHEN i % 10 < 5 THEN 5 WHEN i % 10 < 8 THEN 4 WHEN i % 10 = 8 THEN 3 ELSE 1 + (i / 10) % 2 END, "
    "'Review ' || i || ': clean mix, warm low end, the hi-hats sit a little forward on small speakers.', "
    "to_timestamp(1767225600 + i), to_timestamp(1767225600 + i), TRUE, 'published' FROM bench_seq",
    "DROP TABLE bench_seq",
};

int fail(const std::string& what) {
  std::fprintf(stderr, "veza_review_bench: %s\n", what.c_str());
  return 1;
}

std::unique_ptr<veza::Runtime> open_runtime(const std::string& url) {
  veza::Config c;
  c.database_url = url;
  c.db_pool_size = 2;
  c.log_level = "error";
  auto rt = veza::Runtime::open(c);
  if (!rt) {
    std::fprintf(stderr, "veza_review_bench: %s\n", rt.error().message.c_str());
    return nullptr;
  }
  return std::move(*rt);
}

// Runs the statements binding :n and :product where they appear (SOCI binds by name).
void bulk_insert(const std::string& url, const std::string& product_id, int n) {
  auto parsed = veza::adapters::parse_sql_url(url);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  const bool sqlite = parsed->dialect == veza::adapters::SqlDialect::sqlite;
  soci::session sql(sqlite ? *soci::factory_sqlite3() : *soci::factory_postgresql(), parsed->connect);
  if (sqlite) sql << "PRAGMA synchronous = OFF";
  sql.begin();
  const auto run = [&](const char* statement) {
    const std::string text(statement);
    if (text.find(":product") != std::string::npos) {
      sql << text, soci::use(product_id, "product");
    } else if (text.find(":n") != std::string::npos) {
      sql << text, soci::use(n, "n");
    } else {
      sql << text;
    }
  };
  if (sqlite) {
    for (const char* s : kSqliteSeed) run(s);
  } else {
    for (const char* s : kPostgresqlSeed) run(s);
  }
  sql.commit();
  // PostgreSQL's autovacuum would have analysed tables that grew this much; SQLite gathers no
  // statistics unless told to (we never run ANALYZE), so its plans are measured without them.
  if (!sqlite) sql << "ANALYZE";
}

int seed(const std::string& url, int n) {
  auto rt = open_runtime(url);
  if (!rt) return 1;
  if (!rt->migrate()) return fail("migrating " + url + " failed");
  auto seller = rt->users().create({"seller@bench.example", "Bench Seller", veza::identity::Role::user, true});
  if (!seller) return fail(seller.error().message);
  auto product = rt->catalog().create(seller->id, {"Bench track", "", 990, "EUR", 2000});
  if (!product) return fail(product.error().message);
  const auto t0 = Clock::now();
  try {
    bulk_insert(url, product->id, n);
  } catch (const std::exception& e) {
    return fail(std::string("bulk insert: ") + e.what());
  }
  const double inserted = std::chrono::duration<double>(Clock::now() - t0).count();
  auto rebuilt = rt->reviews().rebuild_summaries(product->id);  // the summary, through the service
  if (!rebuilt) return fail(rebuilt.error().message);
  auto s = rt->reviews().summary(product->id);
  if (!s || s->count != n) return fail("the summary does not count " + std::to_string(n) + " reviews");
  std::fprintf(stderr, "seeded %d reviews in %.1f s (summary %.1f s)\n", n, inserted,
               std::chrono::duration<double>(Clock::now() - t0).count() - inserted);
  std::printf("%s\n", product->id.c_str());
  return 0;
}

struct Figures {
  std::size_t ops = 0;
  double seconds = 0, mean_ms = 0, p50_ms = 0, p99_ms = 0;
};

template <class Op>
Figures measure(Op op, double seconds) {
  std::vector<double> ms;
  for (int i = 0; i < 50; ++i) op();  // warm caches and prepared statements
  const auto start = Clock::now();
  const auto budget = std::chrono::duration<double>(seconds);
  while (Clock::now() - start < budget) {
    const auto t0 = Clock::now();
    if (!op()) break;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  Figures f;
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.ops = ms.size();
  if (ms.empty()) return f;
  double total = 0;
  for (double v : ms) total += v;
  f.mean_ms = total / static_cast<double>(ms.size());
  std::sort(ms.begin(), ms.end());
  f.p50_ms = ms[ms.size() / 2];
  f.p99_ms = ms[static_cast<std::size_t>(0.99 * static_cast<double>(ms.size() - 1))];
  return f;
}

int time_reads(const std::string& url, const std::string& product_id, double seconds) {
  auto rt = open_runtime(url);
  if (!rt) return 1;
  auto& reviews = rt->reviews();
  bool ok = true;
  const auto report = [&](const char* name, const Figures& f) {
    // Parsed by run_review_bench.sh: NAME OPS_PER_S MEAN_MS P50_MS P99_MS
    std::printf("%s %.0f %.4f %.4f %.4f\n", name, static_cast<double>(f.ops) / f.seconds, f.mean_ms, f.p50_ms,
                f.p99_ms);
  };
  report("summary", measure(
                        [&] {
                          auto s = reviews.summary(product_id);
                          ok = ok && s.has_value();
                          return s.has_value();
                        },
                        seconds));
  const std::pair<const char*, veza::reviews::ReviewSort> sorts[] = {
      {"list_newest", veza::reviews::ReviewSort::newest},
      {"list_highest", veza::reviews::ReviewSort::highest},
      {"list_lowest", veza::reviews::ReviewSort::lowest}};
  for (const auto& [name, sort] : sorts) {
    report(name, measure(
                     [&, sort = sort] {
                       auto page = reviews.list(product_id, sort, 20, std::nullopt);
                       ok = ok && page.has_value() && page->items.size() == 20;
                       return page.has_value();
                     },
                     seconds));
  }
  return ok ? 0 : fail("a read failed or returned a short page");
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "seed") return seed(args[1], std::atoi(args[2].c_str()));
  if ((args.size() == 3 || args.size() == 4) && args[0] == "time") {
    return time_reads(args[1], args[2], args.size() == 4 ? std::atof(args[3].c_str()) : 2.0);
  }
  std::fprintf(stderr,
               "usage: veza_review_bench seed URL N\n"
               "       veza_review_bench time URL PRODUCT_ID [SECONDS]\n");
  return 2;
}
