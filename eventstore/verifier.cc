#include "eventstore/verifier.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <memory>

#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"
#include "eventstore/storage.h"

namespace ticketd::eventstore {
namespace {

// One verification walk over a snapshot. Each check returns Result<bool>:
// an error when RocksDB fails, false when it recorded a problem.
class Walk {
 public:
  Walk(const Storage& storage, const VerifyProgress& progress, std::stop_token stop)
      : storage_(storage),
        progress_(progress),
        stop_(std::move(stop)),
        snapshot_(storage.db()->GetSnapshot()) {
    read_.snapshot = snapshot_;
    read_.fill_cache = false;
  }
  ~Walk() { storage_.db()->ReleaseSnapshot(snapshot_); }
  Walk(const Walk&) = delete;
  Walk& operator=(const Walk&) = delete;

  Result<VerifyReport> run() {
    for (auto check : {&Walk::check_log, &Walk::check_streams, &Walk::check_dedup}) {
      auto passed = (this->*check)();
      if (!passed && passed.error().code == StoreErrorCode::kCorruption) {
        // RocksDB found stored bytes that fail their checksum (its message
        // names the table file and offset): damage to report, where the walk
        // had got to, not a store that cannot be read.
        problem(reading_, passed.error().message);
        return report_;
      }
      if (!passed) return passed.error();
      if (!*passed) return report_;
    }
    report_.ok = true;
    return report_;
  }

 private:
  static StoreError stopped() { return {StoreErrorCode::kClosed, "verification stopped"}; }

  bool problem(std::optional<uint64_t> position, std::string text) {
    report_.first_bad_position = position;
    report_.problem = std::move(text);
    return false;
  }

