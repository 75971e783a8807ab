#pragma once
// What, besides the event log itself, remembers how far the log reached:
// each view's checkpoint (DATA/projections), the outbox's
// (DATA/outbox/checkpoint.json) and the newest signed checkpoint
// (DATA/checkpoints), with the hash of the record at its position. Each is
// written only after the events it covers were durable, so a log whose head
// is below any of them, or whose record there hashes differently, has lost
// acknowledged events (or had history rewritten). ticketd compares them
// with the log before it serves (log_guard.h).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "api/audit/chain_checkpointer.h"
#include "api/audit/checkpoint_signature.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// One record of how far the log reached.
struct HeadWitness {
  std::string name;            // "view queue", "outbox", "signed checkpoint <file>"
  std::uint64_t position = 0;  // the log position it saw
};

struct HeadEvidence {
  std::vector<HeadWitness> witnesses;
  // The newest signed checkpoint whose signature verifies (with the public
  // key in DATA/keys; unchecked when there is none) and where it lies.
  std::optional<Checkpoint> checkpoint;
  std::filesystem::path checkpoint_file;
  // Evidence that could not be read or trusted, and is not held against
  // the log.
  std::vector<std::string> notes;

  // The highest position a witness saw; 0 when there is none.
  std::uint64_t highest() const;
};

// Reads the evidence in `data_dir`. Never fails: what cannot be read
// becomes a note. Opens DATA/projections (if it exists) and closes it again,
// so call it before the projections are opened.
HeadEvidence gather_head_evidence(const std::filesystem::path& data_dir);

// What in `evidence` the log in `store` contradicts, one sentence each
// (with positions): a witness beyond its head, a signed checkpoint whose
// record hashes differently. Empty when the log agrees with everything.
std::vector<std::string> contradictions(const eventstore::EventStore& store,
                                        const HeadEvidence& evidence);

// Whether the signed checkpoint `c` agrees with the log: its position is
// within the head and the record there has its hash. A log that cannot be
// read there counts as disagreeing (`why` says so).
bool checkpoint_agrees(const eventstore::EventStore& store, const Checkpoint& c, std::string* why);

}  // namespace ticketd::api
