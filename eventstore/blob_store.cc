#include "eventstore/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "eventstore/envelope.h"

namespace ticketd::eventstore {

namespace {

StoreError io_error(std::string what, int err = errno) {
  return StoreError{StoreErrorCode::kIo, std::move(what) + ": " + std::strerror(err)};
}

// fsync of a directory: a rename in it is durable after this.
Result<void> sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("open " + dir.string());
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return io_error("fsync " + dir.string(), err);
  return {};
}

std::string random_name() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.part", static_cast<unsigned long long>(rng()));
  return name;
}

}  // namespace

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

struct BlobStore::Writer::Hasher {
  Hasher() : ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr); }
  ~Hasher() { EVP_MD_CTX_free(ctx); }
  void update(std::string_view bytes) { EVP_DigestUpdate(ctx, bytes.data(), bytes.size()); }
  std::string finish() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, digest.data(), &n);
    return to_hex(digest.data(), n);
  }
  EVP_MD_CTX* ctx;
};

Result<std::unique_ptr<BlobStore>> BlobStore::open(const std::filesystem::path& root) {
  std::error_code ec;
  for (const char* dir : {"sha256", "tmp"}) {
    std::filesystem::create_directories(root / dir, ec);
    if (ec)
      return StoreError{StoreErrorCode::kIo,
                        "create " + (root / dir).string() + ": " + ec.message()};
  }
  // What a crash left half written: never named by a hash, never referenced.
  for (const auto& entry : std::filesystem::directory_iterator(root / "tmp", ec)) {
    std::filesystem::remove(entry.path(), ec);
  }
  if (ec)
    return StoreError{StoreErrorCode::kIo,
                      "empty " + (root / "tmp").string() + ": " + ec.message()};
  return std::unique_ptr<BlobStore>(new BlobStore(root));
}

BlobStore::Writer::Writer(const BlobStore& store, std::filesystem::path temp, int fd)
    : store_(store), temp_(std::move(temp)), fd_(fd), hasher_(std::make_unique<Hasher>()) {}

BlobStore::Writer::~Writer() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

Result<void> BlobStore::Writer::write(std::string_view bytes) {
  if (fd_ < 0) return StoreError{StoreErrorCode::kInvalidArgument, "the blob writer is spent"};
  if (head_.size() < kHeadBytes) head_.append(bytes.substr(0, kHeadBytes - head_.size()));
  hasher_->update(bytes);
  size_ += bytes.size();
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("write " + temp_.string());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  // Start writing back what came so far, without waiting: commit()'s fsync
  // then waits for the last megabyte or so, not the whole file. A hint
  // only; an error shows at the fsync.
  constexpr std::uint64_t kWriteBackEvery = std::uint64_t{1} << 20;
  if (size_ - written_back_ >= kWriteBackEvery) {
    (void)::sync_file_range(fd_, static_cast<off_t>(written_back_),
                            static_cast<off_t>(size_ - written_back_), SYNC_FILE_RANGE_WRITE);
    written_back_ = size_;
  }
  return {};
}

Result<BlobInfo> BlobStore::Writer::commit() {
  if (fd_ < 0) return StoreError{StoreErrorCode::kInvalidArgument, "the blob writer is spent"};
  BlobInfo info{hasher_->finish(), size_};
  const int rc = ::fsync(fd_);
  const int err = errno;
  ::close(fd_);
  fd_ = -1;
  if (rc != 0) return io_error("fsync " + temp_.string(), err);
  const std::filesystem::path target = store_.path_of(info.sha256);
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec)
    return StoreError{StoreErrorCode::kIo,
                      "create " + target.parent_path().string() + ": " + ec.message()};
  // Stored once: the same content under its name already is this blob.
  if (std::filesystem::exists(target, ec)) return info;  // the destructor removes the copy
  // link(2), not rename(2): a concurrent commit of the same content that
  // won the race is left as it is (EEXIST), never replaced mid-read.
  if (::link(temp_.c_str(), target.c_str()) != 0) {
    if (errno != EEXIST) return io_error("link " + target.string());
  } else {
    info.created = true;
  }
  if (auto synced = sync_directory(target.parent_path()); !synced) return synced.error();
  return info;  // the destructor removes the temporary name
}

Result<std::unique_ptr<BlobStore::Writer>> BlobStore::writer() const {
  const std::filesystem::path temp = root_ / "tmp" / random_name();
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return io_error("create " + temp.string());
  return std::unique_ptr<Writer>(new Writer(*this, temp, fd));
}

Result<BlobInfo> BlobStore::put(std::string_view bytes) const {
  auto w = writer();
  if (!w) return w.error();
  if (auto written = (*w)->write(bytes); !written) return written.error();
  return (*w)->commit();
}

std::filesystem::path BlobStore::path_of(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) return {};
  return root_ / "sha256" / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

bool BlobStore::contains(std::string_view sha256) const {
  const auto path = path_of(sha256);
  std::error_code ec;
  return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

Result<void> BlobStore::remove(std::string_view sha256) const {
  const auto path = path_of(sha256);
  if (path.empty()) return StoreError{StoreErrorCode::kInvalidArgument, "not a SHA-256 hex digest"};
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (ec) return StoreError{StoreErrorCode::kIo, "remove " + path.string() + ": " + ec.message()};
  return {};
}

Result<BlobStore::Check> BlobStore::check(std::string_view sha256, std::uint64_t size) const {
  const auto path = path_of(sha256);
  if (path.empty()) return Check::kMissing;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Check::kMissing;
    return io_error("open " + path.string());
  }
  Writer::Hasher hasher;
  std::string buffer(1 << 20, '\0');
  std::uint64_t total = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return io_error("read " + path.string(), err);
    }
    if (n == 0) break;
    hasher.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    total += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  return hasher.finish() == sha256 && total == size ? Check::kGood : Check::kWrongContent;
}

}  // namespace ticketd::eventstore
