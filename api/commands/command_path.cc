#include "api/commands/command_path.h"

#include <functional>
#include <string_view>
#include <utility>

#include "api/commands/ids.h"
#include "domain/decide.h"
#include "domain/event_codec.h"
#include "domain/events.h"
#include "domain/evolve.h"

namespace ticketd::api {
namespace {

constexpr int kMaxAttempts = 8;
constexpr std::size_t kMaxSubjectChars = 200;

// The event store failed: the request fails with kInternal (500, logged).
CommandError store_failure(const eventstore::StoreError& e) {
  return domain::make_error(domain::ErrorCode::kInternal, "the event store failed: " + e.message);
}

// A stored stream could not be read or folded.
domain::Error read_failure(std::string_view ticket_id, const domain::Error& e) {
  return domain::make_error(domain::ErrorCode::kInternal,
                            "cannot load ticket " + std::string(ticket_id) + ": " + e.message);
}

// decide()'s refusal, as it is.
CommandError domain_failure(domain::Error e) { return e; }

// "Re: <subject>", cut to the subject limit on a UTF-8 character boundary.
std::string follow_up_subject(std::string_view subject) {
  std::string out = "Re: ";
  std::size_t chars = 4;
  for (std::size_t i = 0; i < subject.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(subject[i]) & 0xC0) != 0x80;
    if (lead && chars++ == kMaxSubjectChars) break;
    out.push_back(subject[i]);
  }
  return out;
}

}  // namespace

std::string ticket_stream(std::string_view ticket_id) {
  return std::string(kTicketStreamPrefix) + std::string(ticket_id);
}

std::string new_ticket_id() { return "t" + random_hex(10); }

eventstore::NewEvent to_new_event(const domain::Event& event, std::string tenant,
                                  std::string event_id, std::string correlation_id) {
  eventstore::NewEvent e;
  e.event_id = std::move(event_id);
  e.type = std::string(domain::event_type(event.body));
  e.tenant = std::move(tenant);
  e.actor = eventstore::ActorRef{event.meta.actor_id,
                                 std::string(domain::to_string(event.meta.actor_role))};
  e.occurred_at_ms = event.meta.occurred_at.time_since_epoch().count();
  e.correlation_id = std::move(correlation_id);
  e.schema_version = domain::kEventSchemaVersion;
  e.data = domain::encode_event_data(event.body);
  return e;
}

struct CommandPath::Attempt {
  CommandRequest request;
  std::function<void(CommandResult)> done;
  int attempts = 0;
};