  // The value under key, nullopt when absent.
  Result<std::optional<std::string>> get(rocksdb::ColumnFamilyHandle* cf, std::string_view key) {
    std::string value;
    rocksdb::Status s = storage_.db()->Get(read_, cf, key, &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return storage_error(s, "verify read");
    return std::optional<std::string>(std::move(value));
  }

  // Checked at the first step (counting from 1) and every 4096th of each
  // walk: a stop request ends it with kClosed (a server shutting down does
  // not wait for a long walk).
  bool stop_requested(uint64_t step) const { return step % 4096 == 1 && stop_.stop_requested(); }

  std::unique_ptr<rocksdb::Iterator> iterate(rocksdb::ColumnFamilyHandle* cf) {
    return std::unique_ptr<rocksdb::Iterator>(storage_.db()->NewIterator(read_, cf));
  }

  Result<bool> check_log() {
    auto chain = get(storage_.meta(), keys::kChainKey);
    if (!chain) return chain.error();
    uint64_t meta_position = 0;
    Hash meta_hash{};
    if (chain->has_value()) {
      const std::string& v = **chain;
      if (v.size() != 8 + kHashBytes) return problem(std::nullopt, "malformed chain head in meta");
      meta_position = keys::get_u64be(v.data());
      std::copy(v.begin() + 8, v.end(), meta_hash.begin());
    }
    report_.head = meta_position;

    Sha256 sha;
    Envelope env;
    Hash prev{};
    uint64_t expected = 1;
    reading_ = expected;
    auto it = iterate(storage_.log());
    for (it->SeekToFirst(); it->Valid(); it->Next(), reading_ = ++expected) {
      const rocksdb::Slice key = it->key();
      const std::string_view record(it->value().data(), it->value().size());
      const std::string at = std::to_string(expected);
      if (key.size() != 8)
        return problem(expected,
                       "malformed log key after position " + std::to_string(expected - 1));
      const uint64_t position = keys::get_u64be(key.data());
      if (position != expected)
        return problem(expected, "position " + at + " is missing from the log");
      if (auto d = decode_record(record, env); !d) {
        return problem(position, "record " + at + " does not parse: " + d.error().message);
      }
      if (env.position != position) {
        return problem(position,
                       "record under key " + at + " says position " + std::to_string(env.position));
      }
      if (env.prev_hash != prev) {
        return problem(position,
                       "record " + at + " does not link to the hash of the record before it");
      }
      if (sha.digest(prev, canonical_part(record)) != env.hash) {
        return problem(position, "record " + at + " does not match its hash");
      }
      auto entry = get(storage_.streams(), keys::stream_entry_key(env.stream, env.version));
      if (!entry) return entry.error();
      if (!entry->has_value() || (*entry)->size() != 8 ||
          keys::get_u64be((*entry)->data()) != position) {
        return problem(position, "stream index entry of " + env.stream + " version " +
                                     std::to_string(env.version) + " does not point to record " +
                                     at);
      }
      auto dedup = get(storage_.dedup(), env.event_id);
      if (!dedup) return dedup.error();
      if (!dedup->has_value() || ((*dedup)->size() != 8 && (*dedup)->size() != 16) ||
          keys::get_u64be((*dedup)->data()) != position) {
        return problem(position,
                       "dedup entry of event " + env.event_id + " does not point to record " + at);
      }
      prev = env.hash;
      ++report_.events;
      if (progress_ && report_.events % 4096 == 0) progress_(report_.events, meta_position);
      if (stop_requested(report_.events)) return stopped();
    }
    if (!it->status().ok()) {
      return storage_error(it->status(),
                           "the log cannot be read after position " + std::to_string(expected - 1));
    }
    reading_ = std::nullopt;
    const uint64_t last = expected - 1;
    report_.head_hash = prev;
    if (last != meta_position) {
      return problem(std::min(last, meta_position) + 1,
                     "the chain head in meta says position " + std::to_string(meta_position) +
                         " but the log ends at " + std::to_string(last));
    }
    if (prev != meta_hash)
      return problem(last, "the chain head hash in meta is not the last record's hash");
    return true;
  }

  // Reads and parses the record at `position` into env_; false if absent or unparsable.
  Result<bool> load_record(uint64_t position) {
    reading_ = position;
    auto record = get(storage_.log(), keys::log_key(position));
    if (!record) return record.error();
    if (!record->has_value()) return false;
    return static_cast<bool>(decode_record(**record, env_));
  }

  Result<bool> check_streams() {
    uint64_t entries = 0;
    uint64_t streams = 0;
    std::string stream;
    uint64_t version = 0;  // last version seen of `stream`
    uint64_t last_position = 0;
    auto finish_stream = [&]() -> Result<bool> {
      if (version == 0) return true;
      ++streams;
      auto head = get(storage_.streams(), keys::stream_head_key(stream));
      if (!head) return head.error();
      if (!head->has_value() || (*head)->size() != 8 ||
          keys::get_u64be((*head)->data()) != version) {
        return problem(last_position, "the head entry of stream " + stream +
                                          " does not say version " + std::to_string(version));
      }
      return true;
    };

    auto it = iterate(storage_.streams());
    for (it->Seek(std::string(1, keys::kStreamEntryTag)); it->Valid(); it->Next()) {
      const std::string_view key(it->key().data(), it->key().size());
      if (key.empty() || key[0] != keys::kStreamEntryTag) break;
      if (key.size() < 1 + 9 || key[key.size() - 9] != '\0' || it->value().size() != 8) {
        return problem(std::nullopt, "malformed stream index entry");
      }
      const std::string_view name = key.substr(1, key.size() - 10);
      const uint64_t v = keys::get_u64be(key.data() + key.size() - 8);
      const uint64_t position = keys::get_u64be(it->value().data());
      if (name != stream) {
        auto done = finish_stream();
        if (!done || !*done) return done;
        stream.assign(name);
        version = 0;
        last_position = 0;
      }
      const std::string what = "stream " + stream + " version " + std::to_string(v);
      if (v != version + 1)
        return problem(position, what + " follows version " + std::to_string(version));
      if (position <= last_position)
        return problem(position, what + " is not after the version before it in the log");
      auto found = load_record(position);
      if (!found) return found.error();
      if (!*found || env_.stream != stream || env_.version != v) {
        return problem(position, "the index entry of " + what + " points to another record");
      }
      version = v;
      last_position = position;
      ++entries;
      if (stop_requested(entries)) return stopped();
    }
    if (!it->status().ok()) {
      reading_ = std::nullopt;  // an index block, not a record
      return storage_error(it->status(), "the stream index cannot be read after stream " + stream +
                                             " version " + std::to_string(version));
    }
    auto done = finish_stream();
    if (!done || !*done) return done;

    uint64_t heads = 0;
    for (it->Seek(std::string(1, keys::kStreamHeadTag)); it->Valid(); ++heads, it->Next()) {
      if (it->key().empty() || it->key()[0] != keys::kStreamHeadTag) break;
    }
    if (!it->status().ok()) {
      reading_ = std::nullopt;  // an index block, not a record
      return storage_error(it->status(), "the stream heads cannot be read");
    }
    if (heads != streams) {
      return problem(std::nullopt, std::to_string(heads) + " stream heads for " +
                                       std::to_string(streams) + " streams");
    }
    if (entries != report_.events) {
      return problem(std::nullopt, std::to_string(entries) + " stream index entries for " +
                                       std::to_string(report_.events) + " events");
    }
    return true;
  }

  Result<bool> check_dedup() {
    uint64_t entries = 0;
    std::string last_id;
    auto it = iterate(storage_.dedup());
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++entries) {
      const std::string_view id(it->key().data(), it->key().size());
      last_id.assign(id);
      if (it->value().size() != 8 && it->value().size() != 16) {
        return problem(std::nullopt, "malformed dedup entry of event " + std::string(id));
      }
      const uint64_t position = keys::get_u64be(it->value().data());
      auto found = load_record(position);
      if (!found) return found.error();
      if (!*found || env_.event_id != id) {
        return problem(position,
                       "the dedup entry of event " + std::string(id) + " points to another record");
      }
      if (stop_requested(entries + 1)) return stopped();
    }
    if (!it->status().ok()) {
      reading_ = std::nullopt;  // an index block, not a record
      return storage_error(it->status(), "the dedup index cannot be read after event " + last_id);
    }
    if (entries != report_.events) {
      return problem(std::nullopt, std::to_string(entries) + " dedup entries for " +
                                       std::to_string(report_.events) + " events");
    }
    return true;
  }

  const Storage& storage_;
  const VerifyProgress& progress_;
  const std::stop_token stop_;
  const rocksdb::Snapshot* snapshot_;
  rocksdb::ReadOptions read_;
  VerifyReport report_;
  Envelope env_;
  // The log position being read, if any: where a checksum mismatch is.
  std::optional<uint64_t> reading_;
};

}  // namespace

Result<VerifyReport> verify_store(const Storage& storage, const VerifyProgress& progress,
                                  std::stop_token stop) {
  return Walk(storage, progress, std::move(stop)).run();
}

}  // namespace ticketd::eventstore
