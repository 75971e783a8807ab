#include "eventstore/batch_committer.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/request_validation.h"

namespace ticketd::eventstore {
namespace {

// Past this many cached stream versions the cache starts over; the `streams`
// column family is the truth, the cache only saves lookups.
constexpr size_t kMaxCachedStreams = size_t{1} << 20;

StoreError error(StoreErrorCode code, std::string message) {
  return make_store_error(code, std::move(message));
}

uint64_t nanos_since(std::chrono::steady_clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
}

}  // namespace

BatchCommitter::BatchCommitter(Storage& storage, ChainHead head,
                               std::function<void(std::string_view)> log)
    : storage_(storage), log_(std::move(log)), head_(head.position), chain_hash_(head.hash) {}

uint64_t BatchCommitter::commit(std::span<PendingAppend> batch) {
  const auto start = std::chrono::steady_clock::now();
  ++epoch_;
  add(stats_.batches, 1);
  add(stats_.requests, batch.size());
  outcomes_.assign(batch.size(), Outcome::kFailed);
  if (failed_) {
    for (size_t i = 0; i < batch.size(); ++i) {
      fail(batch[i], i, error(StoreErrorCode::kIo, failure_));
    }
    return head_;
  }
  if (streams_.size() > kMaxCachedStreams) streams_.clear();
  write_batch_.Clear();
  in_batch_.clear();
  touched_streams_.clear();
  touched_counters_.clear();

  const uint64_t head_before = head_;
  const Hash hash_before = chain_hash_;
  collect_names(batch);
  lookup_dedup();
  for (size_t i = 0; i < batch.size(); ++i) {
    if (shapes_[i].valid) process(batch[i], i);
  }
  add(stats_.decide_nanos, nanos_since(start));
  if (head_ != head_before) write_and_settle(batch, head_before, hash_before);
  return head_;
}

WriterStats BatchCommitter::stats() const {
  WriterStats s;
  s.batches = stats_.batches.load(std::memory_order_relaxed);
  s.requests = stats_.requests.load(std::memory_order_relaxed);
  s.events = stats_.events.load(std::memory_order_relaxed);
  s.write_failures = stats_.write_failures.load(std::memory_order_relaxed);
  s.decide_nanos = stats_.decide_nanos.load(std::memory_order_relaxed);
  s.write_nanos = stats_.write_nanos.load(std::memory_order_relaxed);
  return s;
}

// Validates each request and copies its stream names and event ids into one
// buffer: they key the dedup lookup and the in-batch index, and they are what
// a finalize callback must leave unchanged.
void BatchCommitter::collect_names(std::span<PendingAppend> batch) {
  shapes_.assign(batch.size(), Shape{});
  size_t bytes = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    PendingAppend& p = batch[i];
    if (auto err = validate_request(p.request)) {
      fail(p, i, std::move(*err));
      continue;
    }
    shapes_[i].valid = true;
    for (const StreamAppend& sa : p.request.streams) {
      bytes += sa.stream.size();
      for (const NewEvent& e : sa.events) bytes += e.event_id.size();
    }
  }
  names_.clear();
  names_.reserve(bytes);  // no reallocation below: the views stay valid
  stream_names_.clear();
  ids_.clear();
  auto copy = [this](const std::string& s) {
    size_t at = names_.size();
    names_.append(s);
    return std::string_view(names_).substr(at, s.size());
  };
  for (size_t i = 0; i < batch.size(); ++i) {
    Shape& shape = shapes_[i];
    if (!shape.valid) continue;
    shape.first_stream = stream_names_.size();
    shape.first_id = ids_.size();
    for (const StreamAppend& sa : batch[i].request.streams) {
      stream_names_.push_back(copy(sa.stream));
      for (const NewEvent& e : sa.events) ids_.push_back(copy(e.event_id));
    }
    shape.stream_count = stream_names_.size() - shape.first_stream;
    shape.id_count = ids_.size() - shape.first_id;
  }
}

// One MultiGet for every event id of the batch.
void BatchCommitter::lookup_dedup() {
  const size_t n = ids_.size();
  dedup_keys_.clear();
  for (std::string_view id : ids_) dedup_keys_.emplace_back(id.data(), id.size());
  if (dedup_values_.size() < n) dedup_values_.resize(n);
  for (size_t k = 0; k < n; ++k) dedup_values_[k].Reset();
  dedup_statuses_.assign(n, rocksdb::Status());
  if (n == 0) return;
  storage_.db()->MultiGet(rocksdb::ReadOptions(), storage_.dedup(), n, dedup_keys_.data(),
                          dedup_values_.data(), dedup_statuses_.data());
}

