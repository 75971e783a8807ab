#pragma once
// The binary record stored under each `log` key, and the hash chain over it.
// Auditors re-implement this; the layout below is the contract.
//
// Record format 1. Integers are big-endian; a "str" is a u32 byte length
// followed by that many bytes (no terminator, no character-set check).
//
//   offset  field
//   0       u8   record format = 1
//   1       u64  position          global log position, 1, 2, 3 ...
//   9       str  stream
//           u64  version           version within the stream, 1, 2, 3 ...
//           str  event_id
//           str  type
//           str  tenant
//           str  actor.id
//           str  actor.role
//           i64  occurred_at_ms    two's complement, UTC ms since the epoch
//           str  correlation_id
//           u32  schema_version
//           str  data              the JSON payload bytes
//           [32] prev_hash         hash of the record at position - 1; 32 zero bytes at 1
//           [32] hash
//
// The "canonical bytes" of a record are all of it except the last 64 bytes
// (every envelope field except prev_hash and hash), and
//
//   hash = SHA-256(prev_hash || canonical bytes)
//
// so the hash of the newest record commits to the whole history: any edit,
// deletion, insertion or reordering of records breaks the chain.

#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/append_request.h"
#include "eventstore/envelope.h"
#include "eventstore/sha256.h"
#include "eventstore/store_error.h"

namespace ticketd::eventstore {

inline constexpr uint8_t kRecordFormat = 1;
inline constexpr size_t kHashBytes = 32;

// The fields that make up the canonical bytes, borrowed from the caller.
struct RecordView {
  uint64_t position = 0;
  std::string_view stream;
  uint64_t version = 0;
  std::string_view event_id;
  std::string_view type;
  std::string_view tenant;
  std::string_view actor_id;
  std::string_view actor_role;
  int64_t occurred_at_ms = 0;
  std::string_view correlation_id;
  uint32_t schema_version = 0;
  std::string_view data;
};

RecordView record_view(const Envelope& e);
RecordView record_view(uint64_t position, std::string_view stream, uint64_t version,
                       const NewEvent& e);

// Appends the canonical bytes of r to out.
void append_canonical(std::string& out, const RecordView& r);

// Appends the full record of r to out (canonical bytes, prev_hash, hash) and
// returns its hash. `sha` is scratch state.
Hash append_record(std::string& out, const RecordView& r, const Hash& prev_hash, Sha256& sha);

// The canonical bytes of a stored record (everything but the two hashes);
// empty if the record is too short to hold them.
std::string_view canonical_part(std::string_view record);

// Parses a stored record into out, reusing out's string capacity (handy in
// long scans). Does not check the hash. kCorruption when the bytes do not
// parse exactly (truncated, trailing bytes, unknown format).
Result<void> decode_record(std::string_view record, Envelope& out);

}  // namespace ticketd::eventstore
