// The in-memory BlobStore must behave like the filesystem adapter, or catalog tests prove nothing.
#include <doctest/doctest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "support/in_memory_blob_store.hpp"

using veza::ErrorCode;
using veza::testing::InMemoryBlobStore;
using veza::testing::sha256_hex;

namespace {
std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }
}  // namespace

TEST_SUITE("catalog") {
  TEST_CASE("the in-memory blob store addresses a streamed upload by its SHA-256") {
    InMemoryBlobStore store;
    auto w = store.open_writer(100);
    REQUIRE(w);
    REQUIRE((*w)->write(bytes("hello ")));
    REQUIRE((*w)->write(bytes("world")));
    auto info = (*w)->commit();
    REQUIRE(info);
    CHECK(info->sha256 == sha256_hex("hello world"));
    CHECK(info->sha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    CHECK(info->size == 11);

    auto r = store.open_reader(info->sha256);
    REQUIRE(r);
    CHECK((*r)->size() == 11);
    std::array<std::byte, 8> buf{};
    std::string back;
    for (;;) {
      auto n = (*r)->read(buf);
      REQUIRE(n);
      if (*n == 0) break;
      back.append(reinterpret_cast<const char*>(buf.data()), *n);
    }
    CHECK(back == "hello world");
  }

  TEST_CASE("the in-memory blob store refuses an upload past its limit and keeps nothing") {
    InMemoryBlobStore store;
    auto w = store.open_writer(4);
    REQUIRE(w);
    REQUIRE((*w)->write(bytes("abcd")));
    auto over = (*w)->write(bytes("e"));
    REQUIRE_FALSE(over);
    CHECK(over.error().code == ErrorCode::too_large);
    CHECK_FALSE((*w)->commit());
    CHECK(store.size() == 0);
  }

  TEST_CASE("the in-memory blob store keeps nothing from an aborted or dropped writer") {
    InMemoryBlobStore store;
    {
      auto w = store.open_writer(100);
      REQUIRE(w);
      REQUIRE((*w)->write(bytes("dropped")));
    }
    auto w = store.open_writer(100);
    REQUIRE(w);
    REQUIRE((*w)->write(bytes("aborted")));
    (*w)->abort();
    CHECK(store.size() == 0);
    auto missing = store.open_reader(sha256_hex("aborted"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
  }

  TEST_CASE("the in-memory blob store commits equal content once") {
    InMemoryBlobStore store;
    for (int i = 0; i < 2; ++i) {
      auto w = store.open_writer(100);
      REQUIRE(w);
      REQUIRE((*w)->write(bytes("same")));
      REQUIRE((*w)->commit());
    }
    CHECK(store.size() == 1);
    CHECK(store.contains(sha256_hex("same")));
  }
}
