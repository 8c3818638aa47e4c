#include "adapters/sql/sql_support.hpp"

#include <veza/core/id.hpp>
#include <veza/core/text.hpp>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace veza::adapters {

namespace {

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

// SOCI and libpq spread one error over several lines (the cause, then context such as
// "while executing …" or libpq's reason); keep it on one line for logs and messages.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

enum class Kind { constraint, unavailable, other };

Kind classify(const std::exception& e) {
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    // Extended result codes are off in SOCI's connections, but mask anyway.
    switch (lite->result() & 0xFF) {
      case SQLITE_CONSTRAINT:
        return Kind::constraint;
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
      case SQLITE_CANTOPEN:
      case SQLITE_IOERR:
      case SQLITE_FULL:
        return Kind::unavailable;
      default:
        return Kind::other;
    }
  }
  if (const auto* soci_e = dynamic_cast<const soci::soci_error*>(&e)) {
    switch (soci_e->get_error_category()) {
      case soci::soci_error::constraint_violation:
        return Kind::constraint;
      case soci::soci_error::connection_error:
        return Kind::unavailable;
      default:
        break;
    }
    // SOCI 4.0.3 reports a failed libpq connection as a plain soci_error.
    if (contains(soci_e->what(), "Cannot establish connection")) return Kind::unavailable;
  }
  return Kind::other;
}

}  // namespace

Error sql_error(const std::exception& e, std::string_view operation, std::initializer_list<ConstraintMessage> constraints) {
  const std::string what = e.what();
  switch (classify(e)) {
    case Kind::constraint: {
      for (const auto& c : constraints) {
        if (contains(what, c.needle)) return make_error(ErrorCode::conflict, std::string(c.message));
      }
      if (contains(what, "FOREIGN KEY") || contains(what, "foreign key")) {
        return make_error(ErrorCode::conflict, std::string(operation) + " refused: a record it refers to does not exist");
      }
      if (contains(what, "UNIQUE") || contains(what, "unique") || contains(what, "duplicate key")) {
        return make_error(ErrorCode::conflict, std::string(operation) + " refused: a record with this key already exists");
      }
      return make_error(ErrorCode::conflict, std::string(operation) + " refused by a database constraint: " + one_line(what));
    }
    case Kind::unavailable:
      return make_error(ErrorCode::unavailable, std::string(operation) + " failed: the database is unavailable (" +
                                                    one_line(what) + ")");
    case Kind::other:
      break;
  }
  return make_error(ErrorCode::internal, std::string(operation) + " failed: " + one_line(what));
}

Result<Timestamp> read_timestamp(const std::string& text, std::string_view column) {
  auto t = parse_timestamp(text);
  if (!t) return make_error(ErrorCode::internal, "unreadable timestamp in column " + std::string(column));
  return *t;
}

Result<std::optional<Timestamp>> read_timestamp(const std::string& text, soci::indicator ind, std::string_view column) {
  if (ind == soci::i_null) return std::optional<Timestamp>{};
  auto t = read_timestamp(text, column);
  if (!t) return std::move(t).error();
  return std::optional<Timestamp>{*t};
}

std::optional<std::string> uuid_key(std::string_view id) {
  if (!is_uuid(id)) return std::nullopt;
  return ascii_lower(id);
}

Result<std::string> new_row_id(std::string_view id, std::string_view what) {
  auto key = uuid_key(id);
  if (!key) return make_error(ErrorCode::invalid_argument, "the id of the new " + std::string(what) + " is not a UUID");
  return std::move(*key);
}

NullableText nullable(const std::optional<std::string>& v) {
  if (!v) return {};
  return {*v, soci::i_ok};
}

NullableText nullable(const std::optional<Timestamp>& v) {
  if (!v) return {};
  return {format_timestamp(*v), soci::i_ok};
}

std::string created_before(soci::session& sql, Timestamp created_at, std::string_view id,
                           std::vector<std::string>& params) {
  params.push_back(format_timestamp(created_at));
  params.push_back(uuid_key(id).value_or(std::string(id)));
  return sql.get_backend_name() == "postgresql"
             ? "(created_at, id) < (CAST(:after_at AS TIMESTAMPTZ), CAST(:after_id AS UUID))"
             : "(created_at, id) < (:after_at, :after_id)";
}

}  // namespace veza::adapters
