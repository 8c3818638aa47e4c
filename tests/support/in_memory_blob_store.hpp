#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <veza/catalog/blob_store.hpp>

namespace veza::testing {

// The BlobStore port in memory, content-addressed by SHA-256 (OpenSSL) like the filesystem
// adapter: a writer hashes as it goes, refuses (`too_large`) and aborts past its limit, and
// publishes nothing until commit. Writers and readers must not outlive the store.
class InMemoryBlobStore final : public catalog::BlobStore {
 public:
  using Bytes = std::vector<std::byte>;

  Result<std::unique_ptr<catalog::BlobWriter>> open_writer(std::uint64_t max_bytes) override;
  Result<std::unique_ptr<catalog::BlobReader>> open_reader(std::string_view sha256) override;

  // For assertions: committed blobs only.
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] bool contains(std::string_view sha256) const;

  // Called by a writer's commit.
  void publish(const std::string& sha256, Bytes bytes);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Bytes>, std::less<>> blobs_;
};

// Lower-case hex SHA-256 of `bytes` (to name expected blobs in tests).
std::string sha256_hex(std::string_view bytes);

}  // namespace veza::testing
