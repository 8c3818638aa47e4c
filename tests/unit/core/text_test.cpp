#include <doctest/doctest.h>

#include <string>

#include <veza/core/text.hpp>

using veza::clean_text;
using veza::ErrorCode;
using veza::validate_email;

TEST_SUITE("core") {
  TEST_CASE("UTF-8 validation refuses truncated, overlong, surrogate and out-of-range sequences") {
    CHECK(veza::is_valid_utf8("plain ascii"));
    CHECK(veza::is_valid_utf8("Été 🎵"));
    CHECK_FALSE(veza::is_valid_utf8("\xc3"));              // truncated
    CHECK_FALSE(veza::is_valid_utf8("\xc0\xaf"));          // overlong '/'
    CHECK_FALSE(veza::is_valid_utf8("\xed\xa0\x80"));      // U+D800 surrogate
    CHECK_FALSE(veza::is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(veza::is_valid_utf8("\xff"));
  }

  TEST_CASE("text length counts code points, not bytes") {
    CHECK(veza::utf8_length("Été") == 3);
    CHECK(veza::utf8_length("🎵") == 1);
    CHECK(veza::utf8_length("") == 0);
  }

  TEST_CASE("trim removes ASCII whitespace at both ends only") {
    CHECK(veza::trim("  a b \t\n") == "a b");
    CHECK(veza::trim("   ").empty());
    CHECK(veza::ascii_lower("Ada@EXAMPLE.com") == "ada@example.com");
  }

  TEST_CASE("clean_text trims and enforces 1..max code points") {
    auto ok = clean_text("  Été  ", "title", 3);
    REQUIRE(ok);
    CHECK(*ok == "Été");
    auto empty = clean_text("  ", "title", 3);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::validation_failed);
    CHECK(empty.error().message.find("title") != std::string::npos);
    auto allowed = clean_text("", "description", 3, true);
    REQUIRE(allowed);
    CHECK(allowed->empty());
    CHECK_FALSE(clean_text("abcd", "title", 3));
  }

  TEST_CASE("clean_text refuses invalid UTF-8 and control characters but keeps newlines and tabs") {
    CHECK(clean_text("a\nb\tc", "description", 10));
    auto control = clean_text("a\x01" "b", "title", 10);
    REQUIRE_FALSE(control);
    CHECK(control.error().code == ErrorCode::validation_failed);
    auto bad = clean_text("a\xff", "title", 10);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::validation_failed);
  }

  TEST_CASE("email validation trims, keeps case and refuses implausible addresses") {
    auto ok = validate_email("  Ada@Example.com ");
    REQUIRE(ok);
    CHECK(*ok == "Ada@Example.com");
    for (const char* bad : {"", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "a da@example.com",
                            "ada@.example.com", "ada@example.com.", "ada@exa..mple.com", "adé@example.com"}) {
      INFO(bad);
      auto r = validate_email(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::validation_failed);
    }
    CHECK_FALSE(validate_email(std::string(65, 'a') + "@example.com"));
    CHECK_FALSE(validate_email("a@" + std::string(250, 'b') + ".com"));
  }
}
