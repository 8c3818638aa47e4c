#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <utility>

#include <veza/catalog/blob_store.hpp>
#include <veza/core/result.hpp>

namespace veza::adapters {

// The filesystem adapter of the BlobStore port, content-addressed by SHA-256:
//   ROOT/blobs/ab/cd/abcd…(64 lower-hex)   committed blobs, never modified once in place
//   ROOT/tmp/upload-<random>              uploads in progress
// A writer streams each chunk to its temp file while hashing it (OpenSSL EVP), so no upload is
// ever held in memory; commit() fsyncs the file, renames it into place (same filesystem, so
// atomic) and fsyncs the directory, which makes a committed blob survive a crash. Equal content
// lands at the same address once (dedup). Several processes may share one ROOT (blue-green):
// temp names are random and opened O_EXCL, and a rename over an equal blob is harmless.
class VEZA_API FilesystemBlobStore final : public catalog::BlobStore {
 public:
  // Creates ROOT/blobs and ROOT/tmp and checks that tmp/ accepts a file; `unavailable`, naming
  // the directory, when either cannot be created or written.
  static Result<std::unique_ptr<FilesystemBlobStore>> open(const std::filesystem::path& root);

  Result<std::unique_ptr<catalog::BlobWriter>> open_writer(std::uint64_t max_bytes) override;
  // `not_found` for an unknown hash and for any text that is not 64 lower-hex characters, so a
  // caller-supplied hash can never name a path outside blobs/.
  Result<std::unique_ptr<catalog::BlobReader>> open_reader(std::string_view sha256) override;

  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }
  // Where a blob with this (already validated) hash lives.
  [[nodiscard]] std::filesystem::path blob_path(std::string_view sha256) const;

 private:
  explicit FilesystemBlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

// True for exactly 64 characters of [0-9a-f]: the only hash text the store accepts.
VEZA_API bool is_sha256_hex(std::string_view text) noexcept;

}  // namespace veza::adapters
