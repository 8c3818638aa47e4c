#pragma once
#include <soci/soci.h>

#include <veza/catalog/product.hpp>

namespace veza::adapters {

// catalog::ProductRepository over one SOCI session (inside the caller's transaction).
class SqlProductRepository final : public catalog::ProductRepository {
 public:
  explicit SqlProductRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const catalog::Product& product) override;
  Result<std::optional<catalog::Product>> find_by_id(std::string_view id) override;
  Result<std::vector<catalog::Product>> list(std::size_t limit, std::optional<std::string_view> after_id,
                                             std::optional<std::string_view> seller_id) override;
  Result<bool> set_file(std::string_view product_id, const catalog::ProductFile& file, Timestamp at) override;

 private:
  soci::session& sql_;
};

}  // namespace veza::adapters
