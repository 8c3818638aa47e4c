#include "adapters/storage/filesystem_blob_store.hpp"

#include <stdlib.h>  // mkdtemp
#include <unistd.h>  // geteuid

#include <cctype>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using veza::ErrorCode;
using veza::adapters::FilesystemBlobStore;

namespace {

// NIST / FIPS 180-2 vectors.
constexpr std::string_view kShaAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view kShaEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kShaMillionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

// A fresh directory per test, removed afterwards whatever happened.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "veza-blob-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::span<const std::byte> bytes_of(std::string_view s) { return std::as_bytes(std::span<const char>(s)); }

// Regular files anywhere under `dir`.
std::size_t count_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) ++n;
  }
  return n;
}

// Reads the whole blob through a small buffer, so several read() calls are needed.
std::string read_all(veza::catalog::BlobReader& reader, std::size_t buffer_size) {
  std::string out;
  std::vector<std::byte> buffer(buffer_size);
  for (;;) {
    auto n = reader.read(buffer);
    REQUIRE(n);
    if (*n == 0) break;
    out.append(reinterpret_cast<const char*>(buffer.data()), *n);
  }
  return out;
}

std::unique_ptr<FilesystemBlobStore> open_store(const fs::path& root) {
  auto store = FilesystemBlobStore::open(root);
  REQUIRE(store);
  return std::move(*store);
}

veza::catalog::BlobInfo store_text(FilesystemBlobStore& store, std::string_view text) {
  auto writer = store.open_writer(1024);
  REQUIRE(writer);
  REQUIRE((*writer)->write(bytes_of(text)));
  auto info = (*writer)->commit();
  REQUIRE(info);
  return *info;
}

}  // namespace

