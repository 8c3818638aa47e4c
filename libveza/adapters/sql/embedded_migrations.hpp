#pragma once
#include <span>
#include <string_view>

#include "adapters/sql/sql_database.hpp"

namespace veza::adapters {

// One migrations/<dialect>/NNN_name.sql as compiled into the library.
struct EmbeddedSql {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Defined in the .cpp that cmake/EmbedMigrations.cmake generates under the build tree,
// ascending by version.
std::span<const EmbeddedSql> embedded_sql(SqlDialect dialect) noexcept;

}  // namespace veza::adapters
