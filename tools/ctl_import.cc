// ticketctl import: appends a JSONL export (ctl_export.cc) to a store so
// that every record comes back byte for byte. Each line's hash is
// recomputed before anything is appended, events are appended in log order
// with their stream versions as expected versions (and the ticket-number
// counter for opened tickets), and the final chain head must equal the
// export's last hash. With --blobs DIR the blobs the events' attachments
// name are copied (and checked) into DATA/blobs first; a missing or altered
// one refuses the import before anything is appended.

#include <simdjson.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>

#include "domain/event_codec.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"
#include "tools/ctl_blobs.h"
#include "tools/ctl_commands.h"

namespace ticketd::tools::ctl {
namespace {

constexpr std::size_t kMaxInFlight = 1024;
constexpr std::size_t kMaxEventsPerRequest = 256;

struct Line {
  uint64_t position = 0;
  uint64_t version = 0;
  std::string stream;
  eventstore::NewEvent event;
  std::string prev_hash;
  std::string hash;
};

// Parses one exported envelope; the message says what is wrong.
std::optional<std::string> parse_line(const std::string& text, Line& out) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(text);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return "not JSON";
  std::string_view s;
  auto str = [&](const char* field, std::string& into, bool required = true) -> bool {
    if (doc[field].get_string().get(s)) {
      if (required) return false;
      into.clear();
      return true;
    }
    into.assign(s);
    return true;
  };
  if (doc["position"].get_uint64().get(out.position)) return "no position";
  if (doc["version"].get_uint64().get(out.version)) return "no version";
  if (!str("stream", out.stream) || !str("type", out.event.type) ||
      !str("event_id", out.event.event_id) || !str("tenant", out.event.tenant) ||
      !str("prev_hash", out.prev_hash) || !str("hash", out.hash)) {
    return "stream, type, event_id, tenant, prev_hash and hash are required strings";
  }
  simdjson::ondemand::object actor;
  if (doc["actor"].get_object().get(actor)) return "no actor";
  if (actor["id"].get_string().get(s)) return "no actor.id";
  out.event.actor.id.assign(s);
  if (actor["role"].get_string().get(s)) return "no actor.role";
  out.event.actor.role.assign(s);
  if (doc["occurred_at"].get_string().get(s)) return "no occurred_at";
  auto at = domain::parse_instant(s);
  if (!at) return "occurred_at is not an RFC 3339 instant";
  out.event.occurred_at_ms = at->time_since_epoch().count();
  simdjson::ondemand::object data;
  if (!doc["data"].get_object().get(data)) {
    if (data.raw_json().get(s)) return "data is not valid JSON";
    out.event.data.assign(s);
  } else {
    out.event.data.clear();  // "data": null stands for no payload
  }
  if (!str("correlation_id", out.event.correlation_id, /*required=*/false))
    return "bad correlation_id";
  uint64_t schema = 0;
  if (doc["schema_version"].get_uint64().get(schema)) {
    return "no schema_version (import wants a `ticketctl export`, which has it)";
  }
  out.event.schema_version = static_cast<uint32_t>(schema);
  return std::nullopt;
}

// Appends requests in order without waiting for each; remembers the first failure.
class Appender {
 public:
  explicit Appender(eventstore::EventStore& store) : store_(store) {}

  void submit(eventstore::AppendRequest request, uint64_t first_position, uint64_t opened_number) {
    if (opened_number > 0) {
      request.finalize = [this, opened_number](uint64_t value,
                                               std::vector<eventstore::StreamAppend>&) {
        if (value != opened_number) {
          record("ticket number counter gave " + std::to_string(value) + ", the export says " +
                 std::to_string(opened_number));
        }
      };
    }
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return in_flight_ < kMaxInFlight; });
      ++in_flight_;
    }
    store_.append_async(std::move(request), [this, first_position](
                                                eventstore::Result<eventstore::AppendResult> r) {
      if (!r) {
        record("append at position " + std::to_string(first_position) +
               " failed: " + r.error().message);
      } else if (r->duplicate || r->first_position != first_position) {
        record("the event meant for position " + std::to_string(first_position) + " landed at " +
               std::to_string(r->first_position) + (r->duplicate ? " (already stored)" : ""));
      }
      std::lock_guard lock(mu_);
      --in_flight_;
      cv_.notify_all();
    });
  }

  // Waits for every append; the first error, empty if none.
  std::string finish() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return in_flight_ == 0; });
    return error_;
  }

  bool failed() {
    std::lock_guard lock(mu_);
    return !error_.empty();
  }

 private:
  void record(std::string message) {
    std::lock_guard lock(mu_);
    if (error_.empty()) error_ = std::move(message);
  }

  eventstore::EventStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t in_flight_ = 0;
  std::string error_;
};

