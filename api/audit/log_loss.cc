#include "api/audit/log_loss.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "api/audit/chain_checkpointer.h"
#include "api/audit/checkpoint_signature.h"
#include "api/audit/head_evidence.h"
#include "api/commands/ids.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

domain::Error failure(std::string message) {
  return domain::make_error(domain::ErrorCode::kInternal, std::move(message));
}

// The checkpoint files the log contradicts: beyond `head`, or a record of
// another hash at their position. Files that do not parse are left alone.
std::vector<std::filesystem::path> contradicted_checkpoints(const eventstore::EventStore& store,
                                                            const std::filesystem::path& dir,
                                                            std::uint64_t head) {
  std::vector<std::filesystem::path> out;
  for (const CheckpointFile& f : list_checkpoint_files(dir)) {
    if (f.position > head) {
      out.push_back(f.path);
      continue;
    }
    auto text = read_file(f.path);
    if (!text) continue;
    auto parsed = parse_checkpoint(*text);
    std::string why;
    if (parsed && !checkpoint_agrees(store, *parsed, &why)) out.push_back(f.path);
  }
  return out;
}

// A directory name under `dir` not taken yet: lost-at-<head>[-N].
std::filesystem::path fresh_lost_dir(const std::filesystem::path& dir, std::uint64_t head) {
  const std::string base = "lost-at-" + std::to_string(head);
  std::filesystem::path candidate = dir / base;
  std::error_code ec;
  for (int n = 2; std::filesystem::exists(candidate, ec); ++n) {
    candidate = dir / (base + "-" + std::to_string(n));
  }
  return candidate;
}

// The event's data, which is also the JSON line's.
std::string loss_json(const LogLoss& loss, const std::vector<std::filesystem::path>& moved,
                      const std::filesystem::path& moved_to) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("surviving_head", loss.surviving_head);
  w.member("highest_known_position", loss.highest_known_position);
  w.key("write_ahead_log_damage");
  if (loss.wal_damage.empty()) {
    w.value(nullptr);
  } else {
    w.value(loss.wal_damage);
  }
  w.key("findings");
  w.begin_array();
  for (const std::string& f : loss.findings) w.value(f);
  w.end_array();
  w.key("checkpoints_moved");
  w.begin_array();
  for (const auto& f : moved) w.value(f.filename().string());
  w.end_array();
  w.key("checkpoints_moved_to");
  if (moved.empty()) {
    w.value(nullptr);
  } else {
    w.value(moved_to.string());
  }
  w.end_object();
  return out;
}

domain::Result<std::uint64_t> append_loss_event(eventstore::EventStore& store, std::string data,
                                                domain::Instant now) {
  eventstore::NewEvent e;
  e.event_id = new_event_id('o');
  e.type = std::string(kLogLossAcceptedType);
  e.actor = eventstore::ActorRef{"operator", "system"};
  e.occurred_at_ms = now.time_since_epoch().count();
  e.correlation_id = e.event_id;
  e.data = std::move(data);
  std::vector<eventstore::NewEvent> events;
  events.push_back(std::move(e));
  auto appended = store.append(std::string(kOperationsStream), eventstore::ExpectedVersion::any(),
                               std::move(events));
  if (!appended)
    return failure("cannot record the accepted loss in the log: " + appended.error().message);
  return appended->last_position;
}

domain::Result<void> move_checkpoints(const std::vector<std::filesystem::path>& files,
                                      const std::filesystem::path& to) {
  if (files.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(to, ec);
  if (ec) return failure("cannot create " + to.string() + ": " + ec.message());
  for (const auto& f : files) {
    std::filesystem::rename(f, to / f.filename(), ec);
    if (ec)
      return failure("cannot move " + f.string() + " to " + to.string() + ": " + ec.message());
  }
  return {};
}

// Lowers the outbox checkpoint's positions (outbox.h: decided, low_water)
// to at most `head`.
domain::Result<void> rewind_outbox(const std::filesystem::path& file, std::uint64_t head) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return {};
  auto text = read_file(file);
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  std::uint64_t decided = head;
  std::uint64_t low_water = head;
  if (text && parser.parse(*text).get_object().get(o) == simdjson::SUCCESS) {
    if (o["decided"].get_uint64().get(decided) != simdjson::SUCCESS) decided = head;
    if (o["low_water"].get_uint64().get(low_water) != simdjson::SUCCESS) low_water = head;
  }
  if (decided <= head && low_water <= head) return {};
  std::string json;
  domain::JsonWriter w(json);
  w.begin_object();
  w.member("decided", std::min(decided, head));
  w.member("low_water", std::min(low_water, head));
  w.end_object();
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << json << "\n";
    if (!out) return failure("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) return failure("cannot replace " + file.string() + ": " + ec.message());
  return {};
}

}  // namespace

domain::Result<void> accept_log_loss(eventstore::EventStore& store,
                                     const std::filesystem::path& data_dir, const LogLoss& loss,
                                     std::ostream& err) {
  const auto now = std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now());
  const std::filesystem::path checkpoints = data_dir / "checkpoints";
  const std::vector<std::filesystem::path> moved =
      contradicted_checkpoints(store, checkpoints, loss.surviving_head);
  const std::filesystem::path moved_to = fresh_lost_dir(checkpoints, loss.surviving_head);
  const std::string data = loss_json(loss, moved, moved_to);

  auto position = append_loss_event(store, data, now);
  if (!position) return position.error();
  if (auto done = move_checkpoints(moved, moved_to); !done) return done.error();
  if (auto done = rewind_outbox(data_dir / "outbox" / "checkpoint.json", loss.surviving_head);
      !done) {
    return done.error();
  }
  std::error_code ec;
  std::filesystem::remove_all(data_dir / "projections", ec);
  if (ec)
    return failure("cannot remove the views in " + (data_dir / "projections").string() + ": " +
                   ec.message());

  std::string line;
  domain::JsonWriter w(line);
  w.begin_object();
  w.member("time", now);
  w.key("log_loss_accepted");
  w.raw(data);
  w.member("recorded_at_position", *position);
  w.end_object();
  err << line << "\n"
      << "ticketd: accepted the loss: the log continues after position " << loss.surviving_head
      << " (LogLossAccepted at position " << *position << ")";
  if (!moved.empty())
    err << "; " << moved.size() << " signed checkpoint(s) it contradicts moved to "
        << moved_to.string();
  err << "; the views are rebuilt from the log" << std::endl;
  return {};
}

}  // namespace ticketd::api
