#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <string>

#include "support/domain_fixture.hpp"

using namespace std::chrono_literals;
using veza::ErrorCode;
using veza::catalog::BlobInfo;
using veza::catalog::NewProduct;
using veza::testing::DomainFixture;
using veza::testing::SequentialIds;

namespace {
const BlobInfo kBlob{std::string(64, 'a'), 4096};
}

TEST_SUITE("catalog") {
  TEST_CASE("creating a product stores the cleaned title, gross price, currency and VAT rate") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    auto r = f.catalog.create(seller.id, {"  Night drive  ", "Synth\nwave", 1250, "EUR", 2000});
    REQUIRE(r);
    CHECK(r->seller_id == seller.id);
    CHECK(r->title == "Night drive");
    CHECK(r->description == "Synth\nwave");
    CHECK(r->price.minor_units() == 1250);
    CHECK(r->price.currency().code() == "EUR");
    CHECK(r->vat_rate_bp == 2000);
    CHECK_FALSE(r->file);
    CHECK(r->created_at == f.clock.now());
    CHECK(r->updated_at == r->created_at);

    auto again = f.catalog.get(r->id);
    REQUIRE(again);
    CHECK(again->title == "Night drive");
  }

  TEST_CASE("a product of an unknown seller is not_found") {
    DomainFixture f;
    auto r = f.catalog.create(SequentialIds::nth(77), {"Track", "", 100, "EUR", 0});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::not_found);
  }

  TEST_CASE("invalid product input is validation_failed and stores nothing") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    NewProduct p{"Track", "", 100, "EUR", 2000};
    SUBCASE("empty title") { p.title = " "; }
    SUBCASE("title too long") { p.title = std::string(veza::catalog::kMaxTitleChars + 1, 't'); }
    SUBCASE("title not UTF-8") { p.title = "bad \xc3"; }
    SUBCASE("description too long") { p.description = std::string(veza::catalog::kMaxDescriptionChars + 1, 'd'); }
    SUBCASE("description not UTF-8") { p.description = "\xff"; }
    SUBCASE("negative price") { p.price_cents = -1; }
    SUBCASE("price above the maximum") { p.price_cents = veza::kMaxPriceMinorUnits + 1; }
    SUBCASE("price that would overflow") { p.price_cents = std::numeric_limits<std::int64_t>::max(); }
    SUBCASE("unknown currency") { p.currency = "eur"; }
    SUBCASE("VAT rate below 0") { p.vat_rate_bp = -1; }
    SUBCASE("VAT rate above 10000") { p.vat_rate_bp = 10001; }
    auto r = f.catalog.create(seller.id, p);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::validation_failed);
    auto page = f.catalog.list(10, std::nullopt);
    REQUIRE(page);
    CHECK(page->items.empty());
  }

  TEST_CASE("limits of product input are accepted") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    CHECK(f.catalog.create(seller.id, {std::string(veza::catalog::kMaxTitleChars, 't'),
                                       std::string(veza::catalog::kMaxDescriptionChars, 'd'), veza::kMaxPriceMinorUnits,
                                       "JPY", 10000}));
    CHECK(f.catalog.create(seller.id, {"Free", "", 0, "EUR", 0}));
  }

  TEST_CASE("an unknown product id is not_found") {
    DomainFixture f;
    auto r = f.catalog.get(SequentialIds::nth(5));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::not_found);
    CHECK(f.catalog.get("nope").error().code == ErrorCode::not_found);
  }

  TEST_CASE("listing pages through products in id order with a cursor") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(f.make_product(seller, 100 + i).id);

    auto first = f.catalog.list(2, std::nullopt);
    REQUIRE(first);
    REQUIRE(first->items.size() == 2);
    CHECK(first->items[0].id == ids[0]);
    CHECK(first->items[1].id == ids[1]);
    REQUIRE(first->next_cursor);
    CHECK(*first->next_cursor == ids[1]);

    auto second = f.catalog.list(2, std::string_view(*first->next_cursor));
    REQUIRE(second);
    REQUIRE(second->items.size() == 2);
    CHECK(second->items[0].id == ids[2]);

    auto last = f.catalog.list(2, std::string_view(*second->next_cursor));
    REQUIRE(last);
    REQUIRE(last->items.size() == 1);
    CHECK(last->items[0].id == ids[4]);
    CHECK_FALSE(last->next_cursor);
  }

  TEST_CASE("listing can be restricted to one seller") {
    DomainFixture f;
    const auto a = f.make_user("a@example.com");
    const auto b = f.make_user("b@example.com");
    f.make_product(a);
    const auto mine = f.make_product(b);
    f.make_product(a);
    auto page = f.catalog.list(10, std::nullopt, std::string_view(b.id));
    REQUIRE(page);
    REQUIRE(page->items.size() == 1);
    CHECK(page->items[0].id == mine.id);
    CHECK_FALSE(page->next_cursor);
  }

  TEST_CASE("a limit outside 1..kMaxPageSize is validation_failed and a foreign cursor invalid_argument") {
    DomainFixture f;
    auto zero = f.catalog.list(0, std::nullopt);
    REQUIRE_FALSE(zero);
    CHECK(zero.error().code == ErrorCode::validation_failed);
    auto big = f.catalog.list(veza::catalog::kMaxPageSize + 1, std::nullopt);
    REQUIRE_FALSE(big);
    CHECK(big.error().code == ErrorCode::validation_failed);
    CHECK(f.catalog.list(veza::catalog::kMaxPageSize, std::nullopt));
    auto cursor = f.catalog.list(10, std::string_view("page-2"));
    REQUIRE_FALSE(cursor);
    CHECK(cursor.error().code == ErrorCode::invalid_argument);
  }

  TEST_CASE("the seller attaches an audio file to a product") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto p = f.make_product(seller);
    f.clock.advance(3s);
    auto r = f.catalog.attach_file(p.id, seller.id, kBlob, "audio/mpeg");
    REQUIRE(r);
    REQUIRE(r->file);
    CHECK(r->file->sha256 == kBlob.sha256);
    CHECK(r->file->size == 4096);
    CHECK(r->file->content_type == "audio/mpeg");
    CHECK(r->updated_at == f.clock.now());
    auto stored = f.catalog.get(p.id);
    REQUIRE(stored);
    REQUIRE(stored->file);
    CHECK(stored->file->sha256 == kBlob.sha256);
  }

  TEST_CASE("attaching a file is refused for an unknown product, another user or a non-audio type") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto other = f.make_user("other@example.com");
    const auto p = f.make_product(seller);

    auto unknown = f.catalog.attach_file(SequentialIds::nth(99), seller.id, kBlob, "audio/mpeg");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);

    auto foreign = f.catalog.attach_file(p.id, other.id, kBlob, "audio/mpeg");
    REQUIRE_FALSE(foreign);
    CHECK(foreign.error().code == ErrorCode::forbidden);

    for (const char* type : {"text/plain", "video/mp4", "audio/", "application/octet-stream"}) {
      INFO(type);
      auto r = f.catalog.attach_file(p.id, seller.id, kBlob, type);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::unsupported_media_type);
    }
    auto stored = f.catalog.get(p.id);
    REQUIRE(stored);
    CHECK_FALSE(stored->file);
  }

  TEST_CASE("a blob hash that is not 64 lower-case hex digits is invalid_argument") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    const auto p = f.make_product(seller);
    auto r = f.catalog.attach_file(p.id, seller.id, {"ABC", 1}, "audio/wav");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::invalid_argument);
  }

  TEST_CASE("a failed commit while creating a product leaves no product") {
    DomainFixture f;
    const auto seller = f.make_user("seller@example.com");
    f.db.fail_next_commit();
    auto r = f.catalog.create(seller.id, {"Track", "", 100, "EUR", 0});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::unavailable);
    auto page = f.catalog.list(10, std::nullopt);
    REQUIRE(page);
    CHECK(page->items.empty());
  }
}
