#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <typeinfo>
#include <unordered_map>

#include <soci/soci.h>

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

}  // namespace veza::adapters
