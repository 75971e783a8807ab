#pragma once
// A forward cursor over the log in position order, for scans too big to
// materialize (exports, projection rebuilds over millions of events). It
// decodes one record at a time into a reused Envelope.
//
// A cursor sees the log as of its creation and stops at the head committed
// then. It pins RocksDB resources (memtables, files) while it lives, so
// destroy it when done. It must not outlive its EventStore. Not thread-safe;
// any number of cursors may run concurrently with each other and with appends.

#include <cstdint>
#include <memory>

#include "eventstore/envelope.h"
#include "eventstore/store_error.h"

namespace ticketd::eventstore {

class Storage;

class LogCursor {
 public:
  // Records with after_position < position <= until_position.
  LogCursor(const Storage& storage, uint64_t after_position, uint64_t until_position);
  ~LogCursor();
  LogCursor(LogCursor&&) noexcept;
  LogCursor& operator=(LogCursor&&) noexcept;

  // Moves to the next record: true when there is one (see envelope()), false
  // at the end. kCorruption if a record does not parse or positions are not
  // consecutive; kIo if RocksDB fails. After an error the cursor stays failed.
  Result<bool> next();

  // The current record; valid after next() returned true, until the next call.
  const Envelope& envelope() const;

  // The position of the current record (after_position before the first).
  uint64_t position() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ticketd::eventstore
