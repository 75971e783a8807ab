#pragma once
// Carrying out a log loss an operator accepted (ticketd --accept-log-loss,
// log_guard.h): the log continues from the head that survived, and the rest
// of the data directory is made to agree with it.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "domain/result.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// The stream and type of the event that records an accepted loss.
inline constexpr std::string_view kOperationsStream = "operations";
inline constexpr std::string_view kLogLossAcceptedType = "LogLossAccepted";

struct LogLoss {
  std::uint64_t surviving_head = 0;
  // The highest position any witness saw (head_evidence.h); may be at or
  // below the head when only the write-ahead log showed the damage.
  std::uint64_t highest_known_position = 0;
  std::string wal_damage;             // RocksDB's message; empty when the WAL was whole
  std::vector<std::string> findings;  // head_evidence.h's contradictions
};

// With `store` opened at loss.surviving_head:
//  1. appends a LogLossAccepted event (stream "operations", actor
//     operator/system) with the loss in its data, so the log itself says
//     where it was cut and what the evidence showed;
//  2. moves the signed checkpoints the log contradicts (beyond its head,
//     or another hash at their position) into
//     DATA/checkpoints/lost-at-<head>/, kept for auditors, where neither
//     verify nor the checkpointer (which would overwrite <position>.json)
//     meets them;
//  3. rewinds the outbox checkpoint to the head, so events appended from
//     now on are not skipped as already decided;
//  4. removes DATA/projections: the views are rebuilt from the log on start;
//  5. writes one JSON line, {"time", "log_loss_accepted": {...}}, on `err`.
// An error leaves the rest undone; ticketd then fails to start, and a
// restart finds (and reports) whatever still disagrees.
domain::Result<void> accept_log_loss(eventstore::EventStore& store,
                                     const std::filesystem::path& data_dir, const LogLoss& loss,
                                     std::ostream& err);

}  // namespace ticketd::api
