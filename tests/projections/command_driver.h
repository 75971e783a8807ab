#pragma once
// Drives random commands, valid and invalid, through the real command
// path's steps: fold the tickets' states from the store,
// domain::decide_across (merges, follow-ups of closed tickets), append each
// stream's events with its version as expected version (ticket numbers from
// the store's per-tenant counter). Several tenants (one with
// business hours), agents and customers; simulated time moves forward so
// SLA timers fall due. Deterministic for a seed.

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "domain/commands.h"
#include "domain/context.h"
#include "domain/ticket_state.h"
#include "eventstore/event_store.h"

namespace ticketd::projections::testing {

class CommandDriver {
 public:
  CommandDriver(eventstore::EventStore& store, std::uint64_t seed);

  // Issues one random command; returns whether decide accepted it.
  bool step();

  // The actors the driver uses (tests build queries from them).
  const std::vector<std::string>& tenants() const { return tenants_; }
  const std::vector<domain::Actor>& agents() const { return agents_; }
  const std::vector<domain::Actor>& customers() const { return customers_; }
  domain::Instant now() const { return now_; }
  // Ticket ids opened so far, with their tenants.
  const std::vector<std::pair<std::string, std::string>>& tickets() const { return tickets_; }

  // Decides `command` on ticket `ticket_id` (of `tenant` when it opens one)
  // as `actor` now and appends the events; false when it was refused.
  bool run(const std::string& ticket_id, const domain::Command& command, const domain::Actor& actor,
           const std::string& tenant);
  // Folds the ticket's current state from the store.
  domain::TicketState load(const std::string& ticket_id) const;
  std::uint64_t accepted() const { return accepted_; }
  std::uint64_t rejected() const { return rejected_; }

 private:
  bool merge();
  // Opens a ticket for a random customer, by them or by an agent.
  bool open();
  const domain::SlaPolicy& policy_of(const std::string& tenant) const;
  const domain::Actor& requester_of(const domain::TicketState& state);
  const domain::Actor& any_actor();
  std::string id(char kind) { return std::string(1, kind) + std::to_string(next_id_++); }
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  eventstore::EventStore& store_;
  std::mt19937_64 rng_;
  std::vector<std::string> tenants_;
  std::vector<domain::SlaPolicy> policies_;
  std::vector<domain::Actor> agents_;
  std::vector<domain::Actor> customers_;
  std::vector<std::pair<std::string, std::string>> tickets_;  // id, tenant
  domain::Instant now_;
  std::uint64_t next_id_ = 0;
  std::uint64_t accepted_ = 0;
  std::uint64_t rejected_ = 0;
};

}  // namespace ticketd::projections::testing
