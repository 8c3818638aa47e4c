#pragma once
#include <soci/soci.h>

#include <veza/catalog/product.hpp>

#include "adapters/sql/sql_statement_cache.hpp"

namespace veza::adapters {

// catalog::ProductRepository over one SOCI session (inside the caller's transaction).
class SqlProductRepository final : public catalog::ProductRepository {
 public:
  SqlProductRepository(soci::session& sql, StatementCache& statements) : sql_(sql), statements_(statements) {}
  Result<void> insert(const catalog::Product& product) override;
  Result<std::optional<catalog::Product>> find_by_id(std::string_view id) override;
  Result<std::vector<catalog::Product>> list(std::size_t limit, std::optional<std::string_view> after_id,
                                             std::optional<std::string_view> seller_id) override;
  Result<bool> set_file(std::string_view product_id, const catalog::ProductFile& file, Timestamp at) override;

 private:
  Result<std::vector<catalog::Product>> query(const std::string& where, const std::vector<std::string>& params);

  soci::session& sql_;
  StatementCache& statements_;  // reads are prepared once per connection
};

}  // namespace veza::adapters
