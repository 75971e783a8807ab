#include "tools/checkpoint_check.h"

#include <cstdio>

#include "api/audit/chain_checkpointer.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"

namespace ticketd::tools::ctl {
namespace {

// Recomputes the chain from position 1 to the checkpoint's position and
// compares the hash there with the signed one: for a log whose walk found
// damage, so that the answer does not rest on the records' own hashes.
void check_prefix(const eventstore::EventStore& store, CheckpointCheck& check, Progress& progress) {
  const std::uint64_t target = check.checkpoint.position;
  eventstore::LogCursor cursor = store.cursor(0);
  eventstore::Sha256 sha;
  eventstore::Hash prev{};
  std::string canonical;
  std::uint64_t position = 0;
  while (position < target) {
    auto more = cursor.next();
    if (!more) {
      check.problem = "the log cannot be read at position " + std::to_string(position + 1) + ": " +
                      more.error().message;
      return;
    }
    if (!*more) {
      check.problem = "the log ends at position " + std::to_string(position) +
                      ", before the checkpoint's " + std::to_string(target) +
                      ": history was truncated, acknowledged events are lost";
      return;
    }
    const eventstore::Envelope& env = cursor.envelope();
    position = env.position;
    canonical.clear();
    eventstore::append_canonical(canonical, eventstore::record_view(env));
    if (env.prev_hash != prev || sha.digest(prev, canonical) != env.hash) {
      check.problem = "the chain breaks at position " + std::to_string(position);
      return;
    }
    prev = env.hash;
    if (position % 4096 == 0) progress.update(position, target);
  }
  progress.update(position, target);
  if (eventstore::to_hex(prev) != check.checkpoint.hash) {
    check.problem = "the log up to position " + std::to_string(target) + " hashes to " +
                    eventstore::to_hex(prev) + ", not to the signed " + check.checkpoint.hash +
                    ": history before the checkpoint was rewritten";
    return;
  }
  check.matches = true;
}

// For a log the walk found intact: the chain it checked commits every
// record to the one before, so the record at the checkpoint's position
// settles it.
eventstore::Result<void> check_record(const eventstore::EventStore& store,
                                      const eventstore::VerifyReport& walk,
                                      CheckpointCheck& check) {
  const std::uint64_t target = check.checkpoint.position;
  if (target == 0) {
    check.problem = "position 0 names no record";
    return {};
  }
  if (target > walk.head) {
    check.problem = "the log ends at position " + std::to_string(walk.head) +
                    ", before the checkpoint's " + std::to_string(target) +
                    ": history was truncated, acknowledged events are lost";
    return {};
  }
  auto record = store.read_all(target - 1, 1);
  if (!record && record.error().code != eventstore::StoreErrorCode::kCorruption)
    return record.error();
  if (!record || record->empty()) {
    check.problem = "the log cannot be read at position " + std::to_string(target) +
                    (record ? std::string() : ": " + record.error().message);
    return {};
  }
  const std::string hash = eventstore::to_hex(record->front().hash);
  if (hash != check.checkpoint.hash) {
    check.problem = "the log up to position " + std::to_string(target) + " hashes to " + hash +
                    ", not to the signed " + check.checkpoint.hash +
                    ": history before the checkpoint was rewritten";
    return {};
  }
  check.matches = true;
  return {};
}

}  // namespace

std::optional<CheckpointCheck> choose_checkpoint(const GlobalOptions& global,
                                                 const std::optional<std::string>& file,
                                                 const std::optional<std::string>& public_key,
                                                 std::string& usage_error) {
  const std::filesystem::path data(global.data_dir);
  const std::filesystem::path default_key = data / "keys" / api::kCheckpointPublicKeyFile;
  CheckpointCheck check;
  if (file) {
    check.file = *file;
  } else {
    const auto files = api::list_checkpoint_files(data / "checkpoints");
    if (files.empty()) {
      // Still refuse a key that does not load, as with --checkpoint.
      if (public_key) {
        if (auto loaded = api::SigningKey::load_public(*public_key); !loaded) {
          usage_error = loaded.error().message;
        }
      }
      return std::nullopt;
    }
    check.file = files.back().path.string();
  }

  auto text = api::read_file(check.file);
  auto parsed = text ? api::parse_checkpoint(*text) : domain::Result<api::Checkpoint>(text.error());
  if (!parsed) {
    if (file) {
      usage_error = check.file + ": " + parsed.error().message;
      return std::nullopt;
    }
    // ticketd wrote it atomically: a newest checkpoint that does not parse
    // was damaged since.
    check.problem = parsed.error().message;
    return check;
  }
  check.parsed = true;
  check.checkpoint = *parsed;

  const std::filesystem::path key_file =
      public_key ? std::filesystem::path(*public_key) : default_key;
  std::error_code ec;
  if (!file && !public_key && !std::filesystem::exists(key_file, ec)) {
    check.note = "signature not checked: no public key " + key_file.string();
    return check;
  }
  auto loaded = api::SigningKey::load_public(key_file);
  if (!loaded) {
    usage_error = loaded.error().message;
    return std::nullopt;
  }
  check.key = std::move(*loaded);
  return check;
}

eventstore::Result<void> run_checkpoint_check(const eventstore::EventStore& store,
                                              const eventstore::VerifyReport& walk,
                                              CheckpointCheck& check, Progress& progress) {
  if (!check.parsed) return {};
  if (check.key) {
    check.signature_checked = true;
    check.signature_valid = check.key->verify(check.checkpoint);
    if (!check.signature_valid) {
      check.problem = "the signature does not verify with key " + check.key->fingerprint();
      return {};
    }
  }
  if (walk.ok) return check_record(store, walk, check);
  check_prefix(store, check, progress);
  return {};
}

void write_checkpoint_json(domain::JsonWriter& w, const CheckpointCheck& check) {
  w.key("checkpoint");
  w.begin_object();
  w.member("file", check.file);
  w.member("position", check.checkpoint.position);
  w.member("hash", check.checkpoint.hash);
  w.member("time", check.checkpoint.time);
  w.member("signature_checked", check.signature_checked);
  w.member("signature_valid", check.signature_valid);
  w.member("matches", check.matches);
  w.member("problem", check.problem);
  w.end_object();
}

void print_checkpoint_line(const CheckpointCheck& check) {
  if (!check.matches) {
    std::printf("checkpoint %s: FAILED: %s\n", check.file.c_str(), check.problem.c_str());
    return;
  }
  std::printf("checkpoint %s: %s; the log up to position %llu is the one signed at %s\n",
              check.file.c_str(), check.signature_checked ? "signature valid" : check.note.c_str(),
              static_cast<unsigned long long>(check.checkpoint.position),
              check.checkpoint.time.c_str());
}

}  // namespace ticketd::tools::ctl
