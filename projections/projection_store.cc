#include "projections/projection_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <set>

#include "projections/byte_codec.h"

namespace ticketd::projections {
namespace {

constexpr char kActivePrefix = 'a';
constexpr char kCheckpointPrefix = 'c';
constexpr char kDirectoryPrefix = 'd';
constexpr char kGenerationPrefix = 'g';
constexpr std::string_view kDirectoryPositionKey = "D";
constexpr std::string_view kNextGenerationKey = "n";

std::string key_with(char prefix, std::uint32_t n) {
  std::string key(1, prefix);
  ByteWriter(key).u32be(n);
  return key;
}

std::string active_key(std::string_view name) { return std::string(1, kActivePrefix) += name; }

domain::Error rocks_error(const rocksdb::Status& s, std::string_view what) {
  return domain::make_error(domain::ErrorCode::kInternal,
                            "projection store: " + std::string(what) + ": " + s.ToString());
}

class GenerationSink final : public ModelSink {
 public:
  GenerationSink(rocksdb::WriteBatch& batch, std::uint32_t generation)
      : batch_(batch), prefix_(key_with(kGenerationPrefix, generation)) {}

  void put(std::string_view key, std::string_view value) override {
    key_.assign(prefix_).append(key);
    batch_.Put(key_, rocksdb::Slice(value.data(), value.size()));
  }

