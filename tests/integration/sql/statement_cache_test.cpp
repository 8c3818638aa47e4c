// StatementCache's own rules, on entries that prepare nothing (no database needed): one entry
// per text, an entry that threw is dropped, a text asked for as another shape is rebuilt, and
// past kMaxEntries the cache starts over.
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "adapters/sql/sql_statement_cache.hpp"

using veza::adapters::CachedStatement;
using veza::adapters::StatementCache;

namespace {

struct Counted final : CachedStatement {
  explicit Counted(int& made) { ++made; }
  int runs = 0;
};

struct Other final : CachedStatement {};

}  // namespace

TEST_SUITE("sql") {
  TEST_CASE("statement cache: one entry per text, rebuilt only after its run threw") {
    StatementCache cache;
    int made = 0;
    const auto make = [&] { return std::make_unique<Counted>(made); };
    const auto ok = [](Counted& c) { return ++c.runs; };
    CHECK(cache.run<Counted>("SELECT 1", make, ok) == 1);
    CHECK(cache.run<Counted>("SELECT 1", make, ok) == 2);  // the same entry again
    CHECK(made == 1);
    CHECK(cache.run<Counted>("SELECT 2", make, ok) == 1);
    CHECK(made == 2);

    CHECK_THROWS_AS(cache.run<Counted>("SELECT 1", make, [](Counted&) -> int { throw std::runtime_error("busy"); }),
                    std::runtime_error);
    CHECK(cache.run<Counted>("SELECT 1", make, ok) == 1);  // prepared afresh
    CHECK(made == 3);
    CHECK(cache.run<Counted>("SELECT 2", make, ok) == 2);  // the other entry untouched
  }

  TEST_CASE("statement cache: a text asked for as another shape is rebuilt, and a full cache starts over") {
    StatementCache cache;
    int made = 0;
    cache.get<Counted>("Q", [&] { return std::make_unique<Counted>(made); });
    cache.get<Other>("Q", [] { return std::make_unique<Other>(); });
    CHECK(cache.size() == 1);
    cache.get<Counted>("Q", [&] { return std::make_unique<Counted>(made); });
    CHECK(made == 2);

    for (std::size_t i = cache.size(); i < StatementCache::kMaxEntries; ++i) {
      cache.get<Other>("T" + std::to_string(i), [] { return std::make_unique<Other>(); });
    }
    CHECK(cache.size() == StatementCache::kMaxEntries);
    cache.get<Other>("one more", [] { return std::make_unique<Other>(); });
    CHECK(cache.size() == 1);
    cache.clear();
    CHECK(cache.size() == 0);
  }
}
