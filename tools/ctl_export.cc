// ticketctl export: the log in log order as JSONL (API.md envelopes plus
// correlation_id and schema_version) or CSV, filtered by position or time
// range, tenant and event type; with --blobs DIR also the blobs the
// exported events' attachments name (ctl_blobs.h), for import --blobs.

#include <cstdio>
#include <set>

#include "api/views/envelope_json.h"
#include "domain/time_format.h"
#include "tools/ctl_blobs.h"
#include "tools/ctl_commands.h"

namespace ticketd::tools::ctl {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

// A --from/--to bound: a log position or an instant.
struct Bound {
  std::optional<std::uint64_t> position;
  std::optional<domain::Instant> time;
};

bool parse_bound(const std::optional<std::string>& text, Bound& out) {
  if (!text) return true;
  if (auto p = parse_u64(*text)) {
    out.position = *p;
    return true;
  }
  if (auto t = domain::parse_instant(*text)) {
    out.time = *t;
    return true;
  }
  if (auto d = domain::parse_date(*text)) {
    out.time = domain::Instant(*d);
    return true;
  }
  return false;
}

// RFC 4180: quoted when it holds a comma, quote or line break.
void csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

constexpr const char* kCsvHeader =
    "position,occurred_at,tenant,stream,version,type,event_id,actor_id,actor_role,correlation_id,"
    "schema_version,data,prev_hash,hash\r\n";

void csv_row(std::string& out, const eventstore::Envelope& e) {
  out += std::to_string(e.position);
  out.push_back(',');
  domain::append_instant(out, domain::Instant(domain::Millis(e.occurred_at_ms)));
  for (std::string_view field : {std::string_view(e.tenant), std::string_view(e.stream)}) {
    out.push_back(',');
    csv_field(out, field);
  }
  out += "," + std::to_string(e.version);
  for (std::string_view field :
       {std::string_view(e.type), std::string_view(e.event_id), std::string_view(e.actor.id),
        std::string_view(e.actor.role), std::string_view(e.correlation_id)}) {
    out.push_back(',');
    csv_field(out, field);
  }
  out += "," + std::to_string(e.schema_version) + ",";
  csv_field(out, e.data);
  out += "," + eventstore::to_hex(e.prev_hash) + "," + eventstore::to_hex(e.hash) + "\r\n";
}

}  // namespace

