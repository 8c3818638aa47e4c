#include <veza/catalog/catalog_service.hpp>

#include <utility>

#include <veza/core/money.hpp>
#include <veza/core/text.hpp>
#include <veza/core/vat.hpp>
#include <veza/identity/user.hpp>

namespace veza::catalog {
namespace {

constexpr std::size_t kMaxContentTypeChars = 255;

Error no_product(std::string_view id) {
  return make_error(ErrorCode::not_found, "no product with id " + std::string(id.substr(0, 64)));
}

bool is_lower_hex_sha256(std::string_view text) noexcept {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// A media type as sent in Content-Type, lower-cased; only audio is sold.
Result<std::string> audio_content_type(std::string_view input) {
  const std::string type = ascii_lower(trim(input));
  for (const char c : type) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) return make_error(ErrorCode::invalid_argument, "the content type is not printable ASCII");
  }
  if (type.size() > kMaxContentTypeChars) {
    return make_error(ErrorCode::invalid_argument, "the content type is longer than 255 characters");
  }
  if (type.rfind("audio/", 0) != 0 || type.size() == 6) {
    return make_error(ErrorCode::unsupported_media_type,
                      "only audio files can be attached (content type audio/…, such as audio/mpeg)");
  }
  return type;
}

}  // namespace

Result<Product> CatalogService::create(std::string_view seller_id, const NewProduct& input) {
  // Validation needs no database, so bad input never opens a transaction.
  auto title = clean_text(input.title, "title", kMaxTitleChars);
  if (!title) return std::move(title).error();
  auto description = clean_text(input.description, "description", kMaxDescriptionChars, true);
  if (!description) return std::move(description).error();
  if (input.price_cents < 0 || input.price_cents > kMaxPriceMinorUnits) {
    return make_error(ErrorCode::validation_failed,
                      "price_cents must be between 0 and " + std::to_string(kMaxPriceMinorUnits));
  }
  auto currency = Currency::parse(input.currency);
  if (!currency) return std::move(currency).error();
  VEZA_TRY_VOID(validate_vat_rate(input.vat_rate_bp));

  const auto unknown_seller = [&] {
    return make_error(ErrorCode::not_found, "no user with id " + std::string(seller_id.substr(0, 64)));
  };
  if (!is_uuid(seller_id)) return unknown_seller();
  return transact<Product>(db_, TxMode::write, [&](Transaction& tx) -> Result<Product> {
    auto seller = tx.users().find_by_id(seller_id);
    if (!seller) return std::move(seller).error();
    if (!*seller) return unknown_seller();
    Product p;
    p.id = ids_.next();
    p.seller_id = std::string(seller_id);
    p.title = *title;
    p.description = *description;
    p.price = Money(input.price_cents, *currency);
    p.vat_rate_bp = static_cast<std::int32_t>(input.vat_rate_bp);  // 0..10000, checked above
    p.created_at = clock_.now();
    p.updated_at = p.created_at;
    VEZA_TRY_VOID(tx.products().insert(p));
    return p;
  });
}

Result<Product> CatalogService::get(std::string_view id) {
  if (!is_uuid(id)) return no_product(id);
  return transact<Product>(db_, TxMode::read, [&](Transaction& tx) -> Result<Product> {
    auto found = tx.products().find_by_id(id);
    if (!found) return std::move(found).error();
    if (!*found) return no_product(id);
    return std::move(**found);
  });
}

Result<ProductPage> CatalogService::list(std::size_t limit, std::optional<std::string_view> cursor,
                                         std::optional<std::string_view> seller_id) {
  if (limit < 1 || limit > kMaxPageSize) {
    return make_error(ErrorCode::validation_failed, "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  // The cursor is an id we handed out; anything else was not made by us.
  if (cursor && !is_uuid(*cursor)) {
    return make_error(ErrorCode::invalid_argument, "cursor must be the next_cursor of a previous page");
  }
  if (seller_id && !is_uuid(*seller_id)) return make_error(ErrorCode::invalid_argument, "seller_id must be a UUID");
  return transact<ProductPage>(db_, TxMode::read, [&](Transaction& tx) -> Result<ProductPage> {
    auto items = tx.products().list(limit, cursor, seller_id);
    if (!items) return std::move(items).error();
    ProductPage page;
    page.items = std::move(*items);
    // A full page may be followed by more; the caller finds out with one more (maybe empty) page.
    if (page.items.size() == limit) page.next_cursor = page.items.back().id;
    return page;
  });
}

Result<Product> CatalogService::attach_file(std::string_view product_id, std::string_view actor_id,
                                            const BlobInfo& blob, std::string_view content_type) {
  if (!is_lower_hex_sha256(blob.sha256)) {
    return make_error(ErrorCode::invalid_argument, "the file's hash must be 64 lower-case hex digits");
  }
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<Product>(db_, TxMode::write, [&](Transaction& tx) -> Result<Product> {
    auto found = tx.products().find_by_id(product_id);
    if (!found) return std::move(found).error();
    if (!*found) return no_product(product_id);
    Product p = std::move(**found);
    if (p.seller_id != actor_id) {
      return make_error(ErrorCode::forbidden, "only the product's seller may attach its file");
    }
    auto type = audio_content_type(content_type);
    if (!type) return std::move(type).error();
    ProductFile file{blob.sha256, blob.size, std::move(*type)};
    const Timestamp now = clock_.now();
    auto set = tx.products().set_file(p.id, file, now);
    if (!set) return std::move(set).error();
    if (!*set) return no_product(product_id);
    p.file = std::move(file);
    p.updated_at = now;
    return p;
  });
}

}  // namespace veza::catalog
