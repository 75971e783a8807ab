#pragma once
// Attachment blobs for ticketctl: which blobs the log's events reference
// (domain::Attachment in MessagePosted and MergeReceived, a tenant's logo in
// TenantLogoSet), and checking or carrying them between blob directories --
// DATA/blobs, a backup's DIR/blobs, an export's --blobs DIR -- all laid out
// as eventstore/blob_store.h describes (<root>/sha256/<2 hex>/<64 hex>).
//
// Checks read a blob directory without opening a BlobStore on it:
// BlobStore::open empties <root>/tmp, which would break the uploads of a
// ticketd running on DATA (verify, backup and export run beside it). Only a
// directory ticketctl writes into is opened as a BlobStore.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/json_writer.h"
#include "eventstore/blob_store.h"
#include "eventstore/event_store.h"
#include "tools/ctl_common.h"

namespace ticketd::tools::ctl {

// One attachment of one event.
struct AttachmentRef {
  std::string stream;
  std::uint64_t position = 0;
  std::string id;
};

// A blob as an event names it: its hash and its size.
struct BlobKey {
  std::string sha256;
  std::uint64_t size = 0;
  auto operator<=>(const BlobKey&) const = default;
};

// The attachments of a set of events, grouped by blob so that each blob is
// read once however many messages (or merged copies of them) name it.
class AttachmentRefs {
 public:
  // Adds the attachments of one event; events of other types, and those
  // written before attachments existed, have none. A body that does not
  // decode is remembered in undecodable().
  void add(std::string_view stream, std::uint64_t position, std::string_view type,
           std::string_view data, std::uint32_t schema_version);
  void add(const eventstore::Envelope& e) {
    add(e.stream, e.position, e.type, e.data, e.schema_version);
  }

  std::uint64_t references() const { return references_; }
  const std::map<BlobKey, std::vector<AttachmentRef>>& blobs() const { return blobs_; }
  // "position P (stream): message" for each event whose body did not decode.
  const std::vector<std::string>& undecodable() const { return undecodable_; }

 private:
  std::uint64_t references_ = 0;
  std::map<BlobKey, std::vector<AttachmentRef>> blobs_;
  std::vector<std::string> undecodable_;
};

// Adds the attachments of every event of `store` up to position `until`.
// kIo or kCorruption when the log cannot be read.
eventstore::Result<void> collect_attachments(const eventstore::EventStore& store,
                                             std::uint64_t until, AttachmentRefs& refs,
                                             Progress& progress);

enum class BlobState { kGood, kMissing, kWrongContent };

// What checking or carrying the blobs of an AttachmentRefs found.
struct BlobReport {
  struct Problem {
    AttachmentRef ref;
    BlobKey blob;
    BlobState state = BlobState::kMissing;
  };
  std::filesystem::path root;            // where the blobs were looked for
  std::uint64_t references = 0;          // attachments
  std::uint64_t blobs = 0;               // distinct blobs they name
  std::uint64_t missing = 0;             // distinct blobs
  std::uint64_t damaged = 0;             // distinct blobs
  std::uint64_t copied = 0;              // written into the target (carry_blobs)
  std::vector<Problem> problems;         // one per attachment of a missing or damaged blob
  std::vector<std::string> undecodable;  // from AttachmentRefs
  std::vector<std::string> written;      // sha256 of each blob carry_blobs wrote
  bool ok() const { return missing == 0 && damaged == 0 && undecodable.empty(); }
};

// Reads each blob of `refs` once from the blob directory `root` and
// compares its content with its hash and size. kIo when a blob exists but
// cannot be read.
eventstore::Result<BlobReport> check_blobs(const AttachmentRefs& refs,
                                           const std::filesystem::path& root, Progress& progress);

// Copies each blob of `refs` from the blob directory `from` into `to`,
// checking the bytes on the way: one that is missing or does not hash to its
// name is reported and not written. A blob already in `to` with its size is
// kept as it is (content-addressed: same name, same bytes) and needs no
// source. Blocking (each copy is fsynced, as BlobStore::Writer::commit
// does). kIo when reading or writing fails.
eventstore::Result<BlobReport> carry_blobs(const AttachmentRefs& refs,
                                           const std::filesystem::path& from,
                                           const eventstore::BlobStore& to, Progress& progress);

// How many of the blobs of `refs` have no file in the blob directory `root`
// (by name only: contents are not read).
std::uint64_t count_absent(const AttachmentRefs& refs, const std::filesystem::path& root);

// Removes the blobs carry_blobs wrote (a refused import takes them back).
void remove_written(const BlobReport& report, const eventstore::BlobStore& to);

// One line per problem, e.g. "attachment att_1 (ticket-x, position 12):
// missing: no blob <sha256> in DATA/blobs".
std::vector<std::string> problem_lines(const BlobReport& report);

// "attachments: N referenced, M distinct blobs, all present and matching",
// or with the counts of missing and damaged blobs.
std::string summary_line(const BlobReport& report);

// The "attachments" member of verify's --json output: {referenced, blobs,
// missing, damaged, problems: [{stream, position, attachment_id, sha256,
// size, problem: "missing"|"wrong_content"}], undecodable: [...]}.
void write_blob_json(domain::JsonWriter& w, const BlobReport& report);

}  // namespace ticketd::tools::ctl
