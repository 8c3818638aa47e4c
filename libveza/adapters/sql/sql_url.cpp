#include "adapters/sql/sql_url.hpp"

#include <libpq-fe.h>

namespace veza::adapters {

namespace {

constexpr std::string_view kSqlite = "sqlite://";
constexpr std::string_view kPostgresql = "postgresql://";
constexpr std::string_view kPostgres = "postgres://";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// SOCI 4.0.3's postgresql backend re-splits its connect string into `key=value` pairs on
// whitespace (dropping double quotes), so a libpq URI does not survive it. libpq parses the
// URI here (percent-decoding included) and we hand SOCI plain pairs; a value that pairs cannot
// carry (whitespace, quotes, backslashes) is refused instead of silently connecting elsewhere.
Result<std::string> postgresql_connect_string(std::string_view url, const std::string& display) {
  const std::string text(url);
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(text.c_str(), &err);
  if (options == nullptr) {
    std::string why = err != nullptr ? err : "cannot parse it";
    if (err != nullptr) PQfreemem(err);
    // libpq may quote the whole URI back, password included.
    if (why.find(text) != std::string::npos || why.find('@') != std::string::npos) why = "cannot parse it";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return make_error(ErrorCode::invalid_argument, "database URL " + display + " is malformed: " + why);
  }
  std::string out;
  std::string bad;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string_view value(o->val);
    if (value.find_first_of(" \t\r\n\"'\\") != std::string_view::npos || value.empty()) {
      bad = o->keyword;
      break;
    }
    if (!out.empty()) out += ' ';
    out += o->keyword;
    out += '=';
    out += value;
  }
  PQconninfoFree(options);
  if (!bad.empty()) {
    return make_error(ErrorCode::invalid_argument, "database URL " + display + ": the " + bad +
                                                       " is empty or contains whitespace, quotes or backslashes, "
                                                       "which the database driver cannot pass on");
  }
  return out;
}

}  // namespace

Result<SqlUrl> parse_sql_url(std::string_view url) {
  SqlUrl out;
  out.display = redact_url(url);
  if (starts_with(url, kSqlite)) {
    out.dialect = SqlDialect::sqlite;
    std::string path(url.substr(kSqlite.size()));
    if (path.empty()) {
      return make_error(ErrorCode::invalid_argument,
                        "database URL " + out.display + " names no file: use sqlite://./veza.db or sqlite:///abs/path");
    }
    // SOCI's sqlite3 backend reads `key=value` pairs when the connect string holds '=',
    // and `:memory:` is one database per pooled connection: refuse both rather than
    // silently open something else.
    if (path.find('=') != std::string::npos) {
      return make_error(ErrorCode::invalid_argument, "database URL " + out.display + ": the file path may not contain '='");
    }
    if (path == ":memory:") {
      return make_error(ErrorCode::invalid_argument,
                        "database URL " + out.display + ": an in-memory SQLite database is private to one pooled "
                                                        "connection; use a file");
    }
    out.connect = std::move(path);
    return out;
  }
  if (starts_with(url, kPostgresql) || starts_with(url, kPostgres)) {
    out.dialect = SqlDialect::postgresql;
    const auto rest = url.substr(url.find("://") + 3);
    if (rest.empty() || rest.front() == '/' || rest.front() == '?') {
      // libpq would fall back to a local socket and environment defaults, which is never what
      // a configured URL means.
      return make_error(ErrorCode::invalid_argument,
                        "database URL " + out.display + " names no host: use postgresql://user:pass@host:port/db");
    }
    auto connect = postgresql_connect_string(url, out.display);
    if (!connect) return std::move(connect).error();
    out.connect = std::move(*connect);
    return out;
  }
  return make_error(ErrorCode::invalid_argument,
                    "database URL " + out.display + " is not supported: use sqlite://PATH or postgresql://user:pass@host:port/db");
}

}  // namespace veza::adapters
