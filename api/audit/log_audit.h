#pragma once
// What a platform admin sees of the log's integrity (GET /admin/v1/audit):
// the signed checkpoints ticketd wrote into DATA/checkpoints, each checked
// against its signature and against the log as it is now, and the last
// whole-store verification (eventstore/verifier.h, the walk `ticketctl
// verify` runs), which start_verification() runs on a thread of its own
// while ticketd serves (appends continue; the walk reads a snapshot).
//
// A verification's outcome is kept in memory only: it is what this process
// found when it looked, not a fact about tickets, so it is no event; after
// a restart the state is "never" until someone asks again (ticketd's
// start-up guard has checked the log against its witnesses by then,
// log_guard.h).
//
// Thread-safety: every member may be called from any thread.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/audit/checkpoint_signature.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// The last whole-store verification, or the one running.
struct Verification {
  enum class State {
    kNever,    // none since ticketd started
    kRunning,  // `checked` of `head` records walked so far
    kPassed,   // the chain, the stream index and the dedup index agree
    kFailed,   // damage found: `problem`, at `first_bad_position` when known
    kError,    // the walk could not finish (the store could not be read)
  };
  State state = State::kNever;
  std::string requested_by;  // the actor id that asked
  std::optional<domain::Instant> started_at;
  std::optional<domain::Instant> finished_at;
  std::uint64_t checked = 0;  // records walked
  std::uint64_t head = 0;     // the chain head the walk goes to
  std::string head_hash;      // hex, once finished
  std::optional<std::uint64_t> first_bad_position;
  std::string problem;  // empty unless failed or error
};

std::string_view to_string(Verification::State state);

// One signed checkpoint file, as found now.
struct CheckpointStatus {
  std::uint64_t position = 0;            // from the file name
  std::optional<Checkpoint> checkpoint;  // nullopt when the file is not one
  // nullopt: not checked (no public key in DATA/keys).
  std::optional<bool> signature_valid;
  bool agrees_with_log = false;  // the record at `position` has its hash
  std::string problem;           // why it is not trusted; empty when it is
};

class LogAudit {
 public:
  using Clock = std::function<domain::Instant()>;

  // `store` must outlive it. Reads the public key DATA/keys/
  // checkpoint-ed25519.pub.pem when it exists (the checkpointer writes it).
  LogAudit(const eventstore::EventStore& store, std::filesystem::path data_dir, Clock clock);
  ~LogAudit();  // stop()s
  // Stops a running verification and waits for it (its state then says
  // error: stopped). Idempotent; a later start_verification() starts anew.
  void stop();
  LogAudit(const LogAudit&) = delete;
  LogAudit& operator=(const LogAudit&) = delete;

  Verification verification() const;
  // Starts a verification as `requested_by`; false (nothing started) while
  // one runs.
  bool start_verification(std::string requested_by);

  // The newest `limit` checkpoint files, newest first, each checked.
  std::vector<CheckpointStatus> checkpoints(std::size_t limit) const;
  // How many checkpoint files DATA/checkpoints holds.
  std::size_t checkpoint_count() const;
  // The signing key's fingerprint and public key (PEM) that auditors check
  // checkpoints with; empty when there is none.
  const std::string& key_fingerprint() const { return fingerprint_; }
  const std::string& public_key_pem() const { return public_key_pem_; }

 private:
  void run(std::stop_token stop);

  const eventstore::EventStore& store_;
  const std::filesystem::path checkpoints_dir_;
  const Clock clock_;
  std::unique_ptr<SigningKey> key_;  // null without a public key
  std::string fingerprint_;
  std::string public_key_pem_;
  mutable std::mutex mu_;
  Verification verification_;  // guarded by mu_
  std::jthread thread_;        // guarded by mu_; the running or last walk
};

}  // namespace ticketd::api
