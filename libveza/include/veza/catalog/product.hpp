#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/money.hpp>
#include <veza/core/result.hpp>

namespace veza::catalog {

// The audio file attached to a product, stored in the BlobStore under its SHA-256.
struct ProductFile {
  std::string sha256;
  std::uint64_t size = 0;
  std::string content_type;
};

struct Product {
  std::string id;
  std::string seller_id;
  std::string title;
  std::string description;
  Money price;                 // gross, VAT included
  std::int32_t vat_rate_bp = 0;
  std::optional<ProductFile> file;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct ProductPage {
  std::vector<Product> items;
  std::optional<std::string> next_cursor;  // the last id of this page when more may follow
};

// Port: product persistence.
class VEZA_API ProductRepository {
 public:
  virtual ~ProductRepository() = default;
  virtual Result<void> insert(const Product& product) = 0;
  virtual Result<std::optional<Product>> find_by_id(std::string_view id) = 0;
  // Products ordered by id (UUIDv7: creation order), strictly after `after_id` when given.
  virtual Result<std::vector<Product>> list(std::size_t limit, std::optional<std::string_view> after_id,
                                            std::optional<std::string_view> seller_id) = 0;
  // Returns false when the product does not exist.
  virtual Result<bool> set_file(std::string_view product_id, const ProductFile& file, Timestamp at) = 0;
};

}  // namespace veza::catalog
