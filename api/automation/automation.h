#pragma once
// Automation: the system's own actions on tickets, carried out on one
// background thread through the command path with actor {id "system", role
// system}, so each is an event in the audit trail:
//   - SLA warnings (80% of a target) and breaches (SlaBreached, which
//     decide() pairs with a TicketEscalated);
//   - auto-close of resolved tickets after the tenant's span;
//   - auto-assign of open, unassigned tickets in the tenant's auto-assign
//     categories, round-robin among available agents below their cap.
//
// How it knows what to do and when: on start it takes the non-closed
// tickets from the queue view (with the log position that view reflects),
// loads each one's state from its stream once, and puts its timers
// (domain/sla_timers.h) into one ordered set (SlaScheduler). From then on it
// follows the log from that position (EventStore::subscribe wakes it,
// read_all reads what is new): every ticket touched is reloaded and its
// timers replaced; tenant settings and agents come from their stream events.
// It sleeps until the nearest timer or the next log change, never scanning
// all tickets. A breach that fell due while the server was down is found on
// start, because its timer is in the past, and recorded with the instant it
// fell due (SlaBreached.due_at); decide() makes a repeated breach a no-op and
// refuses a stale due instant, so it is recorded exactly once.
//
// Thread-safety: status() may be called from any thread; start() and stop()
// from one thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "api/automation/auto_assigner.h"
#include "api/automation/sla_scheduler.h"
#include "api/commands/command_path.h"
#include "api/commands/directory.h"
#include "domain/business_calendar.h"
#include "eventstore/event_store.h"
#include "projections/projections.h"

namespace ticketd::api {

class Automation {
 public:
  using Clock = std::function<domain::Instant()>;

  // What GET /admin/v1/automation shows.
  struct Status {
    bool ready = false;                      // the start-up load is done
    std::uint64_t position = 0;              // log position followed so far
    std::size_t tickets = 0;                 // non-closed tickets followed
    std::size_t timers = 0;                  // pending timers
    std::optional<domain::Instant> next_at;  // the nearest timer
    std::size_t pending_assign = 0;          // tickets waiting for an agent
    std::uint64_t actions = 0;               // commands carried out (including no-ops)
    std::uint64_t refused = 0;               // commands decide() refused (stale timers)
    std::uint64_t failures = 0;              // commands the store failed (retried)
  };

  // All references must outlive the object; `clock` is the command path's.
  Automation(eventstore::EventStore& store, projections::Projections& projections,
             Directory& directory, CommandPath& commands, Clock clock);
  ~Automation();
  Automation(const Automation&) = delete;
  Automation& operator=(const Automation&) = delete;

  // Starts the thread. Call once.
  void start();
  // Stops the thread after the commands in flight are answered. Must run
  // before the store closes. Idempotent.
  void stop();

  Status status() const;

 private:
  // What the automation keeps of a followed ticket; one per non-closed
  // ticket, so tenant and assignee point into names_ instead of holding
  // their own copies.
  struct Tracked {
    const std::string* tenant = nullptr;
    const std::string* assignee = nullptr;  // nullptr: unassigned
    std::uint64_t version = 0;
    std::int64_t created_ms = 0;
    domain::Category category = domain::Category::kGeneral;
    domain::Status status = domain::Status::kOpen;
  };

  void run();
  bool bootstrap();
  void drain_log();
  // Folds a tenants or agents event (settings, agent availability) into
  // what auto-close and auto-assign use; names each tenant it changed.
  void follow_directory(const eventstore::Envelope& env, std::set<std::string>& tenants_changed);
  // Reloads the ticket's state and replaces its timers and tracking. It
  // reads past the caches (CacheUse::kBypass): a ticket clients work on is
  // in the state cache already, put there by their command; the others --
  // every non-closed ticket at start-up, old tickets whose timers fell due
  // -- are read once and should not evict what clients use.
  void reload(const std::string& ticket_id);
  // The same after reading `known` (the ticket's events, in order) from the
  // log: they are folded onto the cached state when they continue it
  // (CommandPath::load_through), so a ticket a client just changed is not
  // read again.
  void reload(const std::string& ticket_id, std::span<const eventstore::Envelope* const> known);
  void untrack(const std::string& ticket_id);
  bool fire_due_timers();
  bool assign_pending();
  void run_retries();
  void wait_for_work();
  // Runs every request and waits for all answers.
  std::vector<CommandResult> execute_all(std::vector<CommandRequest> requests);
  void note_failure(const std::string& ticket_id, const CommandError& error, std::string_view what);
  const domain::BusinessCalendar& calendar_for(const domain::BusinessHours& hours);
  const TenantSettings& settings_for(const std::string& tenant) const;
  const std::string* intern(const std::string& name) { return &*names_.insert(name).first; }
  bool stopping() const { return stop_.load(); }
  void publish_status(bool ready);

  eventstore::EventStore& store_;
  projections::Projections& projections_;
  Directory& directory_;
  CommandPath& commands_;
  Clock clock_;

  // Owned by the automation thread.
  SlaScheduler scheduler_;
  AutoAssigner assigner_;
  std::unordered_map<std::string, Tracked> tracked_;
  std::unordered_set<std::string> names_;  // tenant slugs and agent ids, interned
  std::set<std::pair<std::int64_t, std::string>> pending_assign_;  // (created ms, id)
  std::multimap<domain::Instant, std::string> retries_;            // reload a ticket at
  std::unordered_map<std::string, TenantSettings> settings_;
  // Calendars by business hours (few distinct ones); a deque keeps
  // references stable.
  std::deque<std::pair<domain::BusinessHours, domain::BusinessCalendar>> calendars_;
  std::uint64_t position_ = 0;
  std::uint64_t actions_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t failures_ = 0;

  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ = false;  // guarded by wake_mu_
  std::optional<eventstore::SubscriptionId> subscription_;

  mutable std::mutex status_mu_;
  Status status_;  // guarded by status_mu_
};

}  // namespace ticketd::api
