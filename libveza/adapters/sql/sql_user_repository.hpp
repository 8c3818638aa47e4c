#pragma once
#include <soci/soci.h>

#include <veza/identity/user.hpp>

#include "adapters/sql/sql_statement_cache.hpp"

namespace veza::adapters {

// identity::UserRepository over one SOCI session (inside the caller's transaction).
class SqlUserRepository final : public identity::UserRepository {
 public:
  SqlUserRepository(soci::session& sql, StatementCache& statements) : sql_(sql), statements_(statements) {}
  Result<void> insert(const identity::User& user) override;
  Result<std::optional<identity::User>> find_by_id(std::string_view id) override;
  Result<std::optional<identity::User>> find_by_email(std::string_view email) override;

 private:
  soci::session& sql_;
  StatementCache& statements_;  // lookups run on every authenticated request: prepared once
};

}  // namespace veza::adapters
