// The demo generator's machinery: setup, deciding and appending commands,
// the event queue. The lifecycle policy is in demo_policy.cc.
#include "tools/demo_history.h"

#include <algorithm>

#include "api/commands/command_path.h"
#include "codec/envelope_codec.h"
#include "domain/decide_across.h"
#include "domain/evolve.h"
#include "tools/demo_simulation.h"

namespace ticketd::tools {

using api::ticket_stream;

domain::Result<DemoReport> generate_demo_history(eventstore::EventStore& store,
                                                 const DemoOptions& options) {
  if (options.tenants < 1 || options.tickets < 1 || options.agents < 1 ||
      options.customers_per_tenant < 1) {
    return domain::make_error(domain::ErrorCode::kValidation,
                              "tenants, tickets, agents and customers must be at least 1");
  }
  demo::Simulation simulation(store, options);
  return simulation.run();
}

namespace demo {
namespace {

constexpr std::string_view kTenantNames[] = {
    "acme",   "globex",  "initech",   "umbrella", "hooli",  "stark",    "wayne", "wonka",
    "tyrell", "soylent", "cyberdyne", "aperture", "oscorp", "vandelay", "dunder"};

domain::BusinessHours office_hours(std::string zone) {
  domain::BusinessHours hours;
  hours.time_zone = std::move(zone);
  for (int day = 0; day < 5; ++day) hours.weekly[day] = {domain::OpenInterval{9 * 60, 17 * 60}};
  return hours;
}

}  // namespace
}  // namespace demo

std::vector<DemoTenant> demo_tenants(int tenants) {
  std::vector<DemoTenant> out;
  for (int i = 0; i < tenants; ++i) {
    DemoTenant t;
    const std::size_t n = std::size(demo::kTenantNames);
    t.slug = std::string(demo::kTenantNames[static_cast<std::size_t>(i) % n]);
    if (static_cast<std::size_t>(i) >= n) t.slug += std::to_string(i / static_cast<int>(n) + 1);
    t.name = t.slug;
    t.name[0] = static_cast<char>(t.name[0] - 'a' + 'A');
    t.policy = domain::SlaPolicy::defaults();
    if (i % 5 == 1)
      t.policy.business_hours = demo::office_hours(i % 2 ? "Europe/Berlin" : "America/New_York");
    out.push_back(std::move(t));
  }
  return out;
}

namespace demo {

Simulation::Simulation(eventstore::EventStore& store, const DemoOptions& options)
    : store_(store),
      options_(options),
      rng_(options.seed),
      prefix_("demo" + std::to_string(options.seed) + "-") {
  system_ = domain::Actor{"system", domain::Role::kSystem, "", "", "ticketd"};
}

std::string Simulation::next_id(char kind) {
  return prefix_ + kind + std::to_string(ids_[static_cast<unsigned char>(kind)]++);
}

domain::Result<void> Simulation::prepare() {
  // The first ticket of a run is always "<prefix>t0".
  auto used = store_.stream_version(ticket_stream(prefix_ + "t0"));
  if (!used) return domain::make_error(domain::ErrorCode::kInternal, used.error().message);
  if (*used > 0) {
    return domain::make_error(domain::ErrorCode::kConflict,
                              "demo seed " + std::to_string(options_.seed) +
                                  " was already used in this store; pick another seed");
  }
  const std::vector<DemoTenant> demo = demo_tenants(options_.tenants);
  for (int i = 0; i < options_.tenants; ++i) {
    Tenant t;
    t.slug = demo[static_cast<std::size_t>(i)].slug;
    t.policy = demo[static_cast<std::size_t>(i)].policy;
    for (int c = 0; c < options_.customers_per_tenant; ++c) {
      const std::string n_str = std::to_string(c + 1);
      t.customers.push_back(
          domain::Actor{"c-" + t.slug + "-" + n_str,
                        c == 0 ? domain::Role::kCustomerAdmin : domain::Role::kCustomer, t.slug,
                        "user" + n_str + "@" + t.slug + ".test", "Customer " + n_str});
    }
    auto counter = store_.counter("ticket_number/" + t.slug);
    if (!counter) return domain::make_error(domain::ErrorCode::kInternal, counter.error().message);
    next_number_.push_back(*counter + 1);
    tenants_.push_back(std::move(t));
    // Zipf-like sizes: tenant i gets weight 1 / (i + 1).
    const double w = 1.0 / (i + 1) + (tenant_weights_.empty() ? 0.0 : tenant_weights_.back());
    tenant_weights_.push_back(w);
  }
  for (int a = 0; a < options_.agents; ++a) {
    const std::string n = std::to_string(a + 1);
    agents_.push_back(domain::Actor{"agent-" + n,
                                    a % 10 == 0 ? domain::Role::kAdmin : domain::Role::kAgent, "",
                                    "agent" + n + "@support.test", "Agent " + n});
  }
  now_ = options_.start;
  queue_.push(Scheduled{now_, seq_++, SIZE_MAX, Action::kArrive, {}});
  return {};
}

domain::Result<DemoReport> Simulation::run() {
  if (auto ready = prepare(); !ready) return ready.error();
  std::optional<domain::Instant> stop_at;
  while (!queue_.empty()) {
    const Scheduled next = queue_.top();
    queue_.pop();
    if (stop_at && next.at > *stop_at) break;
    now_ = next.at;
    if (next.action == Action::kArrive) {
      arrive();
      if (report_.tickets >= static_cast<std::uint64_t>(options_.tickets) && !stop_at) {
        stop_at = now_ + std::chrono::hours(24);
      }
    } else if (!tickets_[next.ticket].done) {
      if (next.action == Action::kStep) {
        step(next.ticket);
      } else {
        record_sla(next.ticket, next.action, next.due);
      }
    }
    if (options_.progress && report_.commands % 4096 == 0) {
      options_.progress(report_.events, report_.tickets);
    }
  }
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return in_flight_ == 0; });
  if (!error_.empty()) return domain::make_error(domain::ErrorCode::kInternal, error_);
  report_.first_position = first_position_ == UINT64_MAX ? 0 : first_position_;
  report_.last_position = last_position_;
  return report_;
}

