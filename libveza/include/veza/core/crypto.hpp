#pragma once
// The few OpenSSL operations the domain needs, in one place: random secrets, SHA-256, base64
// and constant-time comparison. Secrets are compared with `constant_time_equal`, never `==`.
#include <cstddef>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza {

// `bytes` CSPRNG bytes (OpenSSL RAND_bytes) as base64url without padding; `internal` if the
// generator fails.
VEZA_API Result<std::string> random_base64url(std::size_t bytes);

// The raw 32-byte SHA-256 digest of `data`, and its lower-case hex form.
VEZA_API std::string sha256(std::string_view data);
VEZA_API std::string sha256_hex(std::string_view data);

// RFC 4648 base64 (with padding) and base64url (section 5, without padding).
VEZA_API std::string base64(std::string_view data);
VEZA_API std::string base64url(std::string_view data);

// Equal length and content, in time that depends only on the length (CRYPTO_memcmp).
VEZA_API bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace veza
