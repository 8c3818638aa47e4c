// Products against real SQLite and PostgreSQL (the same cases for both).
#include <doctest/doctest.h>

#include <veza/catalog/product.hpp>

#include "sql_test_db.hpp"

using veza::Transaction;
using veza::TxMode;
using veza::catalog::Product;

namespace {

std::vector<Product> list_products(veza::testing::SqlTestDb& t, std::size_t limit, std::optional<std::string> after,
                                   std::optional<std::string> seller) {
  auto r = veza::transact<std::vector<Product>>(t.db(), TxMode::read, [&](Transaction& tx) {
    return tx.products().list(limit, after ? std::optional<std::string_view>(*after) : std::nullopt,
                              seller ? std::optional<std::string_view>(*seller) : std::nullopt);
  });
  REQUIRE(r);
  return *r;
}

std::vector<std::string> ids_of(const std::vector<Product>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.id);
  return out;
}

}  // namespace

TEST_SUITE("sql") {
  VEZA_SQL_TEST(product_round_trip, "an inserted product is found by id with price and VAT") {
    const auto seller = t.add_user("seller@example.org");
    const Product p = t.add_product(seller, "Night Drive", 9'999'999'999);
    auto r = veza::transact<std::optional<Product>>(t.db(), TxMode::read,
                                                    [&](Transaction& tx) { return tx.products().find_by_id(p.id); });
    REQUIRE(r);
    REQUIRE(r->has_value());
    const Product& f = **r;
    CHECK(f.seller_id == seller.id);
    CHECK(f.title == "Night Drive");
    CHECK(f.description == "About Night Drive");
    CHECK(f.price == p.price);
    CHECK(f.price.minor_units() == 9'999'999'999);  // past 32 bits
    CHECK(f.vat_rate_bp == 2000);
    CHECK_FALSE(f.file.has_value());
    CHECK(f.created_at == p.created_at);
    CHECK(f.updated_at == p.updated_at);

    auto none = veza::transact<std::optional<Product>>(t.db(), TxMode::read,
                                                       [&](Transaction& tx) { return tx.products().find_by_id("123"); });
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
  }

  VEZA_SQL_TEST(product_unknown_seller, "a product of an unknown seller is refused") {
    const auto ghost_id = t.ids.next();
    Product p;
    p.id = t.ids.next();
    p.seller_id = ghost_id;
    p.title = "Orphan";
    p.price = veza::Money(100, *veza::Currency::parse("EUR"));
    p.created_at = p.updated_at = t.clock.now();
    auto r = t.db().run(TxMode::write, [&](Transaction& tx) { return tx.products().insert(p); });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == veza::ErrorCode::conflict);
  }

  VEZA_SQL_TEST(product_pagination, "products are listed by id in pages after a cursor and by seller") {
    const auto a = t.add_user("a@example.org");
    const auto b = t.add_user("b@example.org");
    std::vector<std::string> all, of_a;
    for (int i = 0; i < 5; ++i) {
      const auto& seller = i % 2 == 0 ? a : b;
      const auto p = t.add_product(seller, "Track " + std::to_string(i));
      all.push_back(p.id);
      if (i % 2 == 0) of_a.push_back(p.id);
    }
    auto page1 = list_products(t, 2, std::nullopt, std::nullopt);
    CHECK(ids_of(page1) == std::vector<std::string>{all[0], all[1]});
    auto page2 = list_products(t, 2, page1.back().id, std::nullopt);
    CHECK(ids_of(page2) == std::vector<std::string>{all[2], all[3]});
    auto page3 = list_products(t, 2, page2.back().id, std::nullopt);
    CHECK(ids_of(page3) == std::vector<std::string>{all[4]});
    CHECK(list_products(t, 2, all[4], std::nullopt).empty());

    CHECK(ids_of(list_products(t, 10, std::nullopt, a.id)) == of_a);
    CHECK(ids_of(list_products(t, 1, of_a[0], a.id)) == std::vector<std::string>{of_a[1]});
    CHECK(list_products(t, 10, std::nullopt, std::string("not-a-uuid")).empty());

    auto bad_cursor = veza::transact<std::vector<Product>>(
        t.db(), TxMode::read, [&](Transaction& tx) { return tx.products().list(10, "garbage", std::nullopt); });
    REQUIRE_FALSE(bad_cursor);
    CHECK(bad_cursor.error().code == veza::ErrorCode::invalid_argument);
  }

  VEZA_SQL_TEST(product_set_file, "set_file attaches the file and reports a missing product") {
    const auto seller = t.add_user("seller@example.org");
    const Product p = t.add_product(seller);
    veza::catalog::ProductFile file{std::string(64, 'f'), 5'000'000'000ULL, "audio/flac"};
    t.clock.advance(std::chrono::seconds{3});
    const auto at = t.clock.now();
    auto r = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) { return tx.products().set_file(p.id, file, at); });
    REQUIRE(r);
    CHECK(*r);
    auto f = veza::transact<std::optional<Product>>(t.db(), TxMode::read,
                                                    [&](Transaction& tx) { return tx.products().find_by_id(p.id); });
    REQUIRE(f);
    REQUIRE(f->has_value());
    REQUIRE((*f)->file.has_value());
    CHECK((*f)->file->sha256 == file.sha256);
    CHECK((*f)->file->size == 5'000'000'000ULL);
    CHECK((*f)->file->content_type == "audio/flac");
    CHECK((*f)->updated_at == at);
    CHECK((*f)->created_at == p.created_at);

    auto missing = veza::transact<bool>(t.db(), TxMode::write,
                                        [&](Transaction& tx) { return tx.products().set_file(t.ids.next(), file, at); });
    REQUIRE(missing);
    CHECK_FALSE(*missing);
    auto bad = veza::transact<bool>(t.db(), TxMode::write, [&](Transaction& tx) { return tx.products().set_file("x", file, at); });
    REQUIRE(bad);
    CHECK_FALSE(*bad);
  }
}
