#include "api/automation/automation.h"

#include <algorithm>
#include <iostream>

#include "codec/directory_codec.h"
#include "domain/json_writer.h"
#include "domain/sla_timers.h"
#include "projections/queue_query.h"

namespace ticketd::api {
namespace {

constexpr std::size_t kRoundSize = 64;    // commands in flight at once
constexpr std::size_t kReadBatch = 1000;  // log events read at once
constexpr std::int64_t kPageSize = 500;   // queue view page at start
constexpr auto kRetryDelay = std::chrono::seconds(2);
constexpr auto kLongestSleep = std::chrono::seconds(30);
constexpr auto kNotReadyPause = std::chrono::milliseconds(50);

domain::Actor system_actor() {
  return domain::Actor{"system", domain::Role::kSystem, "", "", "ticketd"};
}

// One JSON line on stderr, like the access log.
void log_line(std::string_view what, std::string_view ticket_id, std::string_view detail) {
  std::string line;
  domain::JsonWriter w(line);
  w.begin_object();
  w.member("time", std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now()));
  w.member("automation", what);
  w.member("ticket", ticket_id);
  w.member("detail", detail);
  w.end_object();
  line.push_back('\n');
  std::cerr << line << std::flush;
}

// A refusal by decide() that only means the timer or choice was overtaken
// by a change to the ticket (which the log will bring).
bool overtaken(const CommandError& e) {
  return e.code == domain::ErrorCode::kPreconditionFailed ||
         e.code == domain::ErrorCode::kConflict ||
         e.code == domain::ErrorCode::kInvalidTransition ||
         e.code == domain::ErrorCode::kTicketClosed;
}

}  // namespace

Automation::Automation(eventstore::EventStore& store, projections::Projections& projections,
                       Directory& directory, CommandPath& commands, Clock clock)
    : store_(store),
      projections_(projections),
      directory_(directory),
      commands_(commands),
      clock_(std::move(clock)) {}

Automation::~Automation() { stop(); }

void Automation::start() {
  subscription_ = store_.subscribe([this](std::uint64_t) {
    std::lock_guard lock(wake_mu_);
    woken_ = true;
    wake_cv_.notify_all();
  });
  thread_ = std::thread([this] { run(); });
}

