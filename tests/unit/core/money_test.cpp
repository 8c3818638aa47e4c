#include <doctest/doctest.h>

#include <veza/core/money.hpp>

using veza::Currency;
using veza::ErrorCode;
using veza::Money;

TEST_SUITE("core") {
  TEST_CASE("currency parses known ISO 4217 codes with their minor digits") {
    auto eur = Currency::parse("EUR");
    REQUIRE(eur);
    CHECK(eur->code() == "EUR");
    CHECK(eur->minor_digits() == 2);
    auto jpy = Currency::parse("JPY");
    REQUIRE(jpy);
    CHECK(jpy->minor_digits() == 0);
    CHECK(Currency::parse("KWD")->minor_digits() == 3);
  }

  TEST_CASE("currency refuses unknown, lower-case and malformed codes") {
    for (const char* bad : {"eur", "EURO", "", "ZZZ", "XXX", "EU"}) {
      INFO(bad);
      auto r = Currency::parse(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
  }

  TEST_CASE("money adds and subtracts in one currency") {
    const Money a(1250, *Currency::parse("EUR"));
    const Money b(250, *Currency::parse("EUR"));
    CHECK(a.plus(b)->minor_units() == 1500);
    CHECK(a.minus(b)->minor_units() == 1000);
    CHECK(a.times(3)->minor_units() == 3750);
  }

  TEST_CASE("money refuses mixed currencies and overflow") {
    const Money eur(100, *Currency::parse("EUR"));
    const Money usd(100, *Currency::parse("USD"));
    auto mixed = eur.plus(usd);
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error().code == ErrorCode::validation_failed);
    CHECK_FALSE(eur.minus(usd));
    const Money big(INT64_MAX, *Currency::parse("EUR"));
    CHECK_FALSE(big.plus(eur));
    CHECK_FALSE(big.times(2));
  }
}
