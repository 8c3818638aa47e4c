#include "adapters/storage/filesystem_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <utility>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace veza::adapters {
namespace fs = std::filesystem;
namespace {

using catalog::BlobInfo;

constexpr std::size_t kShaHexChars = 64;
constexpr mode_t kFileMode = 0644;
constexpr mode_t kDirMode = 0755;

// std::system_category's message, not strerror(): the latter is not thread-safe.
std::string errno_text(int err) { return std::system_category().message(err); }

Error io_error(std::string_view what, const fs::path& path, int err) {
  return make_error(ErrorCode::unavailable,
                    "blob store: " + std::string(what) + " " + path.string() + ": " + errno_text(err));
}

Error unexpected(const std::exception& e) {
  return make_error(ErrorCode::internal, std::string("blob store: unexpected failure: ") + e.what());
}

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char b : bytes) {
    out.push_back(digits[b >> 4U]);
    out.push_back(digits[b & 0x0FU]);
  }
  return out;
}

// A random, unguessable file name part, so that processes sharing ROOT never collide and a
// temp file cannot be pre-created by someone predicting its name.
Result<std::string> random_name(std::string_view prefix) {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return make_error(ErrorCode::unavailable, "blob store: the random generator failed");
  }
  return std::string(prefix) + to_hex(bytes);
}

// Owns a file descriptor; close() reports the error, which matters after writes.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~Fd() { reset(); }

  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
  // 0 or errno.
  int close() noexcept {
    if (fd_ < 0) return 0;
    const int r = ::close(fd_);
    fd_ = -1;
    return r == 0 ? 0 : errno;
  }
  void reset() noexcept { static_cast<void>(close()); }

 private:
  int fd_ = -1;
};

// `err` gets errno on failure, read at once, before anything else can overwrite it.
Fd open_file(const fs::path& path, int flags, int& err, mode_t mode = 0) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  err = fd < 0 ? errno : 0;
  return Fd(fd);
}

// Writes all of `data`, resuming after partial writes and EINTR; 0 or errno.
int write_all(int fd, std::span<const std::byte> data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data = data.subspan(static_cast<std::size_t>(n));
  }
  return 0;
}

// A rename or a new entry is durable only once its directory is synced; 0 or errno.
int fsync_dir(const fs::path& dir) {
  int err = 0;
  Fd fd = open_file(dir, O_RDONLY | O_DIRECTORY, err);
  if (!fd.valid()) return err;
  if (::fsync(fd.get()) != 0) return errno;
  return fd.close();
}

// mkdir that syncs the parent when it created the directory; 0 or errno.
int make_dir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), kDirMode) == 0) return fsync_dir(dir.parent_path());
  return errno == EEXIST ? 0 : errno;
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

class FilesystemBlobWriter final : public catalog::BlobWriter {
 public:
  FilesystemBlobWriter(fs::path blobs_dir, fs::path temp_path, std::uint64_t max_bytes)
      : blobs_dir_(std::move(blobs_dir)), temp_(std::move(temp_path)), max_bytes_(max_bytes) {}
  FilesystemBlobWriter(const FilesystemBlobWriter&) = delete;
  FilesystemBlobWriter& operator=(const FilesystemBlobWriter&) = delete;
  ~FilesystemBlobWriter() override { abort(); }

  // Creates the temp file (O_EXCL: never someone else's) and starts the hash. Called once,
  // after construction, so the destructor cleans up whatever part of this succeeded.
  Result<void> start() {
    int err = 0;
    fd_ = open_file(temp_, O_WRONLY | O_CREAT | O_EXCL, err, kFileMode);
    if (!fd_.valid()) return fail(io_error("cannot create temp file", temp_, err));
    md_.reset(EVP_MD_CTX_new());
    if (!md_ || EVP_DigestInit_ex(md_.get(), EVP_sha256(), nullptr) != 1) {
      return fail(make_error(ErrorCode::internal, "blob store: cannot start SHA-256"));
    }
    return ok();
  }

