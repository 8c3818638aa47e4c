// Products of the in-memory database.
#include <string>
#include <vector>

#include "support/in_memory_state.hpp"

namespace veza::testing::detail {
namespace {

using catalog::Product;

class ProductRepository final : public catalog::ProductRepository {
 public:
  ProductRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert(const Product& product) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (s_.products.contains(product.id)) {
      return make_error(ErrorCode::conflict, "a product with id " + product.id + " already exists");
    }
    if (!s_.users.contains(product.seller_id)) {
      return make_error(ErrorCode::conflict, "product for unknown seller " + product.seller_id);
    }
    s_.products.emplace(product.id, product);
    return ok();
  }

  Result<std::optional<Product>> find_by_id(std::string_view id) override {
    const auto it = s_.products.find(std::string(id));
    if (it == s_.products.end()) return std::optional<Product>{};
    return std::optional<Product>{it->second};
  }

  Result<std::vector<Product>> list(std::size_t limit, std::optional<std::string_view> after_id,
                                    std::optional<std::string_view> seller_id) override {
    std::vector<Product> out;
    auto it = after_id ? s_.products.upper_bound(std::string(*after_id)) : s_.products.begin();
    for (; it != s_.products.end() && out.size() < limit; ++it) {
      if (seller_id && it->second.seller_id != *seller_id) continue;
      out.push_back(it->second);
    }
    return out;
  }

  Result<bool> set_file(std::string_view product_id, const catalog::ProductFile& file, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = s_.products.find(std::string(product_id));
    if (it == s_.products.end()) return false;
    it->second.file = file;
    it->second.updated_at = at;
    return true;
  }

 private:
  InMemoryDatabase::State& s_;
  bool writable_;
};

}  // namespace

std::unique_ptr<catalog::ProductRepository> make_product_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<ProductRepository>(s, writable);
}

}  // namespace veza::testing::detail