bool Simulation::issue(std::size_t t, const domain::Command& command, const domain::Actor& actor,
                       std::size_t target) {
  ++report_.commands;
  const domain::Context ctx{actor, now_, tenants_[tickets_[t].tenant].policy};
  // No follow-up id: the demo opens its follow-ups itself (open_ticket).
  const domain::OtherTickets others{target == SIZE_MAX ? nullptr : &tickets_[target].state, ""};
  domain::Result<domain::TicketDecision> decision =
      domain::decide_across(command, tickets_[t].state, others, ctx);
  if (!decision) {
    ++report_.rejected;
    return false;
  }
  eventstore::AppendRequest request;
  std::size_t count = 0;
  const bool opens = decision->shown().opens;
  for (domain::StreamDecision& decided : decision->streams) {
    SimTicket& sim =
        tickets_[decided.opens || decided.ticket_id == tickets_[t].state.id ? t : target];
    if (decided.opens) {
      std::get<domain::TicketOpened>(decided.events.front().body).number =
          next_number_[sim.tenant]++;
    }
    const std::string correlation = next_id('c');
    eventstore::StreamAppend stream;
    stream.stream = ticket_stream(decided.ticket_id);
    stream.expected = decided.opens ? eventstore::ExpectedVersion::no_stream()
                                    : eventstore::ExpectedVersion::exactly(decided.version);
    for (const domain::Event& e : decided.events) {
      sim.state = domain::evolve(std::move(sim.state), e);
      stream.events.push_back(codec::to_new_event(e, decided.tenant, next_id('e'), correlation));
    }
    count += decided.events.size();
    if (!decided.events.empty()) request.streams.push_back(std::move(stream));
  }
  if (request.streams.empty()) return true;  // decided, nothing changed
  if (opens) {
    const SimTicket& sim = tickets_[t];
    request.counter = "ticket_number/" + tenants_[sim.tenant].slug;
    const std::uint64_t expected = sim.state.number;
    request.finalize = [this, expected](std::uint64_t value,
                                        std::vector<eventstore::StreamAppend>&) {
      if (value == expected) return;
      std::lock_guard lock(mu_);
      if (error_.empty()) {
        error_ = "ticket numbers were allocated concurrently (expected " +
                 std::to_string(expected) + ", got " + std::to_string(value) +
                 "); run the demo on a store nobody else writes to";
      }
    };
  }
  submit(std::move(request), count);
  schedule_sla(t);
  if (target != SIZE_MAX) schedule_sla(target);
  return true;
}

void Simulation::submit(eventstore::AppendRequest request, std::size_t events) {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return in_flight_ < options_.max_in_flight; });
    ++in_flight_;
  }
  report_.events += events;
  store_.append_async(std::move(request), [this](eventstore::Result<eventstore::AppendResult> r) {
    std::lock_guard lock(mu_);
    --in_flight_;
    if (r) {
      first_position_ = std::min(first_position_, r->first_position);
      last_position_ = std::max(last_position_, r->last_position);
    } else if (error_.empty()) {
      error_ = "append failed: " + r.error().message;
    }
    cv_.notify_all();
  });
}

void Simulation::schedule(std::size_t t, Action action, domain::Millis d) {
  queue_.push(Scheduled{now_ + d, seq_++, t, action, {}});
}

// Arms the system's SLA timers for the ticket's current due instants: a
// warning an hour before (when that is still ahead) and the breach.
void Simulation::schedule_sla(std::size_t t) {
  SimTicket& sim = tickets_[t];
  const domain::TicketState& s = sim.state;
  auto arm = [&](std::optional<domain::Instant> due, std::optional<domain::Instant>& armed,
                 Action warn, Action breach) {
    if (!due || due == armed) return;
    armed = due;
    const domain::Instant warn_at = *due - std::chrono::hours(1);
    if (warn_at > now_) queue_.push(Scheduled{warn_at, seq_++, t, warn, *due});
    queue_.push(Scheduled{std::max(*due, now_), seq_++, t, breach, *due});
  };
  if (!s.first_response_at && !s.first_response_breached && !s.sla.stopped) {
    arm(s.sla.first_response_due, sim.scheduled_first_response_due, Action::kWarnFirst,
        Action::kBreachFirst);
  }
  if (!s.resolution_breached && !s.sla.stopped) {
    arm(s.sla.resolution_due, sim.scheduled_resolution_due, Action::kWarnResolution,
        Action::kBreachResolution);
  }
}

}  // namespace demo
}  // namespace ticketd::tools
