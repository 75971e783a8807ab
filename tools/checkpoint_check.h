#pragma once
// ticketctl verify's proof against a signed checkpoint
// (api/audit/checkpoint_signature.h): the file given with --checkpoint, or else
// the newest one ticketd wrote into DATA/checkpoints. A log that ends
// before the checkpoint's position lost acknowledged events (truncation);
// one whose record there hashes differently was rewritten. Both are damage.

#include <memory>
#include <optional>
#include <string>

#include "api/audit/checkpoint_signature.h"
#include "domain/json_writer.h"
#include "eventstore/event_store.h"
#include "tools/ctl_common.h"

namespace ticketd::tools::ctl {

struct CheckpointCheck {
  std::string file;
  api::Checkpoint checkpoint;
  bool parsed = false;             // the file is a checkpoint
  bool signature_checked = false;  // false: no public key for DATA/checkpoints
  bool signature_valid = false;
  bool matches = false;  // the log up to checkpoint.position hashes to checkpoint.hash
  std::string problem;   // why it does not match; empty when it does
  std::string note;      // e.g. why the signature was not checked
  std::unique_ptr<api::SigningKey> key;
};

// The check verify runs, from its --checkpoint FILE and --public-key FILE
// (or their defaults). nullopt when there is nothing to check (no flag and
// no checkpoint in DATA/checkpoints). `usage_error` is set for an explicit
// file or key that cannot be read (exit 2).
std::optional<CheckpointCheck> choose_checkpoint(const GlobalOptions& global,
                                                 const std::optional<std::string>& file,
                                                 const std::optional<std::string>& public_key,
                                                 std::string& usage_error);

// Checks the signature and the log against the checkpoint; `walk` is the
// verify report of the same store. Fills check.matches / check.problem; an
// error when the log cannot be read (not damage: kIo).
eventstore::Result<void> run_checkpoint_check(const eventstore::EventStore& store,
                                              const eventstore::VerifyReport& walk,
                                              CheckpointCheck& check, Progress& progress);

// The "checkpoint" member of verify's --json output.
void write_checkpoint_json(domain::JsonWriter& w, const CheckpointCheck& check);
// verify's line about the checkpoint on standard output.
void print_checkpoint_line(const CheckpointCheck& check);

}  // namespace ticketd::tools::ctl