TEST_SUITE("storage") {
  TEST_CASE("a blob written in several chunks is stored under its SHA-256 and reads back whole") {
    const TempDir dir;
    auto store = open_store(dir.path());

    SUBCASE("three one-byte chunks of abc") {
      auto writer = store->open_writer(3);
      REQUIRE(writer);
      for (const std::string_view chunk : {"a", "b", "c"}) REQUIRE((*writer)->write(bytes_of(chunk)));
      auto info = (*writer)->commit();
      REQUIRE(info);
      CHECK(info->sha256 == kShaAbc);
      CHECK(info->size == 3);
      CHECK(fs::is_regular_file(dir.path() / "blobs" / "ba" / "78" / std::string(kShaAbc)));
      CHECK(count_files(dir.path() / "tmp") == 0);

      auto reader = store->open_reader(kShaAbc);
      REQUIRE(reader);
      CHECK((*reader)->size() == 3);
      CHECK(read_all(**reader, 2) == "abc");
    }

    SUBCASE("a million bytes in uneven chunks") {
      const std::string million(1'000'000, 'a');
      auto writer = store->open_writer(million.size());
      REQUIRE(writer);
      std::string_view rest = million;
      while (!rest.empty()) {
        const std::string_view chunk = rest.substr(0, 4093);
        REQUIRE((*writer)->write(bytes_of(chunk)));
        rest.remove_prefix(chunk.size());
      }
      auto info = (*writer)->commit();
      REQUIRE(info);
      CHECK(info->sha256 == kShaMillionA);
      CHECK(info->size == million.size());

      auto reader = store->open_reader(kShaMillionA);
      REQUIRE(reader);
      CHECK((*reader)->size() == million.size());
      CHECK(read_all(**reader, 65536) == million);
    }

    SUBCASE("no chunk at all is the empty blob") {
      auto writer = store->open_writer(0);
      REQUIRE(writer);
      auto info = (*writer)->commit();
      REQUIRE(info);
      CHECK(info->sha256 == kShaEmpty);
      CHECK(info->size == 0);
      auto reader = store->open_reader(kShaEmpty);
      REQUIRE(reader);
      CHECK(read_all(**reader, 16).empty());
    }
  }

  TEST_CASE("the same content stored twice has one address and one file") {
    const TempDir dir;
    auto store = open_store(dir.path());
    const auto first = store_text(*store, "abc");
    const auto second = store_text(*store, "abc");
    CHECK(first.sha256 == kShaAbc);
    CHECK(second.sha256 == first.sha256);
    CHECK(count_files(dir.path() / "blobs") == 1);
    CHECK(count_files(dir.path() / "tmp") == 0);
  }

  TEST_CASE("committing a writer again returns the same blob") {
    const TempDir dir;
    auto store = open_store(dir.path());
    auto writer = store->open_writer(16);
    REQUIRE(writer);
    REQUIRE((*writer)->write(bytes_of("abc")));
    auto first = (*writer)->commit();
    REQUIRE(first);
    auto again = (*writer)->commit();
    REQUIRE(again);
    CHECK(again->sha256 == first->sha256);
    auto late = (*writer)->write(bytes_of("d"));
    REQUIRE_FALSE(late);
    CHECK(late.error().code == ErrorCode::conflict);
  }

  TEST_CASE("an upload past the limit fails with too_large and leaves no temp file") {
    const TempDir dir;
    auto store = open_store(dir.path());
    auto writer = store->open_writer(5);
    REQUIRE(writer);
    REQUIRE((*writer)->write(bytes_of("abc")));
    CHECK(count_files(dir.path() / "tmp") == 1);  // streamed to disk, not buffered

    auto over = (*writer)->write(bytes_of("def"));
    REQUIRE_FALSE(over);
    CHECK(over.error().code == ErrorCode::too_large);
    CHECK(count_files(dir.path() / "tmp") == 0);

    // The writer stays aborted and keeps saying why.
    auto commit = (*writer)->commit();
    REQUIRE_FALSE(commit);
    CHECK(commit.error().code == ErrorCode::too_large);
    CHECK(count_files(dir.path() / "blobs") == 0);
  }

  TEST_CASE("an upload of exactly the limit is accepted") {
    const TempDir dir;
    auto store = open_store(dir.path());
    auto writer = store->open_writer(3);
    REQUIRE(writer);
    REQUIRE((*writer)->write(bytes_of("ab")));
    REQUIRE((*writer)->write(bytes_of("c")));
    auto info = (*writer)->commit();
    REQUIRE(info);
    CHECK(info->sha256 == kShaAbc);
  }

  TEST_CASE("an aborted or abandoned upload leaves nothing behind") {
    const TempDir dir;
    auto store = open_store(dir.path());

    SUBCASE("abort") {
      auto writer = store->open_writer(1024);
      REQUIRE(writer);
      REQUIRE((*writer)->write(bytes_of("abc")));
      CHECK(count_files(dir.path() / "tmp") == 1);
      (*writer)->abort();
      CHECK(count_files(dir.path() / "tmp") == 0);
      auto commit = (*writer)->commit();
      REQUIRE_FALSE(commit);
      CHECK(commit.error().code == ErrorCode::conflict);
    }

    SUBCASE("destroyed without commit") {
      {
        auto writer = store->open_writer(1024);
        REQUIRE(writer);
        REQUIRE((*writer)->write(bytes_of("abc")));
        CHECK(count_files(dir.path() / "tmp") == 1);
      }
      CHECK(count_files(dir.path() / "tmp") == 0);
    }

    CHECK(count_files(dir.path() / "blobs") == 0);
    auto reader = store->open_reader(kShaAbc);
    REQUIRE_FALSE(reader);
    CHECK(reader.error().code == ErrorCode::not_found);
  }

  TEST_CASE("an unknown or malformed hash is not_found and never names a path") {
    const TempDir dir;
    auto store = open_store(dir.path());
    store_text(*store, "abc");
    // A file the traversal would reach if the hash were used as a path.
    std::ofstream(dir.path() / "secret") << "secret";

    const std::string upper = [] {
      std::string s(kShaAbc);
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    }();
    const std::string traversal_64 = "../../secret" + std::string(64 - 12, 'a');
    const std::string too_long = std::string(kShaAbc) + "0";
    for (const std::string_view hash :
         {std::string_view("0000000000000000000000000000000000000000000000000000000000000000"),
          std::string_view("../../etc/passwd"), std::string_view("../../secret"), std::string_view(traversal_64),
          std::string_view(upper), kShaAbc.substr(0, 63), std::string_view(""),
          std::string_view(too_long)}) {
      INFO("hash: " << std::string(hash));
      auto reader = store->open_reader(hash);
      REQUIRE_FALSE(reader);
      CHECK(reader.error().code == ErrorCode::not_found);
    }
    CHECK(store->open_reader(kShaAbc));
  }

  TEST_CASE("a root that cannot be created or written is unavailable, naming the directory") {
    const TempDir dir;

    SUBCASE("a regular file where a directory should be") {
      const fs::path file = dir.path() / "not-a-dir";
      std::ofstream(file) << "x";
      auto store = FilesystemBlobStore::open(file / "blobs-root");
      REQUIRE_FALSE(store);
      CHECK(store.error().code == ErrorCode::unavailable);
      CHECK(store.error().message.find(file.string()) != std::string::npos);
    }

    SUBCASE("the root itself is a regular file") {
      const fs::path file = dir.path() / "root-file";
      std::ofstream(file) << "x";
      auto store = FilesystemBlobStore::open(file);
      REQUIRE_FALSE(store);
      CHECK(store.error().code == ErrorCode::unavailable);
      CHECK(store.error().message.find(file.string()) != std::string::npos);
    }

    SUBCASE("a read-only directory") {
      // root ignores permission bits, so this case only means something for other users.
      if (::geteuid() == 0) return;
      const fs::path root = dir.path() / "read-only";
      fs::create_directories(root / "blobs");
      fs::create_directories(root / "tmp");
      fs::permissions(root / "tmp", fs::perms::owner_read | fs::perms::owner_exec);
      auto store = FilesystemBlobStore::open(root);
      fs::permissions(root / "tmp", fs::perms::owner_all);
      REQUIRE_FALSE(store);
      CHECK(store.error().code == ErrorCode::unavailable);
      CHECK(store.error().message.find((root / "tmp").string()) != std::string::npos);
    }
  }
}
