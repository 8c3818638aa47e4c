#include <veza/core/vat.hpp>

#include <string>

#include <veza/core/money.hpp>

namespace veza {

Result<void> validate_vat_rate(std::int64_t rate_bp) {
  if (rate_bp < 0 || rate_bp > kMaxVatRateBp) {
    return make_error(ErrorCode::validation_failed,
                      "VAT rate " + std::to_string(rate_bp) + " is outside 0..10000 basis points (2000 = 20 %)");
  }
  return ok();
}

Result<VatSplit> split_gross(std::int64_t gross_minor, std::int32_t rate_bp) {
  VEZA_TRY_VOID(validate_vat_rate(rate_bp));
  if (gross_minor < 0 || gross_minor > kMaxPriceMinorUnits) {
    return make_error(ErrorCode::validation_failed, "amount " + std::to_string(gross_minor) +
                                                        " is outside 0.." + std::to_string(kMaxPriceMinorUnits));
  }
  // Half-up rounding of gross*10000/(10000+rate) in integers: floor((2*n + d) / (2*d)).
  // gross <= 1e10, so 2*gross*10000 <= 2e14 fits easily in int64.
  const std::int64_t numerator = gross_minor * 10000;
  const std::int64_t denominator = 10000 + rate_bp;
  const std::int64_t net = (2 * numerator + denominator) / (2 * denominator);
  return VatSplit{net, gross_minor - net};
}

}  // namespace veza
