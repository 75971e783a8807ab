// ticketctl history: one ticket as of an instant or a log position -- the
// same fold and JSON as GET /admin/v1/tickets/{id}/history (api/views/ticket_history.h).

#include <cstdio>

#include "api/commands/command_path.h"
#include "api/views/ticket_history.h"
#include "domain/event_codec.h"
#include "domain/time_format.h"
#include "tools/ctl_commands.h"
#include "tools/event_lines.h"

namespace ticketd::tools::ctl {
namespace {

// The ticket id for `id_or_key`: an id with a stream, or a key
// "<tenant>-<number>" found by scanning the log's TicketOpened events.
// Empty when there is no such ticket.
eventstore::Result<std::string> resolve_ticket(const eventstore::EventStore& store,
                                               const std::string& id_or_key) {
  auto version = store.stream_version(api::ticket_stream(id_or_key));
  if (!version) return version.error();
  if (*version > 0) return id_or_key;
  const auto dash = id_or_key.rfind('-');
  if (dash == std::string::npos) return std::string();
  const std::string tenant = id_or_key.substr(0, dash);
  const auto number = parse_u64(std::string_view(id_or_key).substr(dash + 1));
  if (!number) return std::string();
  std::string found;
  auto scanned = store.scan(0, [&](const eventstore::Envelope& env) {
    if (env.type != domain::TicketOpened::kType || env.tenant != tenant) return true;
    auto body = domain::decode_event_data(env.type, env.data, env.schema_version);
    if (body) {
      const auto& opened = std::get<domain::TicketOpened>(*body);
      if (opened.number == *number) found = opened.ticket_id;
    }
    return found.empty();
  });
  if (!scanned) return scanned.error();
  return found;
}

void print_text(const api::TicketHistory& history, const std::string& ticket_id,
                const std::string& point) {
  std::printf("ticket %s%s%s: %zu events%s\n",
              history.state.exists ? history.state.key().c_str() : "",
              history.state.exists ? " " : "", ("(" + ticket_id + ")").c_str(),
              history.events.size(), point.c_str());
  for (const auto& env : history.events) {
    auto body = domain::decode_event_data(env.type, env.data, env.schema_version);
    const std::string line =
        body ? describe_event(*body) : "(does not decode: " + body.error().message + ")";
    std::printf("  #%-8llu %s  v%-3llu %-18s %s (%s): %s\n",
                static_cast<unsigned long long>(env.position),
                domain::format_instant(domain::Instant(domain::Millis(env.occurred_at_ms))).c_str(),
                static_cast<unsigned long long>(env.version), env.type.c_str(),
                env.actor.id.c_str(), env.actor.role.c_str(), line.c_str());
  }
  std::printf("state: %s\n", describe_state(history.state).c_str());
}

}  // namespace

int run_history(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "history";
  Args args(kName, raw, global, {"--as-of", "--at-position"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (args.positional().size() != 1)
    return fail(kName, kUsage, "wants one TICKET (an id or a key like acme-42)");
  if (args.has("--as-of") && args.has("--at-position")) {
    return fail(kName, kUsage, "give --as-of or --at-position, not both");
  }
  api::HistoryPoint point;
  std::string point_text;
  if (auto text = args.value("--as-of")) {
    point.as_of = domain::parse_instant(*text);
    if (!point.as_of) return fail(kName, kUsage, "--as-of: not an RFC 3339 instant: " + *text);
    point_text = " as of " + domain::format_instant(*point.as_of);
  }
  if (auto text = args.value("--at-position")) {
    point.at_position = parse_u64(*text);
    if (!point.at_position) return fail(kName, kUsage, "--at-position: not a position: " + *text);
    point_text = " at log position " + *text;
  }
  auto store = open_log(kName, global, /*read_only=*/true);
  if (!store) return kStoreError;
  auto id = resolve_ticket(*store, args.positional().front());
  if (!id) return fail(kName, kStoreError, id.error().message);
  if (id->empty()) return fail(kName, kCheckFailed, "no ticket " + args.positional().front());
  auto history = api::load_ticket_history(*store, *id, point);
  if (!history) return fail(kName, kStoreError, history.error().message);
  if (global.json) {
    // The viewer of the admin API: staff see internal notes.
    const domain::Actor auditor{"ticketctl", domain::Role::kAdmin, "", "", "ticketctl"};
    std::string out;
    domain::JsonWriter w(out);
    api::write_ticket_history(w, *history, auditor);
    std::printf("%s\n", out.c_str());
  } else {
    print_text(*history, *id, point_text);
  }
  return kOk;
}

}  // namespace ticketd::tools::ctl