void Automation::stop() {
  {
    std::lock_guard lock(wake_mu_);
    stop_ = true;
    wake_cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  if (subscription_) {
    store_.unsubscribe(*subscription_);
    subscription_.reset();
  }
}

Automation::Status Automation::status() const {
  std::lock_guard lock(status_mu_);
  return status_;
}

void Automation::publish_status(bool ready) {
  Status s;
  s.ready = ready;
  s.position = position_;
  s.tickets = tracked_.size();
  s.timers = scheduler_.size();
  s.next_at = scheduler_.next();
  s.pending_assign = pending_assign_.size();
  s.actions = actions_;
  s.refused = refused_;
  s.failures = failures_;
  std::lock_guard lock(status_mu_);
  status_ = s;
}

void Automation::run() {
  if (!bootstrap()) return;
  publish_status(true);
  while (!stopping()) {
    drain_log();
    run_retries();
    const bool assigned = assign_pending();
    const bool fired = fire_due_timers();
    publish_status(true);
    if (assigned || fired) continue;  // their events are in the log: read them first
    wait_for_work();
  }
}

bool Automation::bootstrap() {
  // The non-closed tickets as the queue view has them, and the oldest log
  // position any page reflects: whatever changed after it is read again
  // from the log, so a ticket that moved while we paged is not lost.
  std::vector<std::string> ids;
  std::uint64_t from = UINT64_MAX;
  for (domain::Status status :
       {domain::Status::kOpen, domain::Status::kInProgress, domain::Status::kWaitingOnCustomer,
        domain::Status::kOnHold, domain::Status::kResolved}) {
    projections::QueueQuery query;
    query.status = status;
    query.sort = "created";
    query.limit = kPageSize;
    while (!stopping()) {
      auto page = projections_.queue().query(query);
      if (!page && page.error().code == projections::QueryErrorCode::kNotReady) {
        std::this_thread::sleep_for(kNotReadyPause);
        continue;
      }
      if (!page) {
        log_line("start", "", "the queue view refused the start-up query: " + page.error().message);
        std::this_thread::sleep_for(kRetryDelay);
        continue;
      }
      from = std::min(from, page->position);
      for (const projections::TicketSummary& t : page->items) ids.push_back(t.id);
      if (!page->next_cursor) break;
      query.cursor = *page->next_cursor;
    }
    if (stopping()) return false;
  }
  position_ = from == UINT64_MAX ? 0 : from;

  for (const Tenant& t : directory_.tenants("", SIZE_MAX)) settings_[t.slug] = t.settings;
  for (const Agent& a : directory_.agents()) assigner_.set_agent(a);
  for (const std::string& id : ids) {
    if (stopping()) return false;
    reload(id);
  }
  return !stopping();
}

void Automation::follow_directory(const eventstore::Envelope& env,
                                  std::set<std::string>& tenants_changed) {
  domain::Result<domain::DirectoryEvent> event = codec::to_directory_event(env);
  if (!event) return log_line("log", "", event.error().message);
  if (const auto* changed = std::get_if<domain::TenantSettingsChanged>(&event->body)) {
    settings_[changed->slug] = changed->settings;
    tenants_changed.insert(changed->slug);
  } else if (const auto* agent = std::get_if<domain::AgentChanged>(&event->body)) {
    assigner_.set_agent(
        Agent{agent->id, agent->available, agent->max_open, event->meta.occurred_at});
  }
}

void Automation::drain_log() {
  while (!stopping()) {
    auto envelopes = store_.read_all(position_, kReadBatch);
    if (!envelopes) {
      log_line("log", "", "cannot read the log: " + envelopes.error().message);
      return;  // tried again on the next wake
    }
    if (envelopes->empty()) return;
    // Each touched ticket's events of this read, in log (so stream) order.
    std::map<std::string, std::vector<const eventstore::Envelope*>> touched;
    std::set<std::string> tenants_changed;
    for (const eventstore::Envelope& env : *envelopes) {
      position_ = env.position;
      if (env.stream.starts_with(kTicketStreamPrefix)) {
        touched[env.stream.substr(kTicketStreamPrefix.size())].push_back(&env);
      } else if (env.stream == kTenantsStream || env.stream == kAgentsStream) {
        follow_directory(env, tenants_changed);
      }
    }
    for (const auto& [id, known] : touched) reload(id, known);
    if (!tenants_changed.empty()) {
      // Auto-close spans and auto-assign categories apply to the tenant's
      // tickets already followed: reload those (a rare, admin-made change)
      // not reloaded just now, with the new settings already.
      std::vector<std::string> ids;
      for (const auto& [id, t] : tracked_) {
        if (tenants_changed.contains(*t.tenant) && !touched.contains(id)) ids.push_back(id);
      }
      for (const std::string& id : ids) reload(id);
    }
  }
}

void Automation::untrack(const std::string& ticket_id) {
  auto it = tracked_.find(ticket_id);
  if (it == tracked_.end()) return;
  const Tracked& t = it->second;
  if (t.assignee && t.status != domain::Status::kResolved) assigner_.add_open(*t.assignee, -1);
  pending_assign_.erase({t.created_ms, ticket_id});
  tracked_.erase(it);
}

void Automation::reload(const std::string& ticket_id) { reload(ticket_id, {}); }

void Automation::reload(const std::string& ticket_id,
                        std::span<const eventstore::Envelope* const> known) {
  auto loaded = commands_.load_through(ticket_id, known, CommandPath::CacheUse::kBypass);
  if (!loaded) {
    log_line("load", ticket_id, loaded.error().message);
    retries_.emplace(clock_() + kRetryDelay, ticket_id);
    return;
  }
  const domain::TicketState& s = (*loaded)->state;
  untrack(ticket_id);
  if (!s.exists || s.status == domain::Status::kClosed) {
    scheduler_.remove(ticket_id);
    return;
  }
  const TenantSettings& settings = settings_for(s.tenant);
  scheduler_.replace(ticket_id, domain::ticket_timers(s, calendar_for(s.business_hours),
                                                      settings.auto_close_after));
  Tracked t{intern(s.tenant), s.assignee ? intern(*s.assignee) : nullptr,
            s.version,        s.created_at.time_since_epoch().count(),
            s.category,       s.status};
  if (t.assignee && t.status != domain::Status::kResolved) assigner_.add_open(*t.assignee, +1);
  // An open ticket nobody has taken, in a category the tenant auto-assigns.
  if (!t.assignee && t.status == domain::Status::kOpen && settings.auto_assigns(t.category)) {
    pending_assign_.insert({t.created_ms, ticket_id});
  }
  tracked_.emplace(ticket_id, std::move(t));
}

void Automation::run_retries() {
  const domain::Instant now = clock_();
  std::vector<std::string> due;
  while (!retries_.empty() && retries_.begin()->first <= now) {
    due.push_back(retries_.begin()->second);
    retries_.erase(retries_.begin());
  }
  for (const std::string& id : due) reload(id);
}

bool Automation::fire_due_timers() {
  const domain::Instant now = clock_();
  std::vector<SlaScheduler::Entry> entries = scheduler_.take_due(now, kRoundSize);
  if (entries.empty()) return false;
  std::vector<CommandRequest> requests;
  std::vector<const SlaScheduler::Entry*> fired;
  for (const SlaScheduler::Entry& e : entries) {
    const bool warning = e.kind == domain::TimerKind::kFirstResponseWarning ||
                         e.kind == domain::TimerKind::kResolutionWarning;
    // A warning only helps before the breach; once the target is due (a
    // timer found late, say after downtime) the breach says it all.
    if (warning && e.due_at <= now) continue;
    CommandRequest r;
    r.ticket_id = e.ticket_id;
    r.command = domain::timer_command(domain::SlaTimer{e.kind, e.at, e.due_at});
    r.actor = system_actor();
    r.correlation_id = "automation/" + std::string(domain::to_string(e.kind));
    r.cache = CommandPath::CacheUse::kBypass;  // timers fall due on tickets left alone
    requests.push_back(std::move(r));
    fired.push_back(&e);
  }
  std::vector<CommandResult> results = execute_all(std::move(requests));
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i]) {
      ++actions_;
    } else {
      note_failure(fired[i]->ticket_id, results[i].error(), domain::to_string(fired[i]->kind));
    }
  }
  return true;
}

