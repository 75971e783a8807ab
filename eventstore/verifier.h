#pragma once
// `ticketctl verify`'s engine: walks a store and checks everything that makes
// the log trustworthy, on one consistent snapshot (appends may continue).
//
//  1. The log: positions 1..head without gaps, every record parses, says its
//     own position, links to the previous record's hash, and its hash is
//     SHA-256(prev_hash || canonical bytes) (record_codec.h); the chain head
//     in `meta` names the last record and its hash.
//  2. The stream index, both ways: every record's (stream, version) entry
//     points to it; every entry points to a record of that stream and
//     version; each stream's versions run 1..n in log order and its head
//     entry says n.
//  3. The dedup index, both ways: every record's event id maps to it; every
//     entry maps to a record with that event id.

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "eventstore/envelope.h"
#include "eventstore/store_error.h"

namespace ticketd::eventstore {

class Storage;

struct VerifyReport {
  bool ok = false;
  uint64_t events = 0;  // records walked
  uint64_t head = 0;    // chain head position recorded in `meta`
  Hash head_hash{};     // hash of the last record walked
  // The lowest log position found involved in the first problem (the record
  // that is damaged, missing or mis-indexed); nullopt when ok or when the
  // problem names no position.
  std::optional<uint64_t> first_bad_position;
  std::string problem;  // human-readable; empty when ok
};

// Called now and then during the log walk with (records checked, chain head
// position), for progress bars.
using VerifyProgress = std::function<void(uint64_t checked, uint64_t head)>;

// Verifies the store. An unhealthy store is a report with ok == false --
// also when RocksDB finds a block whose checksum does not match (the problem
// then names the table file and offset, and first_bad_position the record
// the walk was reading); an error means the walk itself failed (kIo), or
// kClosed when `stop` was requested before it finished.
Result<VerifyReport> verify_store(const Storage& storage, const VerifyProgress& progress = {},
                                  std::stop_token stop = {});

}  // namespace ticketd::eventstore
