#include "api/commands/command_path.h"

#include <functional>
#include <string_view>
#include <utility>

#include "api/commands/ids.h"
#include "codec/envelope_codec.h"
#include "domain/decide.h"
#include "domain/decide_across.h"
#include "domain/event_codec.h"
#include "domain/events.h"
#include "domain/evolve.h"

namespace ticketd::api {
namespace {

constexpr int kMaxAttempts = 8;

// The event store failed: the request fails with kInternal (500, logged).
CommandError store_failure(const eventstore::StoreError& e) {
  return domain::make_error(domain::ErrorCode::kInternal, "the event store failed: " + e.message);
}

// A stored stream could not be read or folded.
domain::Error read_failure(std::string_view ticket_id, const domain::Error& e) {
  return domain::make_error(domain::ErrorCode::kInternal,
                            "cannot load ticket " + std::string(ticket_id) + ": " + e.message);
}

// The id of a follow-up ticket: random, or derived from the idempotency
// prefix so that a repeat of the reply finds the ticket it opened.
std::string follow_up_id(const CommandRequest& req) {
  return req.event_id_prefix.empty() ? new_ticket_id()
                                     : "t" + sha256_hex(req.event_id_prefix).substr(0, 20);
}

// The id of the command's `n`th event: random, or "<prefix>/<n>" so that
// the store recognises a repeat of the request as a duplicate.
std::string event_id(const CommandRequest& req, std::size_t n) {
  return req.event_id_prefix.empty() ? new_event_id('e')
                                     : req.event_id_prefix + "/" + std::to_string(n);
}

std::optional<CommandError> if_match_failure(const CommandRequest& req,
                                             const domain::TicketState& state) {
  if (!req.if_match || *req.if_match == state.version || !state.exists ||
      !domain::visible_to(state, req.actor)) {
    return std::nullopt;
  }
  return domain::make_error(domain::ErrorCode::kPreconditionFailed,
                            "the ticket is at version " + std::to_string(state.version) + ", not " +
                                std::to_string(*req.if_match));
}

// The new ticket's number is allocated by the store in the same atomic
// write, from the tenant's counter, and set in its TicketOpened (the first
// event of the append's last stream) before the events are hashed.
void number_new_ticket(eventstore::AppendRequest& append, const std::string& tenant) {
  append.counter = "ticket_number/" + tenant;
  append.finalize = [](std::uint64_t number, std::vector<eventstore::StreamAppend>& streams) {
    eventstore::NewEvent& first = streams.back().events.front();
    domain::Result<domain::EventBody> body =
        domain::decode_event_data(first.type, first.data, first.schema_version);
    if (!body) throw std::runtime_error(body.error().message);
    std::get<domain::TicketOpened>(*body).number = number;
    first.data = domain::encode_event_data(*body);
  };
}

// The decision as one atomic append: each stream at the version it was
// decided on (a new ticket's must not exist), streams without events left out.
eventstore::AppendRequest to_append(const CommandRequest& req,
                                    const domain::TicketDecision& decision) {
  eventstore::AppendRequest append;
  std::size_t n = 0;
  for (const domain::StreamDecision& decided : decision.streams) {
    if (decided.events.empty()) continue;
    eventstore::StreamAppend stream;
    stream.stream = ticket_stream(decided.ticket_id);
    stream.expected = decided.opens ? eventstore::ExpectedVersion::no_stream()
                                    : eventstore::ExpectedVersion::exactly(decided.version);
    for (const domain::Event& e : decided.events) {
      stream.events.push_back(
          codec::to_new_event(e, decided.tenant, event_id(req, n++), req.correlation_id));
    }
    append.streams.push_back(std::move(stream));
  }
  if (!append.streams.empty() && decision.shown().opens)
    number_new_ticket(append, decision.shown().tenant);
  return append;
}

}  // namespace

std::string ticket_stream(std::string_view ticket_id) {
  return std::string(kTicketStreamPrefix) + std::string(ticket_id);
}

std::string new_ticket_id() { return "t" + random_hex(10); }

struct CommandPath::Attempt {
  CommandRequest request;
  std::function<void(CommandResult)> done;
  int attempts = 0;
};

// What a run reads: the ticket acted on (the cached state itself, never
// null) and, when the command names one, the other ticket (a merge target).
struct CommandPath::Tickets {
  std::shared_ptr<const Loaded> acting;
  std::optional<Loaded> other;
};

// The ticket the answer shows (the decision's last stream) before the
// command, its log position, and the events the command appends to it.
struct CommandPath::Shown {
  std::string ticket_id;
  domain::TicketState state;
  std::uint64_t position = 0;
  std::vector<domain::Event> events;
  bool opens = false;
};

CommandPath::Shown CommandPath::take_shown(domain::TicketDecision decision,
                                           const Tickets& tickets) {
  domain::StreamDecision& decided = decision.streams.back();
  Shown shown{decided.ticket_id, {}, 0, std::move(decided.events), decided.opens};
  if (!decided.opens) {
    const bool other = tickets.other && tickets.other->state.id == decided.ticket_id;
    const Loaded& before = other ? *tickets.other : *tickets.acting;
    shown.state = before.state;
    shown.position = before.position;
  }
  return shown;
}

CommandPath::CommandPath(eventstore::EventStore& store, PolicyLookup policies, Clock clock,
                         std::size_t cache_bytes)
    : store_(store),
      cache_(cache_bytes > 0 ? std::make_unique<StateCache>(cache_bytes) : nullptr),
      policies_(std::move(policies)),
      clock_(std::move(clock)) {
  if (cache_) {
    observer_ = store_.observe_commits(
        [cache = cache_.get()](const std::vector<eventstore::StreamHead>& heads) {
          cache->on_commit(heads);
        });
  }
}

CommandPath::~CommandPath() {
  if (observer_ != 0) store_.unobserve_commits(observer_);
}

CommandPath::CacheStats CommandPath::cache_stats() const {
  return cache_ ? cache_->stats() : CacheStats{};
}

domain::Result<CommandPath::Loaded> CommandPath::load(std::string_view ticket_id,
                                                      std::uint64_t max_version) const {
  return load(ticket_id, max_version, CacheUse::kFill);
}

domain::Result<CommandPath::Loaded> CommandPath::load(std::string_view ticket_id,
                                                      std::uint64_t max_version,
                                                      CacheUse cache) const {
  Loaded loaded;
  if (ticket_id.empty()) return loaded;
  const StateCache::Lookup found = cache_ ? cache_->get(ticket_id) : StateCache::Lookup{};
  if (found.loaded && found.loaded->state.version <= max_version) {
    loaded = *found.loaded;
    if (found.current) return loaded;  // nothing was appended after it
  }
  // Whether the fold reached the end of the stream (rather than max_version).
  bool at_head = false;
  if (loaded.state.version < max_version) {
    const std::uint64_t wanted = max_version - loaded.state.version;
    eventstore::Result<std::vector<eventstore::Envelope>> tail =
        store_.read_stream(ticket_stream(ticket_id), loaded.state.version + 1, wanted, cache);
    if (!tail) return store_failure(tail.error());
    if (auto r = fold(*tail, loaded); !r) return read_failure(ticket_id, r.error());
    at_head = tail->size() < wanted;
  }
  if (cache_ && cache == CacheUse::kFill && loaded.state.exists &&
      (!found.loaded || found.loaded->state.version < loaded.state.version)) {
    cache_->put(std::string(ticket_id), std::make_shared<const Loaded>(loaded), found.epoch,
                at_head);
  }
  return loaded;
}

domain::Result<std::shared_ptr<const CommandPath::Loaded>> CommandPath::load_latest(
    std::string_view ticket_id, CacheUse cache) const {
  const StateCache::Lookup found = cache_ ? cache_->get(ticket_id) : StateCache::Lookup{};
  if (found.loaded && found.current) return found.loaded;
  // Not cached, or stale: fold what the stream has after the cached state.
  const std::uint64_t from = found.loaded ? found.loaded->state.version + 1 : 1;
  eventstore::Result<std::vector<eventstore::Envelope>> tail =
      store_.read_stream(ticket_stream(ticket_id), from, UINT64_MAX, cache);
  if (!tail) return store_failure(tail.error());
  if (found.loaded && tail->empty()) {  // stale only as far as the cache knew
    cache_->confirm(ticket_id, found.loaded.get(), found.epoch);
    return found.loaded;
  }
  auto loaded = found.loaded ? std::make_shared<Loaded>(*found.loaded) : std::make_shared<Loaded>();
  if (auto r = fold(*tail, *loaded); !r) return read_failure(ticket_id, r.error());
  // One state, shared by the answer and the cache.
  if (cache_ && cache == CacheUse::kFill && loaded->state.exists) {
    cache_->put(std::string(ticket_id), loaded, found.epoch, true);
  }
  return loaded;
}

domain::Result<std::shared_ptr<const CommandPath::Loaded>> CommandPath::load_through(
    std::string_view ticket_id, std::span<const eventstore::Envelope* const> known,
    CacheUse cache) const {
  const StateCache::Lookup found = cache_ ? cache_->get(ticket_id) : StateCache::Lookup{};
  if (found.loaded && !known.empty()) {
    const std::uint64_t version = found.loaded->state.version;
    if (version >= known.back()->version) return found.loaded;
    if (version + 1 >= known.front()->version) {
      auto loaded = std::make_shared<Loaded>(*found.loaded);
      for (const eventstore::Envelope* env : known) {
        if (env->version <= version) continue;
        if (auto r = fold_one(*env, *loaded); !r) return read_failure(ticket_id, r.error());
      }
      return loaded;
    }
  }
  return load_latest(ticket_id, cache);
}

domain::Result<void> CommandPath::fold(const std::vector<eventstore::Envelope>& envelopes,
                                       Loaded& loaded) {
  for (const eventstore::Envelope& env : envelopes) {
    if (auto r = fold_one(env, loaded); !r) return r;
  }
  return {};
}

domain::Result<void> CommandPath::fold_one(const eventstore::Envelope& env, Loaded& loaded) {
  domain::Result<domain::Event> event = codec::to_event(env);
  if (!event) return event.error();
  loaded.state = domain::evolve(std::move(loaded.state), *event);
  loaded.position = env.position;
  return {};
}

void CommandPath::execute(CommandRequest request, std::function<void(CommandResult)> done) {
  auto attempt = std::make_shared<Attempt>();
  attempt->request = std::move(request);
  attempt->done = std::move(done);
  run(std::move(attempt));
}

void CommandPath::run(std::shared_ptr<Attempt> attempt) {
  const CommandRequest& req = attempt->request;
  ++attempt->attempts;
  domain::Result<Tickets> tickets = load_tickets(req);
  if (!tickets) return attempt->done(std::move(tickets.error()));
  if (auto stale = if_match_failure(req, tickets->acting->state))
    return attempt->done(std::move(*stale));
  if (const domain::TicketState& state = tickets->acting->state;
      req.precheck && state.exists && domain::visible_to(state, req.actor)) {
    if (auto refused = req.precheck(state)) return attempt->done(std::move(*refused));
  }
  domain::Result<domain::TicketDecision> decision = decide(req, *tickets);
  if (!decision) return attempt->done(std::move(decision.error()));  // decide's refusal, as it is
  eventstore::AppendRequest append = to_append(req, *decision);
  Shown shown = take_shown(std::move(*decision), *tickets);
  if (append.streams.empty()) {  // the command changes nothing: answer the ticket as it is
    return attempt->done(
        CommandOutcome{std::make_shared<const domain::TicketState>(std::move(shown.state)),
                       shown.position, false});
  }
  store_.append_async(std::move(append),
                      [this, attempt, shown = std::move(shown)](
                          eventstore::Result<eventstore::AppendResult> r) mutable {
                        on_appended(std::move(attempt), std::move(shown), std::move(r));
                      });
}

domain::Result<CommandPath::Tickets> CommandPath::load_tickets(const CommandRequest& req) const {
  // The cached state itself when it is current: decide reads it, and the
  // one copy is the Shown state that the answer evolves.
  static const auto kNoTicket = std::make_shared<const Loaded>();
  Tickets tickets{kNoTicket, std::nullopt};
  if (!req.ticket_id.empty()) {
    domain::Result<std::shared_ptr<const Loaded>> latest = load_latest(req.ticket_id, req.cache);
    if (!latest) return latest.error();
    tickets.acting = std::move(*latest);
  }
  // A merge target; not read for a ticket the actor cannot see, which the
  // decision refuses before looking at the target.
  const std::optional<std::string> other = domain::other_ticket(req.command);
  if (other && domain::visible_to(tickets.acting->state, req.actor)) {
    domain::Result<Loaded> loaded = load(*other, UINT64_MAX, req.cache);
    if (!loaded) return loaded.error();
    tickets.other = std::move(*loaded);
  }
  return tickets;
}

domain::Result<domain::TicketDecision> CommandPath::decide(const CommandRequest& req,
                                                           const Tickets& tickets) const {
  const domain::TicketState& state = tickets.acting->state;
  domain::OtherTickets others;
  if (tickets.other) others.named = &tickets.other->state;
  if (domain::opens_follow_up(req.command, state, req.actor))
    others.follow_up_id = follow_up_id(req);
  const auto* open = std::get_if<domain::OpenTicket>(&req.command);
  const domain::Context ctx{req.actor, clock_(),
                            policies_(open != nullptr ? open->tenant : state.tenant)};
  return domain::decide_across(req.command, state, others, ctx);
}

void CommandPath::on_appended(std::shared_ptr<Attempt> attempt, Shown shown,
                              eventstore::Result<eventstore::AppendResult> r) {
  const CommandRequest& req = attempt->request;
  if (!r) {
    const auto code = r.error().code;
    if (code == eventstore::StoreErrorCode::kWrongExpectedVersion && !req.if_match &&
        attempt->attempts < kMaxAttempts) {
      return run(std::move(attempt));  // somebody else changed the ticket: decide again
    }
    if (code == eventstore::StoreErrorCode::kWrongExpectedVersion) {
      return attempt->done(domain::make_error(domain::ErrorCode::kPreconditionFailed,
                                              "the ticket changed meanwhile"));
    }
    if (code != eventstore::StoreErrorCode::kDuplicateMismatch || req.event_id_prefix.empty()) {
      return attempt->done(store_failure(r.error()));
    }
    return answer_duplicate(*attempt);
  }
  if (r->duplicate) return answer_duplicate(*attempt);
  attempt->done(commit(req, std::move(shown), *r));
}

void CommandPath::answer_duplicate(Attempt& attempt) const {
  domain::Result<std::optional<Replay>> first = replay(attempt.request.event_id_prefix);
  if (!first) return attempt.done(std::move(first.error()));
  if (!*first) {
    return attempt.done(domain::make_error(domain::ErrorCode::kInternal,
                                           "a duplicate append could not be replayed"));
  }
  attempt.done(std::move((*first)->outcome));
}

CommandOutcome CommandPath::commit(const CommandRequest& req, Shown shown,
                                   const eventstore::AppendResult& appended) {
  domain::TicketState after = std::move(shown.state);
  for (domain::Event& e : shown.events) {
    if (auto* opened = std::get_if<domain::TicketOpened>(&e.body))
      opened->number = appended.counter_value;
    after = domain::evolve(std::move(after), e);
  }
  // The events are durable: the state after them is what a fold of the
  // stream gives (the shown stream is the append's last, so its last event
  // is at last_position), and the next command or read of this ticket
  // need not read and fold them again.
  auto committed = std::make_shared<const Loaded>(Loaded{std::move(after), appended.last_position});
  if (cache_ && req.cache == CacheUse::kFill) cache_->put_committed(shown.ticket_id, committed);
  // The answer shares the cache's state (aliasing its Loaded).
  return CommandOutcome{std::shared_ptr<const domain::TicketState>(committed, &committed->state),
                        appended.last_position, shown.opens};
}

domain::Result<std::optional<CommandPath::Replay>> CommandPath::replay(
    std::string_view event_id_prefix) const {
  const std::string first_id = std::string(event_id_prefix) + "/0";
  eventstore::Result<std::optional<std::uint64_t>> found = store_.find_event(first_id);
  if (!found) return store_failure(found.error());
  if (!*found) return std::optional<Replay>();
  // A command's events are consecutive in the log; read them and find the
  // last one, whose stream is the ticket the first answer showed.
  eventstore::Result<std::vector<eventstore::Envelope>> envs = store_.read_all(**found - 1, 64);
  if (!envs || envs->empty()) {
    return domain::make_error(
        domain::ErrorCode::kInternal,
        "cannot read an idempotent append" + (envs ? std::string() : ": " + envs.error().message));
  }
  const std::string prefix = std::string(event_id_prefix) + "/";
  const eventstore::Envelope* last = nullptr;
  bool created = false;
  for (const eventstore::Envelope& env : *envs) {
    if (!env.event_id.starts_with(prefix)) break;
    last = &env;
  }
  for (const eventstore::Envelope& env : *envs) {
    if (env.event_id.starts_with(prefix) && env.stream == last->stream && env.version == 1)
      created = true;
  }
  const std::string ticket_id = last->stream.substr(kTicketStreamPrefix.size());
  domain::Result<Loaded> loaded = load(ticket_id, last->version);
  if (!loaded) return loaded.error();
  Replay replay{
      CommandOutcome{std::make_shared<const domain::TicketState>(std::move(loaded->state)),
                     last->position, created},
      envs->front().correlation_id};
  return std::optional<Replay>(std::move(replay));
}

}  // namespace ticketd::api
