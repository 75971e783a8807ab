// ticketctl verify and status: the whole-store check (eventstore/verifier.h)
// and the proof against a signed checkpoint (api/checkpoint_signature.h).

#include <cstdio>

#include "api/checkpoint_signature.h"
#include "domain/json_writer.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"
#include "tools/ctl_commands.h"

namespace ticketd::tools::ctl {
namespace {

struct CheckpointCheck {
  std::string file;
  api::Checkpoint checkpoint;
  bool signature_valid = false;
  bool matches = false;  // the log up to checkpoint.position hashes to checkpoint.hash
  std::string problem;
};

// Recomputes the chain from position 1 to `position` and compares the hash
// there with `expected_hex`. Fills check.matches / check.problem.
eventstore::Result<void> check_prefix(const eventstore::EventStore& store, CheckpointCheck& check,
                                      Progress& progress) {
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
      return {};
    }
    if (!*more) {
      check.problem = "the log ends at position " + std::to_string(position) + ", before the checkpoint's " +
                      std::to_string(target) + ": history was truncated";
      return {};
    }
    const eventstore::Envelope& env = cursor.envelope();
    position = env.position;
    canonical.clear();
    eventstore::append_canonical(canonical, eventstore::record_view(env));
    if (env.prev_hash != prev || sha.digest(prev, canonical) != env.hash) {
      check.problem = "the chain breaks at position " + std::to_string(position);
      return {};
    }
    prev = env.hash;
    if (position % 4096 == 0) progress.update(position, target);
  }
  progress.update(position, target);
  if (eventstore::to_hex(prev) != check.checkpoint.hash) {
    check.problem = "the log up to position " + std::to_string(target) +
                    " hashes to " + eventstore::to_hex(prev) + ", not to the signed " + check.checkpoint.hash +
                    ": history before the checkpoint was rewritten";
    return {};
  }
  check.matches = true;
  return {};
}

int verify_and_report(const char* name, GlobalOptions& global, const Arguments& raw, bool create) {
  Args args(name, raw, global, create ? std::set<std::string>{} : std::set<std::string>{"--checkpoint", "--public-key"});
  if (!args.error().empty()) return fail(name, kUsage, args.error());
  if (!args.positional().empty()) return fail(name, kUsage, "unexpected argument '" + args.positional().front() + "'");
  if (args.has("--public-key") && !args.has("--checkpoint")) {
    return fail(name, kUsage, "--public-key goes with --checkpoint");
  }
  std::optional<CheckpointCheck> check;
  std::unique_ptr<api::SigningKey> key;
  if (auto file = args.value("--checkpoint")) {
    check.emplace();
    check->file = *file;
    auto text = api::read_file(*file);
    if (!text) return fail(name, kUsage, text.error().message);
    auto parsed = api::parse_checkpoint(*text);
    if (!parsed) return fail(name, kUsage, *file + ": " + parsed.error().message);
    check->checkpoint = *parsed;
    const std::filesystem::path key_file =
        args.value("--public-key").value_or((std::filesystem::path(global.data_dir) / "keys" /
                                             api::kCheckpointPublicKeyFile).string());
    auto loaded = api::SigningKey::load_public(key_file);
    if (!loaded) return fail(name, kUsage, loaded.error().message);
    key = std::move(*loaded);
  }

  auto store = open_log(name, global, /*read_only=*/!create, create);
  if (!store) return kStoreError;
  Progress progress(global, "verify", "events");
  auto report = store->verify([&](std::uint64_t done, std::uint64_t head) { progress.update(done, head); });
  if (report) progress.update(report->events, report->head);
  progress.finish();
  if (!report) return fail(name, kStoreError, report.error().message);
  if (check) {
    check->signature_valid = key->verify(check->checkpoint);
    if (!check->signature_valid) {
      check->problem = "the signature does not verify with key " + key->fingerprint();
    } else {
      Progress prefix(global, "checkpoint", "events");
      if (auto done = check_prefix(*store, *check, prefix); !done) return fail(name, kStoreError, done.error().message);
    }
  }
  const bool ok = report->ok && (!check || check->matches);
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("ok", ok);
    w.member("intact", report->ok);
    w.member("events", report->events);
    w.member("head", report->head);
    w.member("head_hash", eventstore::to_hex(report->head_hash));
    w.member("first_bad_position", report->first_bad_position);
    w.member("problem", report->problem);
    if (check) {
      w.key("checkpoint");
      w.begin_object();
      w.member("file", check->file);
      w.member("position", check->checkpoint.position);
      w.member("hash", check->checkpoint.hash);
      w.member("time", check->checkpoint.time);
      w.member("signature_valid", check->signature_valid);
      w.member("matches", check->matches);
      w.member("problem", check->problem);
      w.end_object();
    }
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    if (report->ok) {
      std::printf("intact: %llu events, head %llu, hash %s\n", static_cast<unsigned long long>(report->events),
                  static_cast<unsigned long long>(report->head), eventstore::to_hex(report->head_hash).c_str());
    } else {
      std::printf("DAMAGED at position %s: %s\n",
                  report->first_bad_position ? std::to_string(*report->first_bad_position).c_str() : "?",
                  report->problem.c_str());
    }
    if (check && check->matches) {
      std::printf("checkpoint %s: signature valid; the log up to position %llu is the one signed at %s\n",
                  check->file.c_str(), static_cast<unsigned long long>(check->checkpoint.position),
                  check->checkpoint.time.c_str());
    } else if (check) {
      std::printf("checkpoint %s: FAILED: %s\n", check->file.c_str(), check->problem.c_str());
    }
  }
  return ok ? kOk : kCheckFailed;
}

}  // namespace

int run_verify(GlobalOptions& global, const Arguments& args) {
  return verify_and_report("verify", global, args, /*create=*/false);
}

int run_status(GlobalOptions& global, const Arguments& args) {
  return verify_and_report("status", global, args, /*create=*/true);
}

}  // namespace ticketd::tools::ctl
