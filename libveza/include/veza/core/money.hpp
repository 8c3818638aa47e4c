#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza {

// An ISO 4217 alphabetic code we know, with its number of minor-unit digits.
class VEZA_API Currency {
 public:
  // Accepts only codes of the ISO 4217 list we carry (upper case, e.g. "EUR").
  // "XXX", the ISO code for "no currency"; never produced by parse().
  Currency();
  static Result<Currency> parse(std::string_view code);

  [[nodiscard]] std::string_view code() const noexcept { return {code_.data(), 3}; }
  [[nodiscard]] int minor_digits() const noexcept { return minor_digits_; }
  friend bool operator==(const Currency& a, const Currency& b) noexcept { return a.code_ == b.code_; }

 private:
  Currency(std::array<char, 3> code, int minor_digits) : code_(code), minor_digits_(minor_digits) {}
  std::array<char, 3> code_;
  int minor_digits_;
};

// Integer minor units plus a currency; never floating point. Arithmetic refuses mixed
// currencies and overflow with an error instead of a wrong amount.
class VEZA_API Money {
 public:
  Money() = default;  // 0 XXX
  Money(std::int64_t minor_units, Currency currency) : minor_(minor_units), currency_(currency) {}

  [[nodiscard]] std::int64_t minor_units() const noexcept { return minor_; }
  [[nodiscard]] const Currency& currency() const noexcept { return currency_; }

  [[nodiscard]] Result<Money> plus(const Money& other) const;
  [[nodiscard]] Result<Money> minus(const Money& other) const;
  [[nodiscard]] Result<Money> times(std::int64_t factor) const;

  friend bool operator==(const Money& a, const Money& b) noexcept {
    return a.minor_ == b.minor_ && a.currency_ == b.currency_;
  }

 private:
  std::int64_t minor_ = 0;
  Currency currency_;
};

// The largest gross price we accept (10^10 minor units: 100 million euros), so that sums of
// order lines and VAT arithmetic stay far from int64 overflow.
inline constexpr std::int64_t kMaxPriceMinorUnits = 10'000'000'000;

}  // namespace veza
