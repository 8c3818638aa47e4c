// The contract's worked examples (§7), copied here as fixed vectors: the build never reads
// ../shared.
#include <string>

#include <doctest/doctest.h>

#include <veza/payments/payment_gateway.hpp>

namespace {

const std::string kBody2 =
    R"({"merchant_id":"merchant_1700000000","event_id":"evt_018e48d5ad6c73d5a289342e6132b224","event_type":"refund_succeeded","content":{"type":"refund_details","object":{"refund_id":"ref_order1001_1","payment_id":"pay_order1001","amount":1500,"currency":"USD","status":"succeeded","reason":"Customer returned item","metadata":{"order_id":"1001"},"error_message":null,"error_code":null,"unified_code":null,"unified_message":null,"created_at":"2026-07-01T10:15:30.123Z","updated_at":"2026-07-01T10:15:31.456Z","connector":"stripe","profile_id":"pro_abc123","merchant_connector_id":"mca_xyz789","split_refunds":null,"issuer_error_code":null,"issuer_error_message":null,"raw_connector_response":null,"connector_refund_id":"re_3Abc"}},"timestamp":"2026-07-01T10:15:31.500Z","processor_merchant_id":"merchant_1700000000"})";
const std::string kSig1 =
    "a1cd40ed9de68187a5b5e35cd1c0c8aad0943ed9c863f373997399fbabd9e1acd149131fc67c0b60aa6fe5191add70fa40ff21f8fb40cb2d3b65c528714a3fae";
const std::string kSig2 =
    "639e84c2a6280e91f3bfd8eccc8989430536cc33b8152722f4138ac02f2e0dbe65f1659d06f17f01cd6cc45d9172284675070f5164cade1be7c1849d83a38397";

}  // namespace

TEST_SUITE("payments") {
  TEST_CASE("webhook signature: the contract's vector 1 (key secret) verifies") {
    CHECK(veza::payments::hmac_sha512_hex("secret", R"({"event_id":"evt_1"})") == kSig1);
    CHECK(veza::payments::verify_hmac_sha512_hex("secret", R"({"event_id":"evt_1"})", kSig1));
  }

  TEST_CASE("webhook signature: the contract's 809-byte vector 2 verifies") {
    REQUIRE(kBody2.size() == 809);
    CHECK(veza::payments::hmac_sha512_hex("whsec_test_key_0123456789", kBody2) == kSig2);
    CHECK(veza::payments::verify_hmac_sha512_hex("whsec_test_key_0123456789", kBody2, kSig2));
  }

  TEST_CASE("webhook signature: a trailing newline, another key's case or a cut signature fails") {
    CHECK_FALSE(veza::payments::verify_hmac_sha512_hex("whsec_test_key_0123456789", kBody2 + "\n", kSig2));
    CHECK_FALSE(veza::payments::verify_hmac_sha512_hex("Secret", R"({"event_id":"evt_1"})", kSig1));
    CHECK_FALSE(veza::payments::verify_hmac_sha512_hex("secret", R"({"event_id":"evt_1"})", kSig1.substr(0, 127)));
    CHECK_FALSE(veza::payments::verify_hmac_sha512_hex("secret", R"({"event_id":"evt_1"})", ""));
  }
}
