#pragma once
// ticketd's start-up guard of the event log: acknowledged events never
// disappear without a word. open_checked_log() opens DATA/log strictly (a
// damaged record in RocksDB's write-ahead log fails the open instead of
// being replayed up to and silently cut off, eventstore/options.h) and
// compares it with what else remembers how far it reached
// (head_evidence.h). When the log is damaged, behind a witness, or does not
// hash as a signed checkpoint says, it refuses: it prints what it found
// (with positions), how to restore from a backup, and the flag that accepts
// the loss, changes nothing, and fails.
//
// With `accept_loss_at` equal to the head the log can continue from (the
// refusal prints it; a value, not a bare switch, so that a flag left in a
// service file cannot accept a later loss unseen) it opens with RocksDB's
// point-in-time recovery instead and makes the data directory agree with
// the surviving log (log_loss.h).

#include <boost/system/result.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include "domain/result.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// ticketd's exit status when the log lost acknowledged events (or was
// altered) and the loss was not accepted; 1 is every other start failure.
inline constexpr int kExitLogDamaged = 3;

// Why ticketd must not start; the reason is already on the error stream.
struct [[nodiscard]] LogRefusal {
  int exit_code = 1;
};

// Lets result<T, LogRefusal>::value() throw (a programming error).
[[noreturn]] void throw_exception_from_error(const LogRefusal& e,
                                             const boost::source_location& loc);

using CheckedLog = domain::BasicResult<std::unique_ptr<eventstore::EventStore>, LogRefusal>;

// Opens `data_dir`/log for serving (see above). `options.recovery` is
// ignored: the guard chooses. Messages go to `err`. Call it before the
// projections are opened (it reads, and on an accepted loss removes,
// DATA/projections).
CheckedLog open_checked_log(const std::filesystem::path& data_dir, eventstore::Options options,
                            std::optional<std::uint64_t> accept_loss_at, std::ostream& err);

}  // namespace ticketd::api
