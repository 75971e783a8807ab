#pragma once
// Writes signed checkpoints of the log's chain head (checkpoint_signature.h)
// into DATA/checkpoints/<position>.json: one when started, then every
// `interval` while the head has moved, and a last one on stop(). An auditor
// who keeps any of them can later prove that the log up to that position
// was not rewritten (`ticketctl verify --checkpoint FILE`).
//
// Thread-safety: start() and stop() from one thread; checkpoint_now() from
// any. One background thread sleeps on a condition variable between
// checkpoints.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "api/audit/checkpoint_signature.h"
#include "domain/result.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// A checkpoint file the checkpointer wrote: DATA/checkpoints/<position>.json.
struct CheckpointFile {
  std::uint64_t position = 0;  // from the file name
  std::filesystem::path path;
};

// The checkpoint files directly in `dir` (DATA/checkpoints), lowest position
// first; not those in its subdirectories (where an accepted log loss keeps
// the checkpoints the surviving log contradicts). Empty when `dir` does not
// exist.
std::vector<CheckpointFile> list_checkpoint_files(const std::filesystem::path& dir);

class ChainCheckpointer {
 public:
  using Clock = std::function<domain::Instant()>;
  using Log = std::function<void(std::string_view)>;

  // Loads or generates the key in `data_dir`/keys. `store` must outlive it.
  static domain::Result<std::unique_ptr<ChainCheckpointer>> open(
      eventstore::EventStore& store, const std::filesystem::path& data_dir,
      std::chrono::seconds interval, Clock clock, Log log);
  ~ChainCheckpointer();  // stop()s

  // Starts the thread (no-op when the interval is zero).
  void start();
  // Writes a last checkpoint and stops the thread. Idempotent.
  void stop();
  // Writes a checkpoint of the current head unless the last one has it
  // already; the path written, nullopt when there was nothing new (an empty
  // log or an unchanged head).
  domain::Result<std::optional<std::filesystem::path>> checkpoint_now();

 private:
  ChainCheckpointer(eventstore::EventStore& store, std::filesystem::path dir,
                    std::unique_ptr<SigningKey> key, std::chrono::seconds interval, Clock clock,
                    Log log);
  void run();

  eventstore::EventStore& store_;
  const std::filesystem::path dir_;
  const std::unique_ptr<SigningKey> key_;
  const std::chrono::seconds interval_;
  const Clock clock_;
  const Log log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;                // guarded by mu_
  std::uint64_t last_position_ = 0;  // guarded by write_mu_
  std::mutex write_mu_;
  std::thread thread_;
};

}  // namespace ticketd::api