  Result<void> write(std::span<const std::byte> chunk) override {
    try {
      if (state_ != State::open) return closed();
      if (chunk.empty()) return ok();
      if (chunk.size() > max_bytes_ - size_) {
        return fail(make_error(ErrorCode::too_large,
                               "the upload is larger than the limit of " + std::to_string(max_bytes_) + " bytes"));
      }
      if (EVP_DigestUpdate(md_.get(), chunk.data(), chunk.size()) != 1) {
        return fail(make_error(ErrorCode::internal, "blob store: SHA-256 update failed"));
      }
      if (const int err = write_all(fd_.get(), chunk); err != 0) return fail(io_error("cannot write", temp_, err));
      size_ += chunk.size();
      return ok();
    } catch (const std::exception& e) {
      return fail(unexpected(e));
    }
  }

  Result<BlobInfo> commit() override {
    try {
      if (state_ == State::committed) return committed_;
      if (state_ != State::open) return closed();

      std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
      unsigned int length = 0;
      if (EVP_DigestFinal_ex(md_.get(), digest.data(), &length) != 1) {
        return fail(make_error(ErrorCode::internal, "blob store: SHA-256 final failed"));
      }
      std::string hex = to_hex(std::span<const unsigned char>(digest.data(), length));

      // The data must be on disk before the name points at it, or a crash could leave a
      // committed address holding a truncated file.
      if (::fsync(fd_.get()) != 0) return fail(io_error("cannot sync", temp_, errno));
      if (const int err = fd_.close(); err != 0) return fail(io_error("cannot close", temp_, err));

      const fs::path outer = blobs_dir_ / hex.substr(0, 2);
      const fs::path dir = outer / hex.substr(2, 2);
      if (const int err = make_dir(outer); err != 0) return fail(io_error("cannot create directory", outer, err));
      if (const int err = make_dir(dir); err != 0) return fail(io_error("cannot create directory", dir, err));

      const fs::path target = dir / hex;
      struct stat existing {};
      if (::stat(target.c_str(), &existing) == 0) {
        // Dedup: equal content is already in place (blobs are never modified), keep that one.
        ::unlink(temp_.c_str());
      } else if (::rename(temp_.c_str(), target.c_str()) != 0) {
        return fail(io_error("cannot move the upload to", target, errno));
      }
      state_ = State::committed;
      md_.reset();
      committed_ = BlobInfo{std::move(hex), size_};
      if (const int err = fsync_dir(dir); err != 0) {
        // In place but perhaps not durable: report it; a retry dedups onto the same address.
        failure_ = io_error("cannot sync directory", dir, err);
        state_ = State::aborted;
        return *failure_;
      }
      return committed_;
    } catch (const std::exception& e) {
      return fail(unexpected(e));
    }
  }

  void abort() noexcept override {
    if (state_ != State::open) return;
    state_ = State::aborted;
    fd_.reset();
    ::unlink(temp_.c_str());  // ENOENT when start() failed before creating it: nothing to do
    md_.reset();
  }

 private:
  enum class State { open, committed, aborted };

  // Aborts (removing the temp file) and remembers why, so later calls give the same answer.
  Error fail(Error error) noexcept {
    abort();
    try {
      failure_ = error;
    } catch (...) {  // copying the message failed (out of memory): later calls say "aborted"
    }
    return error;
  }

  Error closed() const {
    if (failure_) return *failure_;
    return make_error(ErrorCode::conflict, state_ == State::committed ? "the upload is already committed"
                                                                      : "the upload was aborted");
  }

  fs::path blobs_dir_;
  fs::path temp_;
  std::uint64_t max_bytes_;
  std::uint64_t size_ = 0;
  Fd fd_;
  MdCtx md_;
  State state_ = State::open;
  BlobInfo committed_;
  std::optional<Error> failure_;
};