// The attachments of the events in the export `file`, read before anything
// is appended (import --blobs). Lines that do not parse are left to the
// import, which stops at them. False when the file cannot be read.
bool attachments_in(const std::string& file, AttachmentRefs& refs) {
  std::ifstream in(file, std::ios::binary);
  std::string text;
  Line line;
  while (in && std::getline(in, text)) {
    if (text.find("\"attachments\"") == std::string::npos) continue;
    if (parse_line(text, line)) continue;
    refs.add(line.stream, line.position, line.event.type, line.event.data,
             line.event.schema_version);
  }
  return !in.bad();
}

// import --blobs: copies the blobs the export names from `from` into
// DATA/blobs; on any problem takes them back, prints it and returns the exit
// code (nothing has been appended yet).
std::optional<int> carry_import_blobs(const char* name, const GlobalOptions& global,
                                      const std::string& file, const std::string& from) {
  AttachmentRefs refs;
  if (!attachments_in(file, refs)) return fail(name, kStoreError, "cannot read " + file);
  auto to = eventstore::BlobStore::open(global.blobs_dir());
  if (!to) return fail(name, kStoreError, to.error().message);
  Progress copying(global, "blobs", "bytes");
  auto carried = carry_blobs(refs, from, **to, copying);
  copying.finish();
  if (!carried) return fail(name, kStoreError, "copying the blobs: " + carried.error().message);
  if (carried->ok()) return std::nullopt;
  remove_written(*carried, **to);
  for (const std::string& line : problem_lines(*carried)) fail(name, kCheckFailed, line);
  return fail(name, kCheckFailed,
              summary_line(*carried) + " in " + from + "; nothing was imported");
}

}  // namespace

