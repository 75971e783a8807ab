#pragma once
// Where the views persist: a RocksDB database of its own (by convention
// DATA/projections, apart from the log), holding
//   - the ticket directory (slot -> stream),
//   - per projector name, the active generation and its version,
//   - per generation, its checkpoint and the entries its model saved.
// A generation is one build of one projector; a rebuild writes a new
// generation while the active one keeps serving, and the swap is one write
// that re-points the name and drops the old generation. Every applied batch
// is one WriteBatch holding rows and checkpoints together. Writes are not
// synced: after a machine crash state and checkpoint stay consistent and a
// projector merely resumes from an older checkpoint.
//
// Thread-safety: all members may be called concurrently (RocksDB is
// thread-safe; the generation counter is guarded).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "projections/read_model.h"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace ticketd::projections {

class ProjectionStore {
 public:
  struct Active {
    std::uint32_t generation = 0;
    std::uint32_t version = 0;
  };
  struct Checkpoint {
    std::uint64_t position = 0;
    std::uint32_t version = 0;
  };

  // One atomic write. Not thread-safe; build it on one thread.
  class Batch {
   public:
    Batch();
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    // A sink writing model entries of `generation`.
    std::unique_ptr<ModelSink> sink(std::uint32_t generation);
    void put_checkpoint(std::uint32_t generation, Checkpoint checkpoint);
    void put_directory_entry(std::uint32_t slot, std::string_view stream);
    void put_directory_position(std::uint64_t position);
    // Makes `generation` the active one of `name` and deletes `retired`'s
    // entries (pass nullopt when there is none).
    void activate(std::string_view name, Active active, std::optional<std::uint32_t> retired);
    // Deletes everything of an abandoned generation.
    void drop_generation(std::uint32_t generation);
    std::size_t size_bytes() const;

   private:
    friend class ProjectionStore;
    std::unique_ptr<rocksdb::WriteBatch> batch_;
  };

  // Opens (creating) the database in `dir`. Errors are kInternal with
  // RocksDB's message (e.g. the directory is locked by another process).
  static domain::Result<std::unique_ptr<ProjectionStore>> open(const std::filesystem::path& dir);
  ~ProjectionStore();
  ProjectionStore(const ProjectionStore&) = delete;
  ProjectionStore& operator=(const ProjectionStore&) = delete;

  domain::Result<void> write(Batch& batch);
  // Writes the memtable out to a table file: after a rebuild (whose rows
  // would otherwise sit in memory until the memtable fills) and on close
  // (so the next open has no write-ahead log to replay).
  domain::Result<void> flush();

  std::optional<Active> active(std::string_view name) const;
  std::optional<Checkpoint> checkpoint(std::uint32_t generation) const;

  // A generation number never handed out before (persisted).
  domain::Result<std::uint32_t> new_generation();

  // Calls f(key, value) for every model entry of `generation` in key order;
  // stops with an error when f returns false or RocksDB fails.
  domain::Result<void> load(std::uint32_t generation,
                            const std::function<bool(std::string_view, std::string_view)>& f) const;

  // Calls f(slot, stream) for every directory entry; returns the persisted
  // directory position.
  domain::Result<std::uint64_t> load_directory(
      const std::function<void(std::uint32_t, std::string_view)>& f) const;

  // Deletes generations that no name points to (left by a rebuild that a
  // crash or stop interrupted).
  domain::Result<void> drop_unreferenced_generations();

 private:
  explicit ProjectionStore(std::unique_ptr<rocksdb::DB> db);

  std::unique_ptr<rocksdb::DB> db_;
  std::mutex generation_mu_;
};

}  // namespace ticketd::projections
