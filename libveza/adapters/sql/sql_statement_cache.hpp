#pragma once
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <vector>

#include <soci/soci.h>

#include <veza/core/result.hpp>

namespace veza::adapters {

// A statement prepared once on a pooled connection and executed again with new values. SOCI
// binds by reference, so an entry owns the variables its statement reads and writes; it is a
// base class only so that the cache can hold entries of every shape.
class CachedStatement {
 public:
  CachedStatement() = default;
  virtual ~CachedStatement() = default;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
};

// The statements prepared on one pooled connection, by SQL text. SOCI 4.0 prepares every
// statement anew (SQLite re-parses it; PostgreSQL pays a Parse and a DEALLOCATE round trip
// around every query), which was a fifth of a review page's cost. Entries die with the
// connection: the pool clears them before it reconnects or closes, and an entry whose
// execution failed is dropped, so the next call prepares afresh.
class StatementCache {
 public:
  // More distinct texts than any code path has: past it the cache starts over rather than grow.
  static constexpr std::size_t kMaxEntries = 128;

  // The entry of type T prepared for `text`; `make()` builds it (a std::unique_ptr<T>) the
  // first time, or again if it was dropped.
  template <class T, class Make>
  T& get(const std::string& text, Make&& make) {
    auto it = entries_.find(text);
    if (it != entries_.end() && typeid(*it->second) == typeid(T)) return static_cast<T&>(*it->second);
    if (it != entries_.end()) entries_.erase(it);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    std::unique_ptr<T> made = make();
    T& entry = *made;
    entries_.emplace(text, std::move(made));
    return entry;
  }

  // Runs `run(entry)` on the entry for `text`; if it throws, the entry is dropped (a statement
  // that failed mid-way may hold a half-read result) and the exception goes on.
  template <class T, class Make, class Run>
  auto run(const std::string& text, Make&& make, Run&& run) -> decltype(run(std::declval<T&>())) {
    T& entry = get<T>(text, make);
    try {
      return run(entry);
    } catch (...) {
      entries_.erase(text);
      throw;
    }
  }

  void clear() noexcept { entries_.clear(); }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>> entries_;
};

// A statement with no bound values (BEGIN, COMMIT, ROLLBACK).
class PlainStatement final : public CachedStatement {
 public:
  PlainStatement(soci::session& sql, const std::string& text) : st_(sql) {
    st_.alloc();
    st_.prepare(text);
    st_.define_and_bind();
  }
  void execute() { st_.execute(true); }

 private:
  soci::statement st_;
};

// A SELECT prepared once per connection. `Row` holds the columns (Row::bind(statement&)
// exchanges them in select-list order); the placeholders take text values, in order (SQL
// casts the ones that are numbers: CAST(:n AS INTEGER)).
template <class Row>
class CachedQuery final : public CachedStatement {
 public:
  CachedQuery(soci::session& sql, const std::string& text, std::size_t param_count) : params_(param_count), st_(sql) {
    row_.bind(st_);
    for (auto& p : params_) st_.exchange(soci::use(p));
    st_.alloc();
    st_.prepare(text);
    st_.define_and_bind();
  }

  // Executes with `values` and calls `each(row)` (returning Result<void>) for every row until
  // one fails; always reads to the end, so that the statement holds no read open while cached.
  template <class Each>
  Result<void> run(const std::vector<std::string>& values, Each&& each) {
    std::copy(values.begin(), values.end(), params_.begin());
    Result<void> r;
    if (st_.execute(true)) {
      do {
        if (r) r = each(row_);
      } while (st_.fetch());
    }
    return r;
  }

 private:
  Row row_;
  std::vector<std::string> params_;
  soci::statement st_;
};

// Runs the query `text` with `values` on the connection's cached statement (prepared on first
// use), calling `each(row)` for every row; see CachedQuery.
template <class Row, class Each>
Result<void> run_query(StatementCache& cache, soci::session& sql, const std::string& text,
                       const std::vector<std::string>& values, Each&& each) {
  return cache.run<CachedQuery<Row>>(
      text, [&] { return std::make_unique<CachedQuery<Row>>(sql, text, values.size()); },
      [&](CachedQuery<Row>& q) { return q.run(values, each); });
}

// run_query that turns every row into a domain value with `convert(row)` (returning Result<T>)
// and returns them in order, or the first conversion's error.
template <class Row, class Convert>
auto query_rows(StatementCache& cache, soci::session& sql, const std::string& text,
                const std::vector<std::string>& values, Convert&& convert)
    -> Result<std::vector<typename std::invoke_result_t<Convert&, const Row&>::value_type>> {
  std::vector<typename std::invoke_result_t<Convert&, const Row&>::value_type> out;
  auto done = run_query<Row>(cache, sql, text, values, [&](const Row& row) -> Result<void> {
    auto v = convert(row);
    if (!v) return std::move(v).error();
    out.push_back(std::move(*v));
    return {};
  });
  if (!done) return std::move(done).error();
  return out;
}

}  // namespace veza::adapters
