#pragma once
// The command path (DESIGN.md): load a ticket's state from its stream,
// decide, append with the expected version, retry on a version conflict.
// The one place the HTTP layer and the tools turn commands into events.
//
// The commands that touch two tickets are decided by domain::decide_across
// (a Merge closes the source and copies its messages onto the target, a
// customer's reply to a closed ticket opens a follow-up, API.md); the path
// loads both tickets, makes the follow-up's id and appends every stream the
// decision names in one atomic append.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/commands/state_cache.h"
#include "domain/commands.h"
#include "domain/decide_across.h"
#include "domain/events.h"
#include "domain/result.h"
#include "domain/sla_policy.h"
#include "domain/ticket_state.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// The stream of a ticket: "ticket-<id>".
inline constexpr std::string_view kTicketStreamPrefix = "ticket-";
std::string ticket_stream(std::string_view ticket_id);

// Ticket ids are opaque: "t" + 20 random hex digits.
std::string new_ticket_id();

struct CommandRequest {
  std::string ticket_id;  // the ticket acted on; a new id for OpenTicket
  domain::Command command;
  domain::Actor actor;
  // If-Match: the ticket must be at this stream version (kPreconditionFailed
  // otherwise, nothing appended).
  std::optional<std::uint64_t> if_match;
  // When set, the appended events get the ids "<event_id_prefix>/<n>", so a
  // repeat of the same request is recognised by the store as a duplicate
  // (Idempotency-Key). Empty: random ids.
  std::string event_id_prefix;
  std::string correlation_id;
  // kBypass: a system command on a ticket nobody is working on (a timer
  // that fell due); its reads and its result stay out of the caches.
  eventstore::EventStore::CacheUse cache = eventstore::EventStore::CacheUse::kFill;
  // Asked about the existing ticket the caller may see before deciding
  // (each attempt): an error refuses the command as decide() would. For
  // what only the route knows, such as its files' tenant.
  std::function<std::optional<domain::Error>(const domain::TicketState&)> precheck;
};

struct CommandOutcome {
  // The ticket the answer shows: the ticket acted on, the merge target, or
  // the follow-up ticket opened by a reply to a closed ticket. Shared with
  // the state cache after a commit (never null).
  std::shared_ptr<const domain::TicketState> ticket;
  std::uint64_t position = 0;  // log position of its last event
  bool created = false;        // a new ticket was opened (201)
};

// A command fails with decide()'s error, or with what the path adds:
// kPreconditionFailed (If-Match names another version, or the ticket kept
// changing under an If-Match-free retry) and kInternal (the event store
// failed, or a stored event does not decode).
using CommandError = domain::Error;
using CommandResult = domain::Result<CommandOutcome>;

// Thread-safe; `store` must outlive it.
class CommandPath {
 public:
  using PolicyLookup = std::function<domain::SlaPolicy(std::string_view tenant)>;
  using Clock = std::function<domain::Instant()>;

  // `cache_bytes`: about how much memory the folded states of recently used
  // tickets may take, so a load reads and folds only the events appended
  // since (0: no cache). Bounded by size rather than count: tickets differ
  // in size by orders of magnitude (messages are kept whole). The default
  // holds the working set of a busy helpdesk: a ticket with a few replies
  // folds to a few KB, so tens of thousands of tickets (README, Benchmarks:
  // what a smaller cache costs the commands).
  CommandPath(eventstore::EventStore& store, PolicyLookup policies, Clock clock,
              std::size_t cache_bytes = kDefaultCacheBytes);
  ~CommandPath();
  static constexpr std::size_t kDefaultCacheBytes = std::size_t{128} << 20;

  // The ticket's state folded from its stream, up to `max_version`
  // (inclusive), and the log position of the last event folded (0 when the
  // stream is empty: the state does not exist). The cache only ever holds
  // states folded from durable events, so it never runs ahead of the log.
  using Loaded = LoadedTicket;
  domain::Result<Loaded> load(std::string_view ticket_id,
                              std::uint64_t max_version = UINT64_MAX) const;
  // The latest state, for readers: shares the cached state, without a copy,
  // when nothing was appended to the stream since it was folded.
  // CacheUse::kBypass is for a reader that visits many tickets once (the
  // automation's start-up): what it reads stays out of the state cache and
  // the store's block cache, which keep serving the tickets in use.
  using CacheUse = eventstore::EventStore::CacheUse;
  domain::Result<std::shared_ptr<const Loaded>> load_latest(std::string_view ticket_id,
                                                            CacheUse cache = CacheUse::kFill) const;
  // For a reader that follows the log (the automation): the state through
  // at least `known`, the ticket's events it has just read, in stream order
  // and without gaps. When the cached state is that new, or `known`
  // continues it, the state comes from them without reading the stream;
  // otherwise as load_latest(ticket_id, cache). Does not fill the cache.
  domain::Result<std::shared_ptr<const Loaded>> load_through(
      std::string_view ticket_id, std::span<const eventstore::Envelope* const> known,
      CacheUse cache) const;

  // The state cache now: for /metrics and for sizing it.
  using CacheStats = StateCacheStats;
  CacheStats cache_stats() const;

  // Runs `request` and calls `done` once, on the calling thread when it
  // fails before appending, else on the store's completion thread.
  void execute(CommandRequest request, std::function<void(CommandResult)> done);

  // The answer of an earlier request whose events carry `event_id_prefix`:
  // the outcome as it was right after them, and their correlation id.
  // nullopt when no such event exists.
  struct Replay {
    CommandOutcome outcome;
    std::string correlation_id;
  };
  domain::Result<std::optional<Replay>> replay(std::string_view event_id_prefix) const;

 private:
  struct Attempt;
  struct Tickets;
  struct Shown;
  // One attempt: load, decide, append; on_appended retries it on a version
  // conflict, replays a duplicate, or commits.
  void run(std::shared_ptr<Attempt> attempt);
  domain::Result<Tickets> load_tickets(const CommandRequest& req) const;
  domain::Result<domain::TicketDecision> decide(const CommandRequest& req,
                                                const Tickets& tickets) const;
  static Shown take_shown(domain::TicketDecision decision, const Tickets& tickets);
  void on_appended(std::shared_ptr<Attempt> attempt, Shown shown,
                   eventstore::Result<eventstore::AppendResult> r);
  void answer_duplicate(Attempt& attempt) const;
  // The answer after the append: the shown ticket's state evolved by its
  // events, shared with the state cache.
  CommandOutcome commit(const CommandRequest& req, Shown shown,
                        const eventstore::AppendResult& appended);
  domain::Result<Loaded> load(std::string_view ticket_id, std::uint64_t max_version,
                              CacheUse cache) const;
  // Folds `envelopes` (the stream's next events) onto `loaded`.
  static domain::Result<void> fold(const std::vector<eventstore::Envelope>& envelopes,
                                   Loaded& loaded);
  static domain::Result<void> fold_one(const eventstore::Envelope& env, Loaded& loaded);

  eventstore::EventStore& store_;
  std::unique_ptr<StateCache> cache_;
  eventstore::SubscriptionId observer_ = 0;  // tells cache_ of commits
  PolicyLookup policies_;
  Clock clock_;
};

}  // namespace ticketd::api