int run_export(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "export";
  Args args(kName, raw, global,
            {"--from", "--to", "--tenant", "--type", "--format", "--out", "--blobs"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (!args.positional().empty())
    return fail(kName, kUsage, "unexpected argument '" + args.positional().front() + "'");
  const std::string format = args.value("--format").value_or("jsonl");
  if (format != "jsonl" && format != "csv")
    return fail(kName, kUsage, "--format must be jsonl or csv");
  Bound from, to;
  if (!parse_bound(args.value("--from"), from))
    return fail(kName, kUsage, "--from: not a position, instant or date");
  if (!parse_bound(args.value("--to"), to))
    return fail(kName, kUsage, "--to: not a position, instant or date");
  const std::optional<std::string> tenant = args.value("--tenant");
  std::set<std::string, std::less<>> types;
  if (auto list = args.value("--type")) {
    std::size_t start = 0;
    while (start <= list->size()) {
      const std::size_t comma = std::min(list->find(',', start), list->size());
      if (comma > start) types.insert(list->substr(start, comma - start));
      start = comma + 1;
    }
  }

  auto store = open_log(kName, global, /*read_only=*/true);
  if (!store) return kStoreError;
  FILE* out = stdout;
  const std::optional<std::string> out_file = args.value("--out");
  if (out_file) {
    out = std::fopen(out_file->c_str(), "wb");
    if (out == nullptr) return fail(kName, kStoreError, "cannot write " + *out_file);
  }

  const std::optional<std::string> blobs_dir = args.value("--blobs");
  std::unique_ptr<eventstore::BlobStore> blob_target;
  if (blobs_dir) {
    auto opened = eventstore::BlobStore::open(*blobs_dir);
    if (!opened) return fail(kName, kStoreError, opened.error().message);
    blob_target = std::move(*opened);
  }
  AttachmentRefs refs;

  const std::uint64_t head = store->head();
  const std::uint64_t first = from.position.value_or(1);
  const std::uint64_t end = to.position ? std::min(*to.position, head + 1) : head + 1;  // exclusive
  std::string buffer;
  if (format == "csv") buffer = kCsvHeader;
  std::uint64_t exported = 0;
  bool write_failed = false;
  auto flush = [&] {
    if (!buffer.empty() && std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size())
      write_failed = true;
    buffer.clear();
  };
  Progress progress(global, "export", "events");
  eventstore::LogCursor cursor = store->cursor(first > 0 ? first - 1 : 0);
  std::string read_error;
  while (!write_failed) {
    auto more = cursor.next();
    if (!more) {
      read_error = more.error().message;
      break;
    }
    if (!*more) break;
    const eventstore::Envelope& e = cursor.envelope();
    if (e.position >= end) break;
    if (e.position % 4096 == 0) progress.update(e.position - first + 1, end - first);
    const domain::Instant at{domain::Millis(e.occurred_at_ms)};
    if ((from.time && at < *from.time) || (to.time && at >= *to.time)) continue;
    if (tenant && e.tenant != *tenant) continue;
    if (!types.empty() && types.find(e.type) == types.end()) continue;
    if (format == "csv") {
      csv_row(buffer, e);
    } else {
      domain::JsonWriter w(buffer);
      api::write_full_envelope(w, e);
      buffer.push_back('\n');
    }
    if (blob_target) refs.add(e);
    ++exported;
    if (buffer.size() >= kFlushBytes) flush();
  }
  flush();
  progress.update(end > first ? end - first : 0, end > first ? end - first : 0);
  progress.finish();
  const bool closed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
  if (!read_error.empty()) return fail(kName, kStoreError, read_error);
  if (write_failed || !closed) return fail(kName, kStoreError, "write failed");
  std::optional<BlobReport> blobs;
  if (blob_target) {
    Progress copying(global, "blobs", "bytes");
    auto carried = carry_blobs(refs, global.blobs_dir(), *blob_target, copying);
    if (!carried) return fail(kName, kStoreError, "copying the blobs: " + carried.error().message);
    blobs = std::move(*carried);
  }
  if (out_file) {
    const double seconds = progress.elapsed();
    if (global.json) {
      std::string json;
      domain::JsonWriter w(json);
      w.begin_object();
      w.member("events", exported);
      w.member("file", *out_file);
      w.member("seconds", seconds);
      if (blobs) {
        w.key("blobs");
        w.begin_object();
        w.member("referenced", blobs->blobs);
        w.member("copied", blobs->copied);
        w.member("missing", blobs->missing);
        w.member("damaged", blobs->damaged);
        w.end_object();
      }
      w.end_object();
      std::printf("%s\n", json.c_str());
    } else {
      std::printf("exported %llu events to %s in %.2f s\n",
                  static_cast<unsigned long long>(exported), out_file->c_str(), seconds);
      if (blobs) {
        std::printf("blobs: %llu referenced, %llu copied to %s\n",
                    static_cast<unsigned long long>(blobs->blobs),
                    static_cast<unsigned long long>(blobs->copied), blobs_dir->c_str());
      }
    }
  }
  if (blobs && !blobs->ok()) {
    for (const std::string& line : problem_lines(*blobs)) fail(kName, kCheckFailed, line);
    return fail(kName, kCheckFailed,
                "the events are exported, but " + summary_line(*blobs) + " in " +
                    global.blobs_dir().string() + " (run ticketctl verify)");
  }
  return kOk;
}

}  // namespace ticketd::tools::ctl