 private:
  rocksdb::WriteBatch& batch_;
  std::string prefix_;
  std::string key_;
};

}  // namespace

ProjectionStore::Batch::Batch() : batch_(std::make_unique<rocksdb::WriteBatch>()) {}
ProjectionStore::Batch::~Batch() = default;

std::unique_ptr<ModelSink> ProjectionStore::Batch::sink(std::uint32_t generation) {
  return std::make_unique<GenerationSink>(*batch_, generation);
}

void ProjectionStore::Batch::put_checkpoint(std::uint32_t generation, Checkpoint checkpoint) {
  std::string value;
  ByteWriter w(value);
  w.u64be(checkpoint.position);
  w.u32be(checkpoint.version);
  batch_->Put(key_with(kCheckpointPrefix, generation), value);
}

void ProjectionStore::Batch::put_directory_entry(std::uint32_t slot, std::string_view stream) {
  batch_->Put(key_with(kDirectoryPrefix, slot), rocksdb::Slice(stream.data(), stream.size()));
}

void ProjectionStore::Batch::put_directory_position(std::uint64_t position) {
  std::string value;
  ByteWriter(value).u64be(position);
  batch_->Put(rocksdb::Slice(kDirectoryPositionKey.data(), kDirectoryPositionKey.size()), value);
}

void ProjectionStore::Batch::activate(std::string_view name, Active active,
                                      std::optional<std::uint32_t> retired) {
  std::string value;
  ByteWriter w(value);
  w.u32be(active.generation);
  w.u32be(active.version);
  batch_->Put(active_key(name), value);
  if (retired) drop_generation(*retired);
}

void ProjectionStore::Batch::drop_generation(std::uint32_t generation) {
  batch_->DeleteRange(key_with(kGenerationPrefix, generation),
                      key_with(kGenerationPrefix, generation + 1));
  batch_->Delete(key_with(kCheckpointPrefix, generation));
}

std::size_t ProjectionStore::Batch::size_bytes() const { return batch_->GetDataSize(); }

ProjectionStore::ProjectionStore(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
ProjectionStore::~ProjectionStore() {
  // Nothing is lost if this fails: the views resume from their last flushed
  // checkpoint and catch up from the log (write()), and a destructor has no
  // one to tell.
  (void)flush();
}

domain::Result<std::unique_ptr<ProjectionStore>> ProjectionStore::open(
    const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  rocksdb::Options options;
  options.create_if_missing = true;
  options.IncreaseParallelism(2);
  options.write_buffer_size = size_t{32} << 20;
  options.compression = rocksdb::kLZ4Compression;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
  if (!s.ok()) {
    // LZ4 may be missing from a RocksDB build; fall back to no compression.
    options.compression = rocksdb::kNoCompression;
    s = rocksdb::DB::Open(options, dir.string(), &raw);
  }
  if (!s.ok()) return rocks_error(s, "open " + dir.string());
  return std::unique_ptr<ProjectionStore>(new ProjectionStore(std::unique_ptr<rocksdb::DB>(raw)));
}

domain::Result<void> ProjectionStore::write(Batch& batch) {
  // No write-ahead log: everything here is rebuilt from the event log, and
  // a batch holds a view's rows with its checkpoint, so what a crash loses
  // is the memtable -- whole batches, one column family -- and the views
  // resume from the last flushed checkpoint and catch up from the log
  // (e2e test_restart kills ticketd to check it). flush() on close keeps a
  // clean restart from replaying anything.
  rocksdb::WriteOptions options;
  options.disableWAL = true;
  const rocksdb::Status s = db_->Write(options, batch.batch_.get());
  if (!s.ok()) return rocks_error(s, "write");
  batch.batch_->Clear();
  return {};
}

domain::Result<void> ProjectionStore::flush() {
  const rocksdb::Status s = db_->Flush(rocksdb::FlushOptions());
  if (!s.ok()) return rocks_error(s, "flush");
  return {};
}

std::optional<ProjectionStore::Active> ProjectionStore::active(std::string_view name) const {
  std::string value;
  if (!db_->Get(rocksdb::ReadOptions(), active_key(name), &value).ok()) return std::nullopt;
  ByteReader r(value);
  Active a;
  a.generation = r.u32be();
  a.version = r.u32be();
  if (!r.done()) return std::nullopt;
  return a;
}

std::optional<ProjectionStore::Checkpoint> ProjectionStore::checkpoint(
    std::uint32_t generation) const {
  std::string value;
  if (!db_->Get(rocksdb::ReadOptions(), key_with(kCheckpointPrefix, generation), &value).ok()) {
    return std::nullopt;
  }
  ByteReader r(value);
  Checkpoint c;
  c.position = r.u64be();
  c.version = r.u32be();
  if (!r.done()) return std::nullopt;
  return c;
}

domain::Result<std::uint32_t> ProjectionStore::new_generation() {
  std::lock_guard lock(generation_mu_);
  std::string value;
  std::uint32_t next = 1;
  const rocksdb::Slice key(kNextGenerationKey.data(), kNextGenerationKey.size());
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
  if (s.ok()) {
    ByteReader r(value);
    next = r.u32be();
    if (!r.done()) return rocks_error(rocksdb::Status::Corruption(), "generation counter");
  } else if (!s.IsNotFound()) {
    return rocks_error(s, "read generation counter");
  }
  std::string bumped;
  ByteWriter(bumped).u32be(next + 1);
  s = db_->Put(rocksdb::WriteOptions(), key, bumped);
  if (!s.ok()) return rocks_error(s, "write generation counter");
  return next;
}

domain::Result<void> ProjectionStore::load(
    std::uint32_t generation,
    const std::function<bool(std::string_view, std::string_view)>& f) const {
  const std::string lower = key_with(kGenerationPrefix, generation);
  const std::string upper = key_with(kGenerationPrefix, generation + 1);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  options.readahead_size = size_t{2} << 20;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    const rocksdb::Slice value = it->value();
    const std::string_view model_key(key.data() + lower.size(), key.size() - lower.size());
    if (!f(model_key, std::string_view(value.data(), value.size()))) {
      return domain::make_error(
          domain::ErrorCode::kInternal,
          "projection store: malformed entry in generation " + std::to_string(generation));
    }
  }
  if (!it->status().ok()) return rocks_error(it->status(), "load");
  return {};
}

domain::Result<std::uint64_t> ProjectionStore::load_directory(
    const std::function<void(std::uint32_t, std::string_view)>& f) const {
  const std::string lower(1, kDirectoryPrefix);
  const std::string upper(1, kDirectoryPrefix + 1);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    ByteReader r(std::string_view(it->key().data() + 1, it->key().size() - 1));
    const std::uint32_t slot = r.u32be();
    if (!r.done()) return rocks_error(rocksdb::Status::Corruption(), "directory key");
    f(slot, std::string_view(it->value().data(), it->value().size()));
  }
  if (!it->status().ok()) return rocks_error(it->status(), "load directory");
  std::string value;
  const rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(),
               rocksdb::Slice(kDirectoryPositionKey.data(), kDirectoryPositionKey.size()), &value);
  if (s.IsNotFound()) return std::uint64_t{0};
  if (!s.ok()) return rocks_error(s, "read directory position");
  ByteReader r(value);
  const std::uint64_t position = r.u64be();
  if (!r.done()) return rocks_error(rocksdb::Status::Corruption(), "directory position");
  return position;
}

domain::Result<void> ProjectionStore::drop_unreferenced_generations() {
  std::set<std::uint32_t> active_generations;
  std::vector<std::uint32_t> unreferenced;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    for (it->Seek(std::string(1, kActivePrefix));
         it->Valid() && it->key().size() > 0 && it->key()[0] == kActivePrefix; it->Next()) {
      ByteReader r(std::string_view(it->value().data(), it->value().size()));
      active_generations.insert(r.u32be());
    }
    for (it->Seek(std::string(1, kCheckpointPrefix));
         it->Valid() && it->key().size() > 0 && it->key()[0] == kCheckpointPrefix; it->Next()) {
      ByteReader r(std::string_view(it->key().data() + 1, it->key().size() - 1));
      const std::uint32_t generation = r.u32be();
      if (!active_generations.contains(generation)) unreferenced.push_back(generation);
    }
    if (!it->status().ok()) return rocks_error(it->status(), "scan generations");
  }
  if (unreferenced.empty()) return {};
  Batch batch;
  for (std::uint32_t generation : unreferenced) batch.drop_generation(generation);
  return write(batch);
}

}  // namespace ticketd::projections
