#pragma once
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::adapters {

// What a constraint's name (as the database reports it) means to a caller, e.g.
// {"idx_users_email", "a user with this email already exists"}. Both SQLite and PostgreSQL
// name the index or column in their messages, so one needle serves both dialects.
struct ConstraintMessage {
  std::string_view needle;
  std::string_view message;
};

// Turns an exception caught at a port into a veza::Error: a constraint violation becomes
// `conflict` with the matching message, an unreachable or busy database `unavailable`, the
// rest `internal`. `operation` says what we were doing ("inserting a user").
Error sql_error(const std::exception& e, std::string_view operation,
                std::initializer_list<ConstraintMessage> constraints = {});

// Runs `f` (returning a Result) and converts any exception, so none crosses a port.
template <class F>
auto guarded(std::string_view operation, F&& f, std::initializer_list<ConstraintMessage> constraints = {})
    -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return sql_error(e, operation, constraints);
  } catch (...) {
    return make_error(ErrorCode::internal, std::string(operation) + " failed: unknown exception");
  }
}

// Nested transaction work as one statement: on an error (or exception) the savepoint is
// rolled back, so a failed insert leaves the enclosing transaction usable and nothing of
// itself behind — in both dialects (PostgreSQL would otherwise abort the whole transaction).
template <class F>
auto with_savepoint(soci::session& sql, F&& f) -> decltype(f()) {
  sql << "SAVEPOINT veza_stmt";
  try {
    auto r = f();
    if (r) {
      sql << "RELEASE SAVEPOINT veza_stmt";
    } else {
      sql << "ROLLBACK TO SAVEPOINT veza_stmt";
      sql << "RELEASE SAVEPOINT veza_stmt";
    }
    return r;
  } catch (...) {
    try {
      sql << "ROLLBACK TO SAVEPOINT veza_stmt";
      sql << "RELEASE SAVEPOINT veza_stmt";
    } catch (...) {  // the original error, rethrown below, is the one that matters
    }
    throw;
  }
}

// Timestamps are bound as RFC 3339 text (a TIMESTAMPTZ literal in PostgreSQL) and read back
// as text; a value we cannot parse is a corrupt row, reported as `internal`.
Result<Timestamp> read_timestamp(const std::string& text, std::string_view column);
Result<std::optional<Timestamp>> read_timestamp(const std::string& text, soci::indicator ind, std::string_view column);

// Binding helpers for nullable columns.
struct NullableText {
  std::string value;
  soci::indicator ind = soci::i_null;
};
NullableText nullable(const std::optional<std::string>& v);
NullableText nullable(const std::optional<Timestamp>& v);

// Ids are UUIDs, stored as UUID in PostgreSQL and lower-case TEXT in SQLite. Anything else
// cannot name a row in either dialect, so repositories answer "not found" without a query
// (PostgreSQL would fail on the cast); upper case is folded so both dialects match alike.
std::optional<std::string> uuid_key(std::string_view id);

// `invalid_argument` when a new row's id is not a UUID.
Result<std::string> new_row_id(std::string_view id, std::string_view what);

// The keyset condition of a newest-first page, "(created_at, id) sorts before the last row's",
// with that row's two values appended to `params`. Typed for PostgreSQL, which compares a row
// value only with typed values; SQLite compares the stored RFC 3339 text and id text as they are.
std::string created_before(soci::session& sql, Timestamp created_at, std::string_view id,
                           std::vector<std::string>& params);

inline std::optional<std::string> optional_text(const std::string& v, soci::indicator ind) {
  if (ind == soci::i_null) return std::nullopt;
  return v;
}

}  // namespace veza::adapters