class FilesystemBlobReader final : public catalog::BlobReader {
 public:
  FilesystemBlobReader(fs::path path, Fd fd, std::uint64_t size)
      : path_(std::move(path)), fd_(std::move(fd)), size_(size) {}

  [[nodiscard]] std::uint64_t size() const noexcept override { return size_; }

  Result<std::size_t> read(std::span<std::byte> buffer) override {
    if (buffer.empty()) return std::size_t{0};
    for (;;) {
      const ssize_t n = ::read(fd_.get(), buffer.data(), buffer.size());
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return io_error("cannot read", path_, errno);
    }
  }

 private:
  fs::path path_;
  Fd fd_;
  std::uint64_t size_;
};

Error not_found() { return make_error(ErrorCode::not_found, "no blob has this hash"); }

}  // namespace

bool is_sha256_hex(std::string_view text) noexcept {
  if (text.size() != kShaHexChars) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

fs::path FilesystemBlobStore::blob_path(std::string_view sha256) const {
  return root_ / "blobs" / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

Result<std::unique_ptr<FilesystemBlobStore>> FilesystemBlobStore::open(const fs::path& root) {
  try {
    if (root.empty()) return make_error(ErrorCode::unavailable, "blob store: no directory configured");
    std::error_code ec;
    fs::path absolute = fs::absolute(root, ec);
    if (ec) return io_error("cannot resolve directory", root, ec.value());

    for (const fs::path& dir : {absolute / "blobs", absolute / "tmp"}) {
      fs::create_directories(dir, ec);
      if (ec) return io_error("cannot create directory", dir, ec.value());
      if (!fs::is_directory(dir, ec)) return io_error("cannot create directory", dir, ENOTDIR);
    }
    // Creating a file proves more than access(2), which says yes to root on a read-only mount.
    for (const fs::path& dir : {absolute / "blobs", absolute / "tmp"}) {
      auto name = random_name("probe-");
      if (!name) return std::move(name).error();
      const fs::path probe = dir / *name;
      int err = 0;
      Fd fd = open_file(probe, O_WRONLY | O_CREAT | O_EXCL, err, kFileMode);
      if (!fd.valid()) return io_error("cannot write to directory", dir, err);
      static_cast<void>(fd.close());
      ::unlink(probe.c_str());
    }
    return std::unique_ptr<FilesystemBlobStore>(new FilesystemBlobStore(std::move(absolute)));
  } catch (const std::exception& e) {
    return unexpected(e);
  }
}

Result<std::unique_ptr<catalog::BlobWriter>> FilesystemBlobStore::open_writer(std::uint64_t max_bytes) {
  try {
    auto name = random_name("upload-");
    if (!name) return std::move(name).error();
    auto writer = std::make_unique<FilesystemBlobWriter>(root_ / "blobs", root_ / "tmp" / *name, max_bytes);
    VEZA_TRY_VOID(writer->start());
    return std::unique_ptr<catalog::BlobWriter>(std::move(writer));
  } catch (const std::exception& e) {
    return unexpected(e);
  }
}

Result<std::unique_ptr<catalog::BlobReader>> FilesystemBlobStore::open_reader(std::string_view sha256) {
  try {
    // Validated before it becomes a path: `../../etc/passwd` or `AB…` never reach open(2).
    if (!is_sha256_hex(sha256)) return not_found();
    fs::path path = blob_path(sha256);
    int err = 0;
    Fd fd = open_file(path, O_RDONLY | O_NOFOLLOW, err);
    if (!fd.valid()) {
      if (err == ENOENT || err == ENOTDIR) return not_found();
      return io_error("cannot open", path, err);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat", path, errno);
    if (!S_ISREG(st.st_mode)) return not_found();
    const auto size = static_cast<std::uint64_t>(st.st_size);
    return std::unique_ptr<catalog::BlobReader>(
        std::make_unique<FilesystemBlobReader>(std::move(path), std::move(fd), size));
  } catch (const std::exception& e) {
    return unexpected(e);
  }
}

}  // namespace veza::adapters
