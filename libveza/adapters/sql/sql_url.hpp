#pragma once
#include "adapters/system/redact_url.hpp"  // redact_url, used with the parsed URL
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

#include "adapters/sql/sql_database.hpp"

namespace veza::adapters {

// A database URL split into what SOCI needs and what we may show.
struct SqlUrl {
  SqlDialect dialect = SqlDialect::sqlite;
  std::string connect;  // SOCI connect string: a file path (SQLite) or a libpq URI (PostgreSQL)
  std::string display;  // the URL without its password, for messages and logs
};

// sqlite://PATH (relative to the working directory), sqlite:///abs/path,
// postgresql://user:pass@host:port/db or postgres://…. `invalid_argument` otherwise; the
// message never repeats a password.
VEZA_API Result<SqlUrl> parse_sql_url(std::string_view url);


}  // namespace veza::adapters