bool Automation::assign_pending() {
  if (pending_assign_.empty()) return false;
  assigner_.begin_round();
  std::vector<CommandRequest> requests;
  std::vector<std::string> ids;
  for (auto it = pending_assign_.begin();
       it != pending_assign_.end() && requests.size() < kRoundSize;) {
    std::optional<std::string> agent = assigner_.choose();
    if (!agent) break;
    const Tracked& t = tracked_.at(it->second);
    CommandRequest r;
    r.ticket_id = it->second;
    r.command = domain::Assign{*agent};
    r.actor = system_actor();
    r.if_match = t.version;  // only if nobody touched it meanwhile
    r.correlation_id = "automation/auto_assign";
    requests.push_back(std::move(r));
    ids.push_back(it->second);
    it = pending_assign_.erase(it);  // reloading the ticket puts it back if still due
  }
  if (requests.empty()) return false;
  std::vector<CommandResult> results = execute_all(std::move(requests));
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i]) {
      ++actions_;
    } else {
      note_failure(ids[i], results[i].error(), "auto_assign");
    }
  }
  return true;
}

void Automation::note_failure(const std::string& ticket_id, const CommandError& error,
                              std::string_view what) {
  if (overtaken(error)) {
    ++refused_;
  } else {
    ++failures_;
    log_line(what, ticket_id, error.message);
  }
  // Whatever happened, look at the ticket again soon: a later change brings
  // it back anyway, and this covers a failure that no event follows.
  retries_.emplace(clock_() + kRetryDelay, ticket_id);
}

std::vector<CommandResult> Automation::execute_all(std::vector<CommandRequest> requests) {
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    std::size_t left = 0;
    std::vector<std::optional<CommandResult>> results;
  };
  auto shared = std::make_shared<Shared>();
  shared->left = requests.size();
  shared->results.resize(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    commands_.execute(std::move(requests[i]), [shared, i](CommandResult r) {
      std::lock_guard lock(shared->mu);
      shared->results[i] = std::move(r);
      if (--shared->left == 0) shared->cv.notify_all();
    });
  }
  std::unique_lock lock(shared->mu);
  shared->cv.wait(lock, [&] { return shared->left == 0; });
  std::vector<CommandResult> out;
  for (auto& r : shared->results) out.push_back(std::move(*r));
  return out;
}

void Automation::wait_for_work() {
  std::optional<domain::Instant> next = scheduler_.next();
  if (!retries_.empty() && (!next || retries_.begin()->first < *next))
    next = retries_.begin()->first;
  auto sleep = std::chrono::duration_cast<std::chrono::steady_clock::duration>(kLongestSleep);
  if (next) {
    const auto until = *next - clock_();
    sleep = std::clamp(std::chrono::duration_cast<std::chrono::steady_clock::duration>(until),
                       std::chrono::steady_clock::duration::zero(), sleep);
  }
  std::unique_lock lock(wake_mu_);
  wake_cv_.wait_for(lock, sleep, [this] { return woken_ || stop_.load(); });
  woken_ = false;
}

const domain::BusinessCalendar& Automation::calendar_for(const domain::BusinessHours& hours) {
  for (const auto& [h, calendar] : calendars_) {
    if (h == hours) return calendar;
  }
  // As evolve() does: hours that do not validate (never stored) count 24x7.
  domain::Result<domain::BusinessCalendar> made = domain::BusinessCalendar::make(hours);
  calendars_.emplace_back(hours, made ? *made : domain::BusinessCalendar::always_open());
  return calendars_.back().second;
}

const TenantSettings& Automation::settings_for(const std::string& tenant) const {
  static const TenantSettings kDefaults;
  auto it = settings_.find(tenant);
  return it == settings_.end() ? kDefaults : it->second;
}

}  // namespace ticketd::api
