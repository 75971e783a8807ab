#include "api/audit/head_evidence.h"

#include <simdjson.h>

#include <algorithm>

#include "eventstore/record_codec.h"
#include "projections/metrics_view.h"
#include "projections/projection_store.h"
#include "projections/queue_view.h"
#include "projections/tenant_view.h"

namespace ticketd::api {
namespace {

void add_view_checkpoints(const std::filesystem::path& dir, HeadEvidence& out) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return;
  auto store = projections::ProjectionStore::open(dir);
  if (!store) {
    out.notes.push_back("the views' checkpoints cannot be read: " + store.error().message);
    return;
  }
  for (std::string_view name : {projections::kQueueProjection, projections::kTenantProjection,
                                projections::kMetricsProjection}) {
    const auto active = (*store)->active(name);
    if (!active) continue;
    if (const auto checkpoint = (*store)->checkpoint(active->generation)) {
      out.witnesses.push_back(HeadWitness{"view " + std::string(name), checkpoint->position});
    }
  }
}

void add_outbox_checkpoint(const std::filesystem::path& file, HeadEvidence& out) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;
  auto text = read_file(file);
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  std::uint64_t decided = 0;
  if (!text || parser.parse(*text).get_object().get(o) != simdjson::SUCCESS ||
      o["decided"].get_uint64().get(decided) != simdjson::SUCCESS) {
    // The outbox itself rescans the log then (outbox.h).
    out.notes.push_back(file.string() + " cannot be read");
    return;
  }
  out.witnesses.push_back(HeadWitness{"outbox", decided});
}

// The newest checkpoint file that parses and whose signature verifies.
void add_signed_checkpoint(const std::filesystem::path& data_dir, HeadEvidence& out) {
  const std::vector<CheckpointFile> files = list_checkpoint_files(data_dir / "checkpoints");
  if (files.empty()) return;
  const std::filesystem::path key_file = data_dir / "keys" / kCheckpointPublicKeyFile;
  std::unique_ptr<SigningKey> key;
  std::error_code ec;
  if (std::filesystem::exists(key_file, ec)) {
    auto loaded = SigningKey::load_public(key_file);
    if (loaded) {
      key = std::move(*loaded);
    } else {
      out.notes.push_back(loaded.error().message);
    }
  }
  if (!key)
    out.notes.push_back(
        "signed checkpoints used without checking their signatures (no public key)");
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    auto text = read_file(it->path);
    auto parsed = text ? parse_checkpoint(*text) : domain::Result<Checkpoint>(text.error());
    if (!parsed) {
      out.notes.push_back(it->path.string() + " is not a checkpoint: " + parsed.error().message);
      continue;
    }
    if (key && !key->verify(*parsed)) {
      out.notes.push_back(it->path.string() + ": the signature does not verify; not used");
      continue;
    }
    out.witnesses.push_back(
        HeadWitness{"signed checkpoint " + it->path.string(), parsed->position});
    out.checkpoint = std::move(*parsed);
    out.checkpoint_file = it->path;
    return;
  }
}

}  // namespace

std::uint64_t HeadEvidence::highest() const {
  std::uint64_t top = 0;
  for (const HeadWitness& w : witnesses) top = std::max(top, w.position);
  return top;
}

HeadEvidence gather_head_evidence(const std::filesystem::path& data_dir) {
  HeadEvidence out;
  add_view_checkpoints(data_dir / "projections", out);
  add_outbox_checkpoint(data_dir / "outbox" / "checkpoint.json", out);
  add_signed_checkpoint(data_dir, out);
  return out;
}

bool checkpoint_agrees(const eventstore::EventStore& store, const Checkpoint& c, std::string* why) {
  const std::uint64_t head = store.head();
  if (c.position == 0) return true;
  if (c.position > head) {
    *why = "the log ends at position " + std::to_string(head);
    return false;
  }
  auto record = store.read_all(c.position - 1, 1);
  if (!record || record->empty() || record->front().position != c.position) {
    *why =
        "the log cannot be read there" + (record ? std::string() : ": " + record.error().message);
    return false;
  }
  const std::string hash = eventstore::to_hex(record->front().hash);
  if (hash != c.hash) {
    *why = "the record there hashes to " + hash + ", not to the signed " + c.hash +
           ": history up to it was rewritten";
    return false;
  }
  return true;
}

std::vector<std::string> contradictions(const eventstore::EventStore& store,
                                        const HeadEvidence& evidence) {
  std::vector<std::string> out;
  const std::uint64_t head = store.head();
  for (const HeadWitness& w : evidence.witnesses) {
    if (w.position > head) {
      out.push_back(w.name + " is at position " + std::to_string(w.position) +
                    ", beyond the log's head " + std::to_string(head));
    }
  }
  std::string why;
  if (evidence.checkpoint && evidence.checkpoint->position <= head &&
      !checkpoint_agrees(store, *evidence.checkpoint, &why)) {
    out.push_back("signed checkpoint " + evidence.checkpoint_file.string() + " (position " +
                  std::to_string(evidence.checkpoint->position) +
                  ") does not match the log: " + why);
  }
  return out;
}

}  // namespace ticketd::api
