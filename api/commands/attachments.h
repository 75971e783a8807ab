#pragma once
// Uploaded files and what holds them: the uploads waiting for a message, the
// ones messages reference, each tenant's use of its quota, and the
// collection of uploads nobody referenced in time.
//
// An upload's bytes are a blob (eventstore/blob_store.h), committed before
// its record is written; its record is kept in the key store beside the log
// ("upload/<id>"), never in the log, until a message references it: then the
// record is marked referenced *before* the message's events are appended, so
// a crash in between keeps a blob too many, never a reference to a blob that
// was collected. A definite refusal of the message takes the mark back.
// Referenced uploads are never collected; an unreferenced one is collected
// after `unreferenced_ttl`, its blob with it unless another record holds
// the same content.
//
// Thread-safe. The blocking members write the key store (synced) or
// fsync: call them on a pool, never on a connection's thread.

#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/message.h"
#include "domain/result.h"
#include "domain/types.h"
#include "eventstore/blob_store.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

struct AttachmentOptions {
  std::uint64_t max_file_bytes = std::uint64_t{25} << 20;         // per file (413)
  std::uint64_t tenant_quota_bytes = std::uint64_t{10} << 30;     // per tenant, 0: none (413)
  std::chrono::seconds unreferenced_ttl{std::chrono::hours(24)};  // then collected
};

// One upload: the file, whose it is, and until when it waits for a message.
struct Upload {
  domain::Attachment file;
  std::string tenant;
  std::string uploader;  // who may reference it (routes: caller_key of the actor)
  domain::Instant expires_at{};
  bool referenced = false;
  // Its commit stored the blob. Only such an upload takes the blob with it
  // when it is collected: content stored before it (by a message whose
  // upload record is gone, or by ticketctl restore or import, which bring
  // no records) may be referenced by events nothing here counts.
  bool owns_blob = true;
};

class Attachments {
 public:
  // Reads the upload records (counting each tenant's use and each blob's
  // holders). Blocking.
  static domain::Result<std::unique_ptr<Attachments>> open(eventstore::EventStore& store,
                                                           eventstore::BlobStore& blobs,
                                                           AttachmentOptions options);

  eventstore::BlobStore& blobs() { return blobs_; }
  // Where the blocking members and blob commits run.
  boost::asio::thread_pool& pool() { return pool_; }
  const AttachmentOptions& options() const { return options_; }

  // The bytes `tenant` holds (uploads and referenced files).
  std::uint64_t usage(std::string_view tenant) const;
  // kQuotaExceeded when `bytes` more would take `tenant` over its quota.
  domain::Result<void> check_quota(std::string_view tenant, std::uint64_t bytes) const;

  // Blocking. Records an upload whose blob is committed, giving it an id
  // and its expiry (now + unreferenced_ttl). Checks the quota again (two
  // uploads may have raced past the first check). An upload that comes with
  // an id (derived from a request that may be retried, such as a mail's
  // Message-ID) keeps it, and when a record of that id exists already the
  // answer is that record, recorded again nowhere.
  domain::Result<Upload> record(Upload upload, domain::Instant now);

  // Blocking. Commits the file `writer` holds as the upload `draft` (name,
  // tenant, uploader, perhaps an id): its type detected from the content and
  // refused (kTypeNotAllowed) unless `allowed_types` takes it
  // (media_type_allowed), then recorded. A blob this commit stored for a
  // record that was refused is removed again.
  domain::Result<Upload> commit(eventstore::BlobStore::Writer& writer, Upload draft,
                                const std::vector<std::string>& allowed_types, domain::Instant now);
  // Blocking. commit() for a file held whole (a mail's), refused
  // (kAttachmentTooLarge) over max_file_bytes and (kQuotaExceeded) before a
  // byte is written when it would not fit.
  domain::Result<Upload> store(std::string_view content, Upload draft,
                               const std::vector<std::string>& allowed_types, domain::Instant now);

  // Blocking. The files of `ids` for a message by `uploader`, each marked
  // referenced. An id that is unknown, expired, or another uploader's is a
  // field error "attachments[i]" (kValidation, nothing marked).
  domain::Result<std::vector<Upload>> claim(const std::vector<std::string>& ids,
                                            std::string_view uploader, domain::Instant now);
  // Blocking. Takes back the marks of claim() after the message was
  // refused, for the uploads that were not referenced before it.
  void unclaim(const std::vector<Upload>& claimed);

  // The upload with this id (referenced or not); nullopt if none. Blocking.
  std::optional<Upload> find(std::string_view id) const;

  // Blocking. Removes the records of unreferenced uploads expired at `now`,
  // and their blobs that nothing else holds. Answers how many it removed.
  domain::Result<std::size_t> collect(domain::Instant now);

 private:
  Attachments(eventstore::EventStore& store, eventstore::BlobStore& blobs,
              AttachmentOptions options)
      : store_(store), blobs_(blobs), options_(options) {}
  domain::Result<void> put(const Upload& upload);
  domain::Result<void> within_quota(std::uint64_t used, std::uint64_t bytes) const;
  void count(const Upload& upload, int sign);  // mu_ held

  eventstore::EventStore& store_;
  eventstore::BlobStore& blobs_;
  const AttachmentOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::uint64_t> usage_;  // per tenant; mu_
  std::unordered_map<std::string, std::size_t> holders_;  // records per sha256; mu_
  std::set<std::string> claiming_;                        // ids being claimed now; mu_
  // Unreferenced uploads by expiry, for collect(); mu_.
  std::multimap<domain::Instant, std::string> expiring_;
  boost::asio::thread_pool pool_{2};
};

// "25 MiB", "512 KiB", "1000 bytes": a limit as an answer's detail says it.
std::string human_bytes(std::uint64_t bytes);

// A file's size for people: "350 bytes", "2.5 MiB", "98 KiB" (rounded).
std::string file_size_words(std::uint64_t bytes);

// kAttachmentTooLarge: a file over `limit` bytes.
domain::Error too_large_error(std::uint64_t limit);

// A record's encoding in the key store (lines; names hold no line breaks).
std::string encode_upload(const Upload& upload);
std::optional<Upload> decode_upload(std::string_view text);

// The file name as given, made safe to store and to send back: the last
// path segment, control characters and invalid UTF-8 replaced, trimmed,
// at most 255 bytes; "file" when nothing is left.
std::string sanitize_file_name(std::string_view raw);

// The media type of content starting with `head`, from its bytes (libmagic),
// e.g. "image/png", "text/plain"; "application/octet-stream" when unknown.
std::string detect_media_type(std::string_view head);

// Whether `type` is allowed by `allowed`: media types ("application/pdf")
// or families ("image/*"); an empty list allows every type.
bool media_type_allowed(std::string_view type, const std::vector<std::string>& allowed);

}  // namespace ticketd::api
