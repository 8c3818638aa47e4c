#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <veza/core/result.hpp>

namespace veza::catalog {

struct BlobInfo {
  std::string sha256;  // lower-case hex; the blob's address
  std::uint64_t size = 0;
};

// One upload in progress: write(chunk)… then commit() or abort(). Destroying a writer that
// was not committed aborts it, so a failed upload leaves nothing behind.
class VEZA_API BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  // `too_large` once the total passes the limit given to open_writer; the writer is then aborted.
  virtual Result<void> write(std::span<const std::byte> chunk) = 0;
  // Hashes, syncs and moves the blob into place (atomic rename); idempotent for equal content.
  virtual Result<BlobInfo> commit() = 0;
  virtual void abort() noexcept = 0;
};

class VEZA_API BlobReader {
 public:
  virtual ~BlobReader() = default;
  [[nodiscard]] virtual std::uint64_t size() const noexcept = 0;
  // Fills up to buffer.size() bytes; 0 at the end.
  virtual Result<std::size_t> read(std::span<std::byte> buffer) = 0;
};

// Port: content-addressed storage of uploaded files, streamed (never a whole file in memory).
class VEZA_API BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<std::unique_ptr<BlobWriter>> open_writer(std::uint64_t max_bytes) = 0;
  // `not_found` when no blob has this hash.
  virtual Result<std::unique_ptr<BlobReader>> open_reader(std::string_view sha256) = 0;
};

}  // namespace veza::catalog
