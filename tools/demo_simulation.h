#pragma once
// Internals of demo_history.cc: the simulation's state and its steps. Not a
// public header; see demo_history.h for the contract.

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "domain/commands.h"
#include "domain/context.h"
#include "domain/ticket_state.h"
#include "tools/demo_history.h"

namespace ticketd::tools::demo {

struct Tenant {
  std::string slug;
  domain::SlaPolicy policy;
  std::vector<domain::Actor> customers;
  std::vector<std::size_t> live;  // tickets that may still be merge targets
};

struct SimTicket {
  domain::TicketState state;
  std::size_t tenant = 0;
  domain::Actor requester;
  std::optional<domain::Instant> scheduled_first_response_due;
  std::optional<domain::Instant> scheduled_resolution_due;
  bool done = false;  // no further actions
};

enum class Action : std::uint8_t {
  kArrive,
  kStep,
  kWarnFirst,
  kWarnResolution,
  kBreachFirst,
  kBreachResolution
};

struct Scheduled {
  domain::Instant at;
  std::uint64_t seq;  // ties in scheduling order, for determinism
  std::size_t ticket;
  Action action;
  domain::Instant due;  // for SLA actions
  bool operator>(const Scheduled& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

class Simulation {
 public:
  Simulation(eventstore::EventStore& store, const DemoOptions& options);
  domain::Result<DemoReport> run();

 private:
  // Setup and infrastructure (demo_history.cc).
  domain::Result<void> prepare();
  // Decides `command` on ticket `t` as `actor` at now_ (domain::decide_across,
  // with `target` as the ticket a Merge names); appends and folds on success.
  bool issue(std::size_t t, const domain::Command& command, const domain::Actor& actor,
             std::size_t target = SIZE_MAX);
  void submit(eventstore::AppendRequest request, std::size_t events);
  void schedule(std::size_t t, Action action, domain::Millis delay);
  void schedule_sla(std::size_t t);
  std::string next_id(char kind);

  // The lifecycle policy (demo_policy.cc).
  void arrive();
  void open_ticket(const domain::Actor& actor, std::size_t tenant, const domain::Actor& requester,
                   std::optional<std::string> follow_up_of);
  void step(std::size_t t);
  void step_open(std::size_t t);
  void step_in_progress(std::size_t t);
  void step_resolved(std::size_t t);
  void step_closed(std::size_t t);
  void record_sla(std::size_t t, Action action, domain::Instant due);
  bool post(std::size_t t, const domain::Actor& actor, bool internal);
  bool change_status(std::size_t t, const domain::Actor& actor, domain::Status to);
  bool merge_somewhere(std::size_t t);
  void retire(std::size_t t);
  const domain::Actor& agent();
  const domain::Actor& assignee_or_agent(std::size_t t);
  std::string sentence(int words);
  domain::Millis delay(domain::Millis mean);
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  eventstore::EventStore& store_;
  const DemoOptions options_;
  std::mt19937_64 rng_;
  std::string prefix_;                    // "demo<seed>-"
  std::array<std::uint64_t, 128> ids_{};  // per id kind
  domain::Instant now_{};
  std::vector<Tenant> tenants_;
  std::vector<double> tenant_weights_;  // cumulative
  std::vector<domain::Actor> agents_;
  domain::Actor system_;
  std::vector<SimTicket> tickets_;
  std::vector<std::uint64_t> next_number_;  // per tenant
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<>> queue_;
  std::uint64_t seq_ = 0;
  int arrived_ = 0;
  DemoReport report_;

  // Appends in flight, completed on the store's thread.
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t in_flight_ = 0;                  // guarded by mu_
  std::string error_;                          // guarded by mu_
  std::uint64_t first_position_ = UINT64_MAX;  // guarded by mu_
  std::uint64_t last_position_ = 0;            // guarded by mu_
};

}  // namespace ticketd::tools::demo