void BatchCommitter::process(PendingAppend& p, size_t index) {
  const Shape& shape = shapes_[index];
  AppendRequest& request = p.request;

  size_t seen = 0;
  for (size_t k = shape.first_id; k < shape.first_id + shape.id_count; ++k) {
    const rocksdb::Status& s = dedup_statuses_[k];
    if (s.ok() || in_batch_.contains(ids_[k])) {
      ++seen;
    } else if (!s.IsNotFound()) {
      fail(p, index, storage_error(s, "dedup lookup"));
      return;
    }
  }
  if (seen == shape.id_count) {
    process_duplicate(p, index);
    return;
  }
  if (seen > 0) {
    fail(p, index,
         error(StoreErrorCode::kDuplicateMismatch, std::to_string(seen) + " of the " +
                                                       std::to_string(shape.id_count) +
                                                       " event ids are already stored"));
    return;
  }

  request_streams_.clear();
  for (const StreamAppend& sa : request.streams) {
    auto entry = load(streams_, sa.stream, storage_.streams(), &keys::stream_head_key);
    if (!entry) {
      fail(p, index, std::move(entry.error()));
      return;
    }
    uint64_t current = (*entry)->second.value;
    if (!sa.expected.matches(current)) {
      fail(p, index,
           error(StoreErrorCode::kWrongExpectedVersion,
                 "stream " + sa.stream + " is at version " + std::to_string(current) +
                     ", expected " + sa.expected.to_string()));
      return;
    }
    request_streams_.push_back(*entry);
  }

  CacheEntry* counter = nullptr;
  uint64_t counter_value = 0;
  if (!request.counter.empty()) {
    auto entry = load(counters_, request.counter, storage_.meta(), &keys::counter_key);
    if (!entry) {
      fail(p, index, std::move(entry.error()));
      return;
    }
    counter = *entry;
    counter_value = counter->second.value + 1;
  }

  if (request.finalize) {
    try {
      request.finalize(counter_value, request.streams);
    } catch (const std::exception& e) {
      fail(p, index,
           error(StoreErrorCode::kInvalidArgument, std::string("finalize threw: ") + e.what()));
      return;
    } catch (...) {
      fail(p, index, error(StoreErrorCode::kInvalidArgument, "finalize threw"));
      return;
    }
    if (!same_shape(request, shape)) {
      fail(p, index,
           error(StoreErrorCode::kInvalidArgument,
                 "finalize changed the streams or event ids of the append"));
      return;
    }
    if (auto err = validate_event_fields(request)) {
      fail(p, index, std::move(*err));
      return;
    }
  }

  // Accepted: nothing below can fail.
  AppendResult result;
  result.first_position = head_ + 1;
  result.counter_value = counter_value;
  result.stream_versions.reserve(request.streams.size());
  size_t k = shape.first_id;
  for (size_t j = 0; j < request.streams.size(); ++j) {
    const StreamAppend& sa = request.streams[j];
    CacheEntry* stream = request_streams_[j];
    for (const NewEvent& e : sa.events) {
      const uint64_t position = ++head_;
      const uint64_t version = ++stream->second.value;
      record_.clear();
      chain_hash_ =
          append_record(record_, record_view(position, sa.stream, version, e), chain_hash_, sha_);
      key_.clear();
      keys::put_u64be(key_, position);
      write_batch_.Put(storage_.log(), key_, record_);
      key_.clear();
      keys::append_stream_entry_key(key_, sa.stream, version);
      value_.clear();
      keys::put_u64be(value_, position);
      write_batch_.Put(storage_.streams(), key_, value_);
      if (counter != nullptr) keys::put_u64be(value_, counter_value);
      write_batch_.Put(storage_.dedup(), e.event_id, value_);
      in_batch_.emplace(ids_[k], InBatch{position, version, stream_names_[shape.first_stream + j],
                                         counter_value});
      ++k;
    }
    touch(stream, touched_streams_);
    result.stream_versions.push_back(stream->second.value);
  }
  if (counter != nullptr) {
    counter->second.value = counter_value;
    touch(counter, touched_counters_);
  }
  result.last_position = head_;
  p.result = std::move(result);
  outcomes_[index] = Outcome::kCommitted;
}

// Every event id is stored already (or earlier in this batch): answer with the
// original append, provided each event went to the stream it names now.
void BatchCommitter::process_duplicate(PendingAppend& p, size_t index) {
  const Shape& shape = shapes_[index];
  AppendResult result;
  result.duplicate = true;
  result.first_position = UINT64_MAX;
  bool depends_on_batch = false;
  size_t k = shape.first_id;
  for (const StreamAppend& sa : p.request.streams) {
    uint64_t last_version = 0;
    for (size_t n = 0; n < sa.events.size(); ++n, ++k) {
      InBatch original{};
      if (auto it = in_batch_.find(ids_[k]); it != in_batch_.end()) {
        original = it->second;
        depends_on_batch = true;
      } else {
        const rocksdb::PinnableSlice& v = dedup_values_[k];
        if (v.size() != 8 && v.size() != 16) {
          fail(p, index,
               error(StoreErrorCode::kCorruption, "bad dedup entry for " + std::string(ids_[k])));
          return;
        }
        original.position = keys::get_u64be(v.data());
        original.counter_value = v.size() == 16 ? keys::get_u64be(v.data() + 8) : 0;
        std::string record;
        rocksdb::Status s = storage_.db()->Get(rocksdb::ReadOptions(), storage_.log(),
                                               keys::log_key(original.position), &record);
        if (!s.ok()) {
          fail(p, index,
               s.IsNotFound()
                   ? error(StoreErrorCode::kCorruption, "dedup entry points to a missing record")
                   : storage_error(s, "read original record"));
          return;
        }
        if (auto d = decode_record(record, scratch_envelope_); !d) {
          fail(p, index, std::move(d.error()));
          return;
        }
        original.version = scratch_envelope_.version;
        original.stream = scratch_envelope_.stream;
      }
      if (original.stream != sa.stream) {
        fail(p, index,
             error(StoreErrorCode::kDuplicateMismatch,
                   "event " + std::string(ids_[k]) + " is stored in another stream"));
        return;
      }
      result.first_position = std::min(result.first_position, original.position);
      result.last_position = std::max(result.last_position, original.position);
      result.counter_value = original.counter_value;
      last_version = std::max(last_version, original.version);
    }
    result.stream_versions.push_back(last_version);
  }
  p.result = std::move(result);
  outcomes_[index] = depends_on_batch ? Outcome::kDuplicateInBatch : Outcome::kDuplicateOfStored;
}

