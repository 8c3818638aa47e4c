#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <veza/catalog/blob_store.hpp>
#include <veza/catalog/product.hpp>
#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/persistence/database.hpp>

namespace veza::catalog {

inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxDescriptionChars = 5000;
inline constexpr std::size_t kMaxPageSize = 100;

// What a seller submits; validated by CatalogService::create.
struct NewProduct {
  std::string title;
  std::string description;
  std::int64_t price_cents = 0;
  std::string currency;
  std::int64_t vat_rate_bp = 0;
};

class VEZA_API CatalogService {
 public:
  CatalogService(Database& db, IdGenerator& ids, const Clock& clock) : db_(db), ids_(ids), clock_(clock) {}

  // `validation_failed` for an empty or long title, bad UTF-8, a price outside
  // 0..kMaxPriceMinorUnits, an unknown currency or a VAT rate outside 0..10000;
  // `not_found` for an unknown seller.
  Result<Product> create(std::string_view seller_id, const NewProduct& input);
  Result<Product> get(std::string_view id);
  // limit 1..kMaxPageSize; cursor is the previous page's next_cursor.
  Result<ProductPage> list(std::size_t limit, std::optional<std::string_view> cursor,
                           std::optional<std::string_view> seller_id = std::nullopt);
  // Records an already committed blob as the product's file; only its seller may.
  Result<Product> attach_file(std::string_view product_id, std::string_view actor_id, const BlobInfo& blob,
                              std::string_view content_type);

 private:
  Database& db_;
  IdGenerator& ids_;
  const Clock& clock_;
};

}  // namespace veza::catalog
