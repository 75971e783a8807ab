#pragma once
// The blob store beside the log: files (attachments) named by the SHA-256 of
// their content, under <root>/sha256/<first two hex digits>/<64 hex digits>.
// The log's events name a blob by its hash and never carry its bytes.
//
// A blob is written to a temporary file in <root>/tmp, fsynced, renamed to
// its name and its directory fsynced: once commit() returns, the blob
// survives a crash, and before it nothing under sha256/ names it, so a
// reader never sees half a file under a hash. The same content written twice
// is stored once (the second commit finds the name taken and drops its
// copy). Temporary files left by a crash are removed by open().
//
// Thread-safe: writers are independent; commits of the same content may
// race and both succeed.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "eventstore/store_error.h"

namespace ticketd::eventstore {

struct BlobInfo {
  std::string sha256;  // lower-case hex, 64 characters
  std::uint64_t size = 0;
  // This commit put the content there; false when it was stored already
  // (by another upload, a restore or an import).
  bool created = false;
};

class BlobStore {
 public:
  // Creates <root>, <root>/sha256 and <root>/tmp when missing and empties
  // <root>/tmp. kIo when the file system refuses.
  static Result<std::unique_ptr<BlobStore>> open(const std::filesystem::path& root);

  // One blob being written. Not thread-safe; dropping it uncommitted
  // removes its temporary file.
  class Writer {
   public:
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    // Appends `bytes` (and hashes them). kIo when the write fails.
    Result<void> write(std::string_view bytes);
    std::uint64_t size() const { return size_; }
    // The first bytes written, up to kHeadBytes: what a type detector reads.
    const std::string& head() const { return head_; }
    static constexpr std::size_t kHeadBytes = 64 * 1024;
    // Blocking (fsyncs). Makes the blob durable under its hash; the writer
    // is spent afterwards.
    Result<BlobInfo> commit();

   private:
    friend class BlobStore;
    struct Hasher;
    Writer(const BlobStore& store, std::filesystem::path temp, int fd);
    const BlobStore& store_;
    std::filesystem::path temp_;
    int fd_ = -1;
    std::unique_ptr<Hasher> hasher_;
    std::uint64_t size_ = 0;
    std::uint64_t written_back_ = 0;  // handed to write-back (sync_file_range)
    std::string head_;
    bool committed_ = false;
  };

  // A writer on a fresh temporary file.
  Result<std::unique_ptr<Writer>> writer() const;
  // Blocking: writes and commits `bytes` at once (a mail's attachment).
  Result<BlobInfo> put(std::string_view bytes) const;

  // Where the blob of `sha256` (lower-case hex) is, whether or not it exists.
  // An argument that is not 64 hex digits gives an empty path.
  std::filesystem::path path_of(std::string_view sha256) const;
  bool contains(std::string_view sha256) const;
  // Removes the blob (absent is no error).
  Result<void> remove(std::string_view sha256) const;

  enum class Check { kGood, kMissing, kWrongContent };
  // Reads the whole blob and compares its hash with its name; kIo when it
  // exists but cannot be read.
  Result<Check> check(std::string_view sha256, std::uint64_t size) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

// Whether `text` is 64 lower-case hex digits.
bool is_sha256_hex(std::string_view text);

}  // namespace ticketd::eventstore
