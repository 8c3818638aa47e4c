// HMAC-SHA512 webhook signatures (contract §7): over the raw bytes, compared in constant time.
#include <veza/payments/payment_gateway.hpp>

#include <array>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace veza::payments {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool mac(std::string_view key, std::string_view body, std::array<unsigned char, 64>& out) {
  unsigned int len = 0;
  const unsigned char* r = HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
                                reinterpret_cast<const unsigned char*>(body.data()), body.size(), out.data(), &len);
  return r != nullptr && len == out.size();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string hmac_sha512_hex(std::string_view key, std::string_view body) {
  std::array<unsigned char, 64> digest{};
  if (!mac(key, body, digest)) return {};
  std::string out;
  out.reserve(128);
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0F]);
  }
  return out;
}

bool verify_hmac_sha512_hex(std::string_view key, std::string_view body, std::string_view signature_hex) {
  if (signature_hex.size() != 128) return false;
  std::array<unsigned char, 64> given{};
  for (std::size_t i = 0; i < given.size(); ++i) {
    const int hi = hex_value(signature_hex[2 * i]), lo = hex_value(signature_hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    given[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  std::array<unsigned char, 64> expected{};
  if (!mac(key, body, expected)) return false;
  // CRYPTO_memcmp takes the same time wherever the first difference is.
  return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

bool is_final_payment_status(std::string_view s) noexcept {
  return s == "succeeded" || s == "failed" || s == "cancelled" || s == "cancelled_post_capture" || s == "expired" ||
         s == "partially_captured";
}

bool is_final_refund_status(std::string_view s) noexcept { return s == "succeeded" || s == "failed"; }

}  // namespace veza::payments