bool BatchCommitter::same_shape(const AppendRequest& request, const Shape& shape) const {
  size_t k = shape.first_id;
  size_t total = 0;
  for (const StreamAppend& sa : request.streams) total += sa.events.size();
  if (total != shape.id_count) return false;
  if (request.streams.size() != shape.stream_count) return false;
  for (size_t j = 0; j < request.streams.size(); ++j) {
    const StreamAppend& sa = request.streams[j];
    if (sa.stream != stream_names_[shape.first_stream + j]) return false;
    for (const NewEvent& e : sa.events) {
      if (e.event_id != ids_[k++]) return false;
    }
  }
  return true;
}

void BatchCommitter::write_and_settle(std::span<PendingAppend> batch, uint64_t head_before,
                                      const Hash& hash_before) {
  for (CacheEntry* s : touched_streams_) {
    value_.clear();
    keys::put_u64be(value_, s->second.value);
    write_batch_.Put(storage_.streams(), keys::stream_head_key(s->first), value_);
  }
  for (CacheEntry* c : touched_counters_) {
    value_.clear();
    keys::put_u64be(value_, c->second.value);
    write_batch_.Put(storage_.meta(), keys::counter_key(c->first), value_);
  }
  value_.clear();
  keys::put_u64be(value_, head_);
  value_.append(reinterpret_cast<const char*>(chain_hash_.data()), chain_hash_.size());
  write_batch_.Put(storage_.meta(), keys::kChainKey, value_);

  rocksdb::WriteOptions options;
  options.sync = true;
  const auto start = std::chrono::steady_clock::now();
  rocksdb::Status s = storage_.db()->Write(options, &write_batch_);
  add(stats_.write_nanos, nanos_since(start));
  if (s.ok()) {
    add(stats_.events, head_ - head_before);
    return;
  }
  add(stats_.write_failures, 1);

  // Nobody gets an acknowledgement, and the in-memory state returns to what
  // is on disk: head and chain as before the batch, caches reloaded lazily.
  StoreError err = storage_error(s, "append batch write");
  if (log_) log_(err.message);
  for (size_t i = 0; i < batch.size(); ++i) {
    if (outcomes_[i] == Outcome::kCommitted || outcomes_[i] == Outcome::kDuplicateInBatch) {
      fail(batch[i], i, err);
    }
  }
  head_ = head_before;
  chain_hash_ = hash_before;
  streams_.clear();
  counters_.clear();
  rocksdb::Status resumed = storage_.db()->Resume();
  if (!resumed.ok()) {
    failed_ = true;
    failure_ = "the store stopped after a failed write (" + err.message + "); reopen it";
    if (log_) log_(failure_ + "; resume: " + resumed.ToString());
  }
}

Result<BatchCommitter::CacheEntry*> BatchCommitter::load(
    Cache& cache, std::string_view name, rocksdb::ColumnFamilyHandle* cf,
    std::string (*make_key)(std::string_view)) {
  if (auto it = cache.find(name); it != cache.end()) return &*it;
  std::string value;
  rocksdb::Status s = storage_.db()->Get(rocksdb::ReadOptions(), cf, make_key(name), &value);
  uint64_t current = 0;
  if (s.ok()) {
    if (value.size() != 8) {
      return error(StoreErrorCode::kCorruption, "bad stored value for " + std::string(name));
    }
    current = keys::get_u64be(value.data());
  } else if (!s.IsNotFound()) {
    return storage_error(s, "read " + std::string(name));
  }
  auto [it, inserted] = cache.emplace(std::string(name), Cached{current, 0});
  return &*it;
}

void BatchCommitter::touch(CacheEntry* entry, std::vector<CacheEntry*>& touched) {
  if (entry->second.epoch == epoch_) return;
  entry->second.epoch = epoch_;
  touched.push_back(entry);
}

void BatchCommitter::fail(PendingAppend& p, size_t index, StoreError error) {
  p.result = std::move(error);
  outcomes_[index] = Outcome::kFailed;
}

}  // namespace ticketd::eventstore
