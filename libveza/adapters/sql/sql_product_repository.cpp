#include "adapters/sql/sql_product_repository.hpp"

#include <limits>

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

constexpr const char* kColumns =
    "SELECT id, seller_id, title, description, price_cents, currency, vat_rate_bp, file_sha256, file_size, "
    "file_content_type, created_at, updated_at FROM products ";

// Sorts before every UUIDv7 in both dialects (UUID order in PostgreSQL, text order in
// SQLite), so "after nothing" is one parameterised query instead of two.
constexpr const char* kNilUuid = "00000000-0000-0000-0000-000000000000";

struct ProductRow {
  std::string id, seller_id, title, description, currency, file_sha256, file_content_type, created_at, updated_at;
  long long price_cents = 0, file_size = 0;
  int vat_rate_bp = 0;
  soci::indicator sha_ind = soci::i_ok, size_ind = soci::i_ok, type_ind = soci::i_ok;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(seller_id));
    st.exchange(soci::into(title));
    st.exchange(soci::into(description));
    st.exchange(soci::into(price_cents));
    st.exchange(soci::into(currency));
    st.exchange(soci::into(vat_rate_bp));
    st.exchange(soci::into(file_sha256, sha_ind));
    st.exchange(soci::into(file_size, size_ind));
    st.exchange(soci::into(file_content_type, type_ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
  }
};

Result<catalog::Product> to_product(const ProductRow& r) {
  catalog::Product p;
  p.id = r.id;
  p.seller_id = r.seller_id;
  p.title = r.title;
  p.description = r.description;
  auto currency = Currency::parse(r.currency);
  if (!currency) return make_error(ErrorCode::internal, "unknown currency '" + r.currency + "' stored for product " + r.id);
  p.price = Money(r.price_cents, *currency);
  p.vat_rate_bp = r.vat_rate_bp;
  if (r.sha_ind != soci::i_null) {
    catalog::ProductFile f;
    f.sha256 = r.file_sha256;
    f.size = r.size_ind == soci::i_null || r.file_size < 0 ? 0 : static_cast<std::uint64_t>(r.file_size);
    if (r.type_ind != soci::i_null) f.content_type = r.file_content_type;
    p.file = std::move(f);
  }
  auto created = read_timestamp(r.created_at, "products.created_at");
  if (!created) return std::move(created).error();
  p.created_at = *created;
  auto updated = read_timestamp(r.updated_at, "products.updated_at");
  if (!updated) return std::move(updated).error();
  p.updated_at = *updated;
  return p;
}

}  // namespace

Result<std::vector<catalog::Product>> SqlProductRepository::query(const std::string& where,
                                                                  const std::vector<std::string>& params) {
  return query_rows<ProductRow>(statements_, sql_, kColumns + where, params, to_product);
}

Result<void> SqlProductRepository::insert(const catalog::Product& product) {
  auto id = new_row_id(product.id, "product");
  if (!id) return std::move(id).error();
  auto seller = uuid_key(product.seller_id);
  if (!seller) return make_error(ErrorCode::not_found, "no user has id " + product.seller_id);
  return guarded(
      "inserting a product",
      [&]() -> Result<void> {
        const long long price = product.price.minor_units();
        const std::string currency(product.price.currency().code());
        const int vat = product.vat_rate_bp;
        NullableText sha, type;
        long long size = 0;
        soci::indicator size_ind = soci::i_null;
        if (product.file) {
          sha = nullable(std::optional<std::string>(product.file->sha256));
          type = nullable(std::optional<std::string>(product.file->content_type));
          size = static_cast<long long>(product.file->size);
          size_ind = soci::i_ok;
        }
        const std::string created = format_timestamp(product.created_at);
        const std::string updated = format_timestamp(product.updated_at);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO products (id, seller_id, title, description, price_cents, currency, vat_rate_bp, "
                  "file_sha256, file_size, file_content_type, created_at, updated_at) VALUES (:id, :seller, :title, "
                  ":description, :price, :currency, :vat, :sha, :size, :type, :created, :updated)",
              soci::use(*id), soci::use(*seller), soci::use(product.title), soci::use(product.description),
              soci::use(price), soci::use(currency), soci::use(vat), soci::use(sha.value, sha.ind), soci::use(size, size_ind),
              soci::use(type.value, type.ind), soci::use(created), soci::use(updated);
          return {};
        });
      },
      {{"products.id", "a product with this id already exists"},
       {"products_pkey", "a product with this id already exists"}});
}

Result<std::optional<catalog::Product>> SqlProductRepository::find_by_id(std::string_view id) {
  auto key = uuid_key(id);
  if (!key) return std::optional<catalog::Product>{};
  return guarded("finding a product", [&]() -> Result<std::optional<catalog::Product>> {
    auto all = query("WHERE id = :id", {*key});
    if (!all) return std::move(all).error();
    if (all->empty()) return std::optional<catalog::Product>{};
    return std::optional<catalog::Product>{std::move(all->front())};
  });
}

Result<std::vector<catalog::Product>> SqlProductRepository::list(std::size_t limit, std::optional<std::string_view> after_id,
                                                                 std::optional<std::string_view> seller_id) {
  std::string after = kNilUuid;
  if (after_id) {
    auto key = uuid_key(*after_id);
    if (!key) return make_error(ErrorCode::invalid_argument, "the page cursor is not a product id");
    after = std::move(*key);
  }
  std::optional<std::string> seller;
  if (seller_id) {
    seller = uuid_key(*seller_id);
    if (!seller) return std::vector<catalog::Product>{};  // no user has that id, so no products
  }
  const auto max = static_cast<std::size_t>(std::numeric_limits<long long>::max());
  const std::string n = std::to_string(limit > max ? max : limit);
  return guarded("listing products", [&]() -> Result<std::vector<catalog::Product>> {
    if (seller) return query("WHERE seller_id = :seller AND id > :after ORDER BY id LIMIT CAST(:n AS INTEGER)", {*seller, after, n});
    return query("WHERE id > :after ORDER BY id LIMIT CAST(:n AS INTEGER)", {after, n});
  });
}

Result<bool> SqlProductRepository::set_file(std::string_view product_id, const catalog::ProductFile& file, Timestamp at) {
  auto key = uuid_key(product_id);
  if (!key) return false;
  return guarded("attaching a product file", [&]() -> Result<bool> {
    const long long size = static_cast<long long>(file.size);
    const std::string when = format_timestamp(at);
    soci::statement st = (sql_.prepare << "UPDATE products SET file_sha256 = :sha, file_size = :size, "
                                          "file_content_type = :type, updated_at = :at WHERE id = :id",
                          soci::use(file.sha256), soci::use(size), soci::use(file.content_type), soci::use(when),
                          soci::use(*key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace veza::adapters