int run_import(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "import";
  Args args(kName, raw, global, {"--blobs"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (args.positional().size() != 1)
    return fail(kName, kUsage, "wants one FILE (or - for standard input)");
  const std::string file = args.positional().front();
  const std::optional<std::string> blobs_dir = args.value("--blobs");
  // The blobs are checked in a first reading of the file, before the second
  // appends: standard input cannot be read twice.
  if (blobs_dir && file == "-") return fail(kName, kUsage, "--blobs needs a FILE, not -");
  if (blobs_dir && !std::filesystem::is_directory(*blobs_dir))
    return fail(kName, kUsage, *blobs_dir + " is not a directory");
  std::ifstream in_file;
  std::istream* in = &std::cin;
  std::uint64_t total_bytes = 0;
  if (file != "-") {
    in_file.open(file, std::ios::binary);
    if (!in_file) return fail(kName, kUsage, "cannot read " + file);
    in = &in_file;
    std::error_code ec;
    total_bytes = std::filesystem::file_size(file, ec);
  }
  auto store = open_log(kName, global, /*read_only=*/false, /*create=*/true);
  if (!store) return kStoreError;
  if (blobs_dir) {
    if (auto refused = carry_import_blobs(kName, global, file, *blobs_dir)) return *refused;
  }
  // Without --blobs: which attachments arrive without their bytes.
  AttachmentRefs uncarried;

  uint64_t next_position = store->head() + 1;
  eventstore::Hash prev{};
  if (store->head() > 0) {
    auto last = store->read_all(store->head() - 1, 1);
    if (!last || last->empty()) return fail(kName, kStoreError, "cannot read the head record");
    prev = last->front().hash;
  }
  const uint64_t first_position = next_position;
  Appender appender(*store);
  eventstore::Sha256 sha;
  std::string canonical;
  eventstore::AppendRequest request;
  uint64_t request_position = 0;
  uint64_t opened_number = 0;
  auto flush = [&] {
    if (request.streams.empty()) return;
    appender.submit(std::move(request), request_position, opened_number);
    request = eventstore::AppendRequest();
    opened_number = 0;
  };

  Progress progress(global, "import", "bytes");
  std::uint64_t bytes = 0;
  std::uint64_t line_number = 0;
  std::string text;
  Line line;
  std::string problem;
  while (problem.empty() && std::getline(*in, text)) {
    ++line_number;
    bytes += text.size() + 1;
    if (text.empty()) continue;
    const std::string at = "line " + std::to_string(line_number) + ": ";
    if (auto bad = parse_line(text, line)) {
      problem = at + *bad;
      break;
    }
    if (line.position != next_position) {
      problem =
          at + "position " + std::to_string(line.position) + " where " +
          std::to_string(next_position) + " was due (the store's head is " +
          std::to_string(first_position - 1) +
          "; an import continues the log without gaps, so filtered exports cannot be imported)";
      break;
    }
    if (line.prev_hash != eventstore::to_hex(prev)) {
      problem = at + "prev_hash does not link to the record before it";
      break;
    }
    canonical.clear();
    eventstore::append_canonical(
        canonical, eventstore::record_view(line.position, line.stream, line.version, line.event));
    prev = sha.digest(prev, canonical);
    if (eventstore::to_hex(prev) != line.hash) {
      problem = at + "the record does not hash to its exported hash (edited after export?)";
      break;
    }
    if (!blobs_dir) {
      uncarried.add(line.stream, line.position, line.event.type, line.event.data,
                    line.event.schema_version);
    }
    const bool opens = line.event.type == domain::TicketOpened::kType;
    uint64_t number = 0;
    if (opens) {
      auto body =
          domain::decode_event_data(line.event.type, line.event.data, line.event.schema_version);
      if (!body) {
        problem = at + "TicketOpened does not decode: " + body.error().message;
        break;
      }
      number = std::get<domain::TicketOpened>(*body).number;
    }
    const bool same_stream = !request.streams.empty() &&
                             request.streams.back().stream == line.stream &&
                             request.streams.back().events.size() < kMaxEventsPerRequest;
    if (!same_stream || opens) flush();
    if (request.streams.empty()) {
      request_position = line.position;
      eventstore::StreamAppend part;
      part.stream = line.stream;
      part.expected = line.version == 1 ? eventstore::ExpectedVersion::no_stream()
                                        : eventstore::ExpectedVersion::exactly(line.version - 1);
      request.streams.push_back(std::move(part));
      if (opens) {
        opened_number = number;
        request.counter = "ticket_number/" + line.event.tenant;
      }
    }
    request.streams.back().events.push_back(std::move(line.event));
    line.event = eventstore::NewEvent();
    ++next_position;
    if (line_number % 4096 == 0) {
      progress.update(bytes, std::max(total_bytes, bytes));
      if (appender.failed()) break;
    }
  }
  if (problem.empty() && in->bad()) problem = "cannot read " + file;
  // Everything before a bad line is imported (and was checked).
  flush();
  std::string append_error = appender.finish();
  progress.update(bytes, std::max(total_bytes, bytes));
  progress.finish();
  if (const std::uint64_t absent = count_absent(uncarried, global.blobs_dir()); absent > 0) {
    std::fprintf(stderr,
                 "ticketctl import: warning: the events name %llu attachments; %llu of their "
                 "blobs are not in %s. An export does not carry them (use export --blobs DIR "
                 "and import --blobs DIR); verify will report them missing\n",
                 static_cast<unsigned long long>(uncarried.references()),
                 static_cast<unsigned long long>(absent), global.blobs_dir().c_str());
  }
  if (!problem.empty()) {
    return fail(kName, kCheckFailed,
                problem + "; " + std::to_string(store->head() - first_position + 1) +
                    " events were imported before it");
  }
  if (!append_error.empty()) return fail(kName, kStoreError, append_error);
  const uint64_t imported = next_position - first_position;
  std::string head_hash = "";
  if (store->head() > 0) {
    auto last = store->read_all(store->head() - 1, 1);
    if (!last || last->empty()) return fail(kName, kStoreError, "cannot read the head record");
    head_hash = eventstore::to_hex(last->front().hash);
  }
  if (store->head() != next_position - 1 || head_hash != eventstore::to_hex(prev)) {
    return fail(kName, kCheckFailed,
                "the imported log's head does not match the export's last record");
  }
  const double seconds = progress.elapsed();
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("events", imported);
    w.member("head", store->head());
    w.member("head_hash", head_hash);
    w.member("seconds", seconds);
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    std::printf("imported %llu events in %.2f s; head %llu, hash %s (equal to the export's)\n",
                static_cast<unsigned long long>(imported), seconds,
                static_cast<unsigned long long>(store->head()), head_hash.c_str());
  }
  return kOk;
}

}  // namespace ticketd::tools::ctl
