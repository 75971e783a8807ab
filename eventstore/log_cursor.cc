#include "eventstore/log_cursor.h"

#include <rocksdb/db.h>

#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/storage.h"

namespace ticketd::eventstore {

struct LogCursor::State {
  std::string lower;
  std::string upper;
  rocksdb::Slice upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;
  Envelope current;
  uint64_t position = 0;  // of `current`, or after_position before the first
  bool started = false;
  bool at_end = false;
  bool failed = false;
  StoreError error;
};

LogCursor::LogCursor(const Storage& storage, uint64_t after_position, uint64_t until_position)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.position = after_position;
  if (after_position >= until_position) {  // nothing to read (and after + 1 may not exist)
    s.at_end = true;
    return;
  }
  s.lower = keys::log_key(after_position + 1);
  s.upper = keys::log_key(until_position + 1);
  s.upper_slice = rocksdb::Slice(s.upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &s.upper_slice;
  options.fill_cache = false;  // a long scan should not evict the hot set
  options.readahead_size = size_t{2} << 20;
  s.it.reset(storage.db()->NewIterator(options, storage.log()));
}

LogCursor::~LogCursor() = default;
LogCursor::LogCursor(LogCursor&&) noexcept = default;
LogCursor& LogCursor::operator=(LogCursor&&) noexcept = default;

Result<bool> LogCursor::next() {
  State& s = *state_;
  if (s.failed) return s.error;
  if (s.at_end) return false;
  if (s.started) {
    s.it->Next();
  } else {
    s.started = true;
    s.it->Seek(s.lower);
  }
  auto fail = [&s](StoreError e) -> Result<bool> {
    s.failed = true;
    s.error = e;
    return e;
  };
  if (!s.it->Valid()) {
    if (!s.it->status().ok()) return fail(storage_error(s.it->status(), "log scan"));
    s.at_end = true;
    s.it.reset();  // release what the iterator pins as soon as possible
    return false;
  }
  rocksdb::Slice key = s.it->key();
  const uint64_t expected = s.position + 1;
  if (key.size() != 8 || keys::get_u64be(key.data()) != expected) {
    return fail(make_store_error(StoreErrorCode::kCorruption,
                                 "log position " + std::to_string(expected) + " is missing"));
  }
  rocksdb::Slice value = s.it->value();
  if (auto d = decode_record(std::string_view(value.data(), value.size()), s.current); !d) {
    return fail(make_store_error(StoreErrorCode::kCorruption,
                                 "record " + std::to_string(expected) + ": " + d.error().message));
  }
  if (s.current.position != expected) {
    return fail(make_store_error(StoreErrorCode::kCorruption,
                                 "record under key " + std::to_string(expected) +
                                     " says position " + std::to_string(s.current.position)));
  }
  s.position = expected;
  return true;
}

const Envelope& LogCursor::envelope() const { return state_->current; }

uint64_t LogCursor::position() const { return state_->position; }

}  // namespace ticketd::eventstore
