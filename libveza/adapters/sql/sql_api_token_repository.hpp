#pragma once
#include <soci/soci.h>

#include <veza/identity/api_token.hpp>

#include "adapters/sql/sql_statement_cache.hpp"

namespace veza::adapters {

// identity::ApiTokenRepository over one SOCI session (inside the caller's transaction). The
// same shape serves two tables: `api_tokens`, and `sessions` (login sessions, issue 8).
class SqlApiTokenRepository final : public identity::ApiTokenRepository {
 public:
  enum class Table { api_tokens, sessions };
  SqlApiTokenRepository(soci::session& sql, StatementCache& statements, Table table = Table::api_tokens)
      : sql_(sql), statements_(statements), table_(table == Table::api_tokens ? "api_tokens" : "sessions"),
        one_(table == Table::api_tokens ? "an API token" : "a session"),
        many_(table == Table::api_tokens ? "API tokens" : "sessions") {}
  Result<void> insert(const identity::ApiToken& token) override;
  Result<std::optional<identity::ApiToken>> find_by_hash(std::string_view token_hash) override;
  Result<std::optional<identity::ApiToken>> find_by_id(std::string_view id) override;
  Result<std::vector<identity::ApiToken>> list_for_user(std::string_view user_id) override;
  Result<bool> revoke(std::string_view id, Timestamp at) override;

 private:
  Result<std::vector<identity::ApiToken>> query(const std::string& where, const std::string& value);

  soci::session& sql_;
  StatementCache& statements_;  // lookups run on every authenticated request: prepared once
  std::string table_;  // one of two constants, never input
  std::string one_, many_;  // for messages
};

}  // namespace veza::adapters
