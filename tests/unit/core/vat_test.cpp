#include <doctest/doctest.h>

#include <veza/core/money.hpp>
#include <veza/core/vat.hpp>

using veza::split_gross;

TEST_SUITE("core") {
  TEST_CASE("VAT splits a gross price into net and VAT with half-up rounding") {
    // 1250 * 10000 / 12000 = 1041.666… → 1042, VAT 208
    auto r = split_gross(1250, 2000);
    REQUIRE(r);
    CHECK(r->net == 1042);
    CHECK(r->vat == 208);
    // 999 / 1.055 = 946.919… → 947
    CHECK(split_gross(999, 550)->net == 947);
    // exactly half: 21 / 1.2 = 17.5 → 18 (half-up)
    CHECK(split_gross(21, 2000)->net == 18);
    CHECK(split_gross(0, 2000)->net == 0);
    CHECK(split_gross(1000, 0)->vat == 0);
    CHECK(split_gross(1000, 10000)->net == 500);
  }

  TEST_CASE("VAT refuses rates outside 0..10000 and out-of-range amounts") {
    CHECK(split_gross(100, -1).error().code == veza::ErrorCode::validation_failed);
    CHECK_FALSE(split_gross(100, 10001));
    CHECK_FALSE(split_gross(-1, 2000));
    CHECK_FALSE(split_gross(veza::kMaxPriceMinorUnits + 1, 2000));
    CHECK(split_gross(veza::kMaxPriceMinorUnits, 10000));
  }
}
