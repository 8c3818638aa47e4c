#include "support/in_memory_blob_store.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include <openssl/evp.h>

namespace veza::testing {
namespace {

std::string to_hex(const unsigned char* data, unsigned int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0x0F]);
  }
  return out;
}

class Writer final : public catalog::BlobWriter {
 public:
  Writer(InMemoryBlobStore& store, std::uint64_t max_bytes)
      : store_(store), max_bytes_(max_bytes), ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) open_ = false;
  }

  Result<void> write(std::span<const std::byte> chunk) override {
    if (!open_) return make_error(ErrorCode::internal, "write on a closed blob writer");
    if (chunk.size() > max_bytes_ - bytes_.size()) {
      abort();
      return make_error(ErrorCode::too_large, "the file is larger than " + std::to_string(max_bytes_) + " bytes");
    }
    if (EVP_DigestUpdate(ctx_.get(), chunk.data(), chunk.size()) != 1) {
      abort();
      return make_error(ErrorCode::internal, "hashing the upload failed");
    }
    bytes_.insert(bytes_.end(), chunk.begin(), chunk.end());
    return ok();
  }

  Result<catalog::BlobInfo> commit() override {
    if (!open_) return make_error(ErrorCode::internal, "commit on a closed blob writer");
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &len) != 1) {
      abort();
      return make_error(ErrorCode::internal, "hashing the upload failed");
    }
    open_ = false;
    catalog::BlobInfo info{to_hex(digest.data(), len), bytes_.size()};
    store_.publish(info.sha256, std::move(bytes_));
    return info;
  }

  void abort() noexcept override {
    open_ = false;
    bytes_.clear();
  }

 private:
  InMemoryBlobStore& store_;
  std::uint64_t max_bytes_;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
  InMemoryBlobStore::Bytes bytes_;
  bool open_ = true;
};

class Reader final : public catalog::BlobReader {
 public:
  explicit Reader(std::shared_ptr<const InMemoryBlobStore::Bytes> bytes) : bytes_(std::move(bytes)) {}

  [[nodiscard]] std::uint64_t size() const noexcept override { return bytes_->size(); }

  Result<std::size_t> read(std::span<std::byte> buffer) override {
    const std::size_t n = std::min(buffer.size(), bytes_->size() - pos_);
    if (n > 0) std::memcpy(buffer.data(), bytes_->data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::shared_ptr<const InMemoryBlobStore::Bytes> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<catalog::BlobWriter>> InMemoryBlobStore::open_writer(std::uint64_t max_bytes) {
  return std::unique_ptr<catalog::BlobWriter>(std::make_unique<Writer>(*this, max_bytes));
}

Result<std::unique_ptr<catalog::BlobReader>> InMemoryBlobStore::open_reader(std::string_view sha256) {
  const std::lock_guard lock(mutex_);
  const auto it = blobs_.find(sha256);
  if (it == blobs_.end()) return make_error(ErrorCode::not_found, "no blob " + std::string(sha256.substr(0, 64)));
  return std::unique_ptr<catalog::BlobReader>(std::make_unique<Reader>(it->second));
}

std::size_t InMemoryBlobStore::size() const {
  const std::lock_guard lock(mutex_);
  return blobs_.size();
}

bool InMemoryBlobStore::contains(std::string_view sha256) const {
  const std::lock_guard lock(mutex_);
  return blobs_.find(sha256) != blobs_.end();
}

void InMemoryBlobStore::publish(const std::string& sha256, Bytes bytes) {
  const std::lock_guard lock(mutex_);
  // Equal content has an equal address: a second commit keeps the first copy.
  blobs_.try_emplace(sha256, std::make_shared<const Bytes>(std::move(bytes)));
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr);
  return to_hex(digest.data(), len);
}

}  // namespace veza::testing
