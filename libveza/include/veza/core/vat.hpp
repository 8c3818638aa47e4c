#pragma once
#include <cstdint>

#include <veza/core/result.hpp>

namespace veza {

// A VAT rate in basis points: 2000 = 20 %. Valid rates are 0..10000.
inline constexpr std::int32_t kMaxVatRateBp = 10000;

struct VatSplit {
  std::int64_t net = 0;  // minor units
  std::int64_t vat = 0;  // minor units; net + vat == gross
};

// Prices are gross. net = half-up(gross × 10000 / (10000 + rate_bp)), vat = gross − net.
// Refuses a negative gross, a gross above kMaxPriceMinorUnits and a rate outside 0..10000.
VEZA_API Result<VatSplit> split_gross(std::int64_t gross_minor, std::int32_t rate_bp);

VEZA_API Result<void> validate_vat_rate(std::int64_t rate_bp);

}  // namespace veza