CommandPath::CommandPath(eventstore::EventStore& store, PolicyLookup policies, Clock clock,
                         std::size_t cache_bytes)
    : store_(store),
      cache_(cache_bytes > 0 ? std::make_unique<StateCache>(cache_bytes) : nullptr),
      policies_(std::move(policies)),
      clock_(std::move(clock)) {
  if (cache_) {
    observer_ = store_.observe_commits(
        [cache = cache_.get()](const std::vector<eventstore::StreamHead>& heads) { cache->on_commit(heads); });
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
    cache_->put(std::string(ticket_id), std::make_shared<const Loaded>(loaded), found.epoch, at_head);
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
  domain::Result<domain::EventBody> body =
      domain::decode_event_data(env.type, env.data, env.schema_version);
  if (!body) return body.error();
  domain::Event event;
  event.meta.occurred_at = domain::Instant(domain::Millis(env.occurred_at_ms));
  event.meta.actor_id = env.actor.id;
  event.meta.actor_role = domain::parse_role(env.actor.role).value_or(domain::Role::kSystem);
  event.body = std::move(*body);
  loaded.state = domain::evolve(std::move(loaded.state), event);
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
  // The cached state itself when it is current: decide reads it, and the
  // one copy is the Part below that the answer evolves.
  static const auto kNoTicket = std::make_shared<const Loaded>();
  domain::Result<std::shared_ptr<const Loaded>> latest =
      req.ticket_id.empty() ? kNoTicket : load_latest(req.ticket_id, req.cache);
  if (!latest) return attempt->done(latest.error());
  const Loaded& loaded = **latest;
  const domain::TicketState& state = loaded.state;
  const bool visible = state.exists && domain::visible_to(state, req.actor);
  if (visible && req.if_match && *req.if_match != state.version) {
    return attempt->done(domain::make_error(domain::ErrorCode::kPreconditionFailed,
                                            "the ticket is at version " + std::to_string(state.version) +
                                                ", not " + std::to_string(*req.if_match)));
  }

  domain::Context ctx;
  ctx.actor = req.actor;
  ctx.now = clock_();

  // What to append: (ticket id, state before, events) per stream; the last
  // one is the ticket the answer shows.
  struct Part {
    std::string ticket_id;
    domain::TicketState state;
    std::vector<domain::Event> events;
    bool opens = false;
  };
  std::vector<Part> parts;

  const auto* post = std::get_if<domain::PostMessage>(&req.command);
  const auto* merge = std::get_if<domain::Merge>(&req.command);
  if (post != nullptr && visible && domain::is_customer(req.actor.role) &&
      state.status == domain::Status::kClosed && !state.merged_into && !post->internal) {
    // A customer's reply to a closed ticket opens a follow-up ticket.
    domain::OpenTicket open;
    open.ticket_id = req.event_id_prefix.empty() ? new_ticket_id()
                                                 : "t" + sha256_hex(req.event_id_prefix).substr(0, 20);
    open.tenant = state.tenant;
    open.requester = state.requester;
    open.subject = follow_up_subject(state.subject);
    open.description = post->body;
    open.first_message_id = post->message_id;
    open.category = state.category;
    open.priority = state.priority;
    open.follow_up_of = state.id;
    ctx.policy = policies_(state.tenant);
    domain::Result<std::vector<domain::Event>> events =
        domain::decide(domain::Command(open), domain::initial_state(), ctx);
    if (!events) return attempt->done(domain_failure(events.error()));
    parts.push_back(Part{open.ticket_id, domain::initial_state(), std::move(*events), true});
  } else if (merge != nullptr && visible) {
    domain::Result<Loaded> target = load(merge->into_ticket_id, UINT64_MAX, req.cache);
    if (!target) return attempt->done(target.error());
    if (!target->state.exists || !domain::visible_to(target->state, req.actor)) {
      domain::Error e = domain::make_error(domain::ErrorCode::kValidation, "no such ticket to merge into");
      e.fields.push_back({"into", "no such ticket"});
      return attempt->done(domain_failure(std::move(e)));
    }
    domain::Merge source_cmd = *merge;
    source_cmd.into_key = target->state.key();
    ctx.policy = policies_(state.tenant);
    domain::Result<std::vector<domain::Event>> source_events = domain::decide(source_cmd, state, ctx);
    if (!source_events) return attempt->done(domain_failure(source_events.error()));
    domain::ReceiveMerge receive{state.id, state.key(), state.messages};
    domain::Result<std::vector<domain::Event>> target_events =
        domain::decide(receive, target->state, ctx);
    if (!target_events) return attempt->done(domain_failure(target_events.error()));
    parts.push_back(Part{state.id, state, std::move(*source_events), false});
    parts.push_back(Part{target->state.id, target->state, std::move(*target_events), false});
  } else {
    const auto* open = std::get_if<domain::OpenTicket>(&req.command);
    ctx.policy = policies_(open != nullptr ? open->tenant : state.tenant);
    domain::Result<std::vector<domain::Event>> events = domain::decide(req.command, state, ctx);
    if (!events) return attempt->done(domain_failure(events.error()));
    parts.push_back(Part{req.ticket_id, state, std::move(*events), open != nullptr});
  }

  eventstore::AppendRequest append;
  std::size_t n = 0;
  std::string tenant;
  for (Part& part : parts) {
    if (part.events.empty()) continue;
    tenant = part.opens ? std::get<domain::TicketOpened>(part.events.front().body).tenant
                        : part.state.tenant;
    eventstore::StreamAppend stream;
    stream.stream = ticket_stream(part.ticket_id);
    stream.expected = part.opens ? eventstore::ExpectedVersion::no_stream()
                                 : eventstore::ExpectedVersion::exactly(part.state.version);
    for (const domain::Event& e : part.events) {
      std::string id = req.event_id_prefix.empty() ? new_event_id('e')
                                                   : req.event_id_prefix + "/" + std::to_string(n);
      ++n;
      stream.events.push_back(to_new_event(e, tenant, std::move(id), req.correlation_id));
    }
    append.streams.push_back(std::move(stream));
  }
  if (append.streams.empty()) {  // the command changes nothing: answer the ticket as it is
    CommandOutcome outcome{std::make_shared<const domain::TicketState>(std::move(parts.back().state)),
                           loaded.position, false};
    if (parts.size() > 1) {
      domain::Result<Loaded> target = load(parts.back().ticket_id, UINT64_MAX, req.cache);
      if (!target) return attempt->done(target.error());
      outcome.position = target->position;
    }
    return attempt->done(std::move(outcome));
  }
  const bool opens = parts.back().opens;
  if (opens) {
    // The ticket number is allocated by the store in the same atomic write.
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
  store_.append_async(std::move(append), [this, attempt, parts = std::move(parts),
                                          opens](eventstore::Result<eventstore::AppendResult> r) mutable {
    const CommandRequest& req = attempt->request;
    if (!r) {
      const auto code = r.error().code;
      if (code == eventstore::StoreErrorCode::kWrongExpectedVersion && !req.if_match &&
          attempt->attempts < kMaxAttempts) {
        return run(attempt);  // somebody else changed the ticket: decide again
      }
      if (code == eventstore::StoreErrorCode::kWrongExpectedVersion) {
        return attempt->done(
            domain::make_error(domain::ErrorCode::kPreconditionFailed, "the ticket changed meanwhile"));
      }
      if (code == eventstore::StoreErrorCode::kDuplicateMismatch && !req.event_id_prefix.empty()) {
        eventstore::AppendResult duplicate;
        duplicate.duplicate = true;
        r = std::move(duplicate);
      } else {
        return attempt->done(store_failure(r.error()));
      }
    }
    if (r->duplicate) {
      domain::Result<std::optional<Replay>> first = replay(req.event_id_prefix);
      if (!first) return attempt->done(first.error());
      if (!*first) {
        return attempt->done(domain::make_error(domain::ErrorCode::kInternal,
                                                "a duplicate append could not be replayed"));
      }
      return attempt->done(std::move((*first)->outcome));
    }
    Part& shown = parts.back();
    domain::TicketState after = std::move(shown.state);
    for (domain::Event& e : shown.events) {
      if (auto* opened = std::get_if<domain::TicketOpened>(&e.body)) opened->number = r->counter_value;
      after = domain::evolve(std::move(after), e);
    }
    // The events are durable: the state after them is what a fold of the
    // stream gives (the shown stream is the append's last, so its last event
    // is at last_position), and the next command or read of this ticket
    // need not read and fold them again.
    auto committed = std::make_shared<const Loaded>(Loaded{std::move(after), r->last_position});
    if (cache_ && req.cache == CacheUse::kFill) cache_->put_committed(shown.ticket_id, committed);
    // The answer shares the cache's state (aliasing its Loaded).
    attempt->done(CommandOutcome{std::shared_ptr<const domain::TicketState>(committed, &committed->state),
                                 r->last_position, opens});
  });
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
    return domain::make_error(domain::ErrorCode::kInternal,
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
    if (env.event_id.starts_with(prefix) && env.stream == last->stream && env.version == 1) created = true;
  }
  const std::string ticket_id = last->stream.substr(kTicketStreamPrefix.size());
  domain::Result<Loaded> loaded = load(ticket_id, last->version);
  if (!loaded) return loaded.error();
  Replay replay{CommandOutcome{std::make_shared<const domain::TicketState>(std::move(loaded->state)),
                              last->position, created},
                envs->front().correlation_id};
  return std::optional<Replay>(std::move(replay));
}

}  // namespace ticketd::api
