#pragma once
// The fakes and services most domain tests need, built fresh in each TEST_CASE (and so in
// each SUBCASE leaf), plus helpers that make valid users and products in one line.
#include <cstdint>
#include <string>

#include <doctest/doctest.h>

#include <veza/catalog/catalog_service.hpp>
#include <veza/identity/token_service.hpp>
#include <veza/identity/user_service.hpp>
#include <veza/orders/order_service.hpp>

#include "support/fake_clock.hpp"
#include "support/in_memory_blob_store.hpp"
#include "support/in_memory_database.hpp"
#include "support/sequential_ids.hpp"

namespace veza::testing {

struct DomainFixture {
  FakeClock clock;
  SequentialIds ids;
  InMemoryDatabase db;
  InMemoryBlobStore blobs;
  identity::UserService users{db, ids, clock};
  identity::TokenService tokens{db, ids, clock};
  catalog::CatalogService catalog{db, ids, clock};
  orders::OrderService orders{db, ids, clock};

  identity::User make_user(const std::string& email, identity::Role role = identity::Role::user) {
    auto r = users.create({email, "User " + email, role, true});
    REQUIRE(r);
    return *r;
  }

  catalog::Product make_product(const identity::User& seller, std::int64_t price_cents = 1250,
                                const std::string& currency = "EUR", std::int64_t vat_rate_bp = 2000,
                                const std::string& title = "A track") {
    auto r = catalog.create(seller.id, {title, "", price_cents, currency, vat_rate_bp});
    REQUIRE(r);
    return *r;
  }
};

}  // namespace veza::testing
