#include "adapters/sql/embedded_migrations.hpp"

#include <string>
#include <vector>

namespace veza::adapters {

std::vector<Migration> embedded_migrations(SqlDialect dialect) {
  std::vector<Migration> out;
  for (const auto& m : embedded_sql(dialect)) out.push_back(Migration{m.version, std::string(m.name), std::string(m.sql)});
  return out;
}

}  // namespace veza::adapters
