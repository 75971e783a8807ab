#include "command_driver.h"

#include <boost/test/unit_test.hpp>

#include "api/commands/command_path.h"
#include "codec/envelope_codec.h"
#include "domain/decide_across.h"
#include "domain/event_codec.h"
#include "domain/evolve.h"
#include "projections/decoded_event.h"
#include "tools/demo_history.h"

namespace ticketd::projections::testing {
namespace {

using domain::Actor;
using domain::Role;

constexpr std::string_view kTags[] = {"vip", "Mobile", "api", "sso", "bad tag!", "refund"};
constexpr std::string_view kSubjects[] = {
    "Cannot log in", "Login fails on mobile", "Invoice wrong",   "Export crashes",
    "Logout loop",   "API timeout",           "Ünïcode subject", "Refund for invoice 42"};

}  // namespace

CommandDriver::CommandDriver(eventstore::EventStore& store, std::uint64_t seed)
    : store_(store), rng_(seed), now_(std::chrono::sys_days(std::chrono::year(2026) / 3 / 2)) {
  tenants_ = {"acme", "globex", "initech"};
  for (std::size_t i = 0; i < tenants_.size(); ++i) {
    domain::SlaPolicy policy = domain::SlaPolicy::defaults();
    if (i == 1) {
      policy.business_hours.time_zone = "Europe/Berlin";
      for (int d = 0; d < 5; ++d)
        policy.business_hours.weekly[d] = {domain::OpenInterval{540, 1020}};
    }
    policies_.push_back(policy);
  }
  agents_ = {Actor{"agent-1", Role::kAgent, "", "a1@support.test", "Ada"},
             Actor{"agent-2", Role::kAgent, "", "a2@support.test", "Bo"},
             Actor{"agent-3", Role::kAdmin, "", "a3@support.test", "Cy"}};
  for (const std::string& t : tenants_) {
    customers_.push_back(Actor{t + "-u1", Role::kCustomer, t, "ann@" + t + ".test", "Ann"});
    customers_.push_back(Actor{t + "-u2", Role::kCustomer, t, "Bob@" + t + ".test", "Bob"});
    customers_.push_back(
        Actor{t + "-boss", Role::kCustomerAdmin, t, "boss@" + t + ".test", "Boss"});
  }
}

domain::TicketState CommandDriver::load(const std::string& ticket_id) const {
  auto envelopes = store_.read_stream(api::ticket_stream(ticket_id));
  BOOST_REQUIRE(envelopes.has_value());
  domain::TicketState state = domain::initial_state();
  for (const eventstore::Envelope& e : *envelopes) {
    auto event = decode_envelope(e);
    BOOST_REQUIRE(event.has_value() && event->has_value());
    state = domain::evolve(std::move(state), **event);
  }
  return state;
}

const Actor& CommandDriver::any_actor() {
  if (chance(0.55)) return agents_[pick(agents_.size())];
  return customers_[pick(customers_.size())];
}

const domain::SlaPolicy& CommandDriver::policy_of(const std::string& tenant) const {
  for (std::size_t i = 0; i < tenants_.size(); ++i) {
    if (tenants_[i] == tenant) return policies_[i];
  }
  return policies_[0];
}

bool CommandDriver::run(const std::string& ticket_id, const domain::Command& command,
                        const Actor& actor, const std::string& tenant) {
  const domain::TicketState state = load(ticket_id);
  std::optional<domain::TicketState> other;
  if (std::optional<std::string> other_id = domain::other_ticket(command)) other = load(*other_id);
  domain::OtherTickets others{other ? &*other : nullptr, ""};
  if (domain::opens_follow_up(command, state, actor)) others.follow_up_id = id('t');
  const domain::Context ctx{actor, now_, policy_of(state.exists ? state.tenant : tenant)};
  auto decision = domain::decide_across(command, state, others, ctx);
  if (!decision) {
    ++rejected_;
    return false;
  }
  ++accepted_;
  eventstore::AppendRequest request;
  for (const domain::StreamDecision& decided : decision->streams) {
    if (decided.events.empty()) continue;
    eventstore::StreamAppend stream;
    stream.stream = api::ticket_stream(decided.ticket_id);
    stream.expected = decided.opens ? eventstore::ExpectedVersion::no_stream()
                                    : eventstore::ExpectedVersion::exactly(decided.version);
    for (const domain::Event& e : decided.events) {
      stream.events.push_back(codec::to_new_event(e, decided.tenant, id('e'), "c"));
    }
    request.streams.push_back(std::move(stream));
  }
  if (request.streams.empty()) return true;
  const domain::StreamDecision& shown = decision->shown();
  if (shown.opens) {
    request.counter = "ticket_number/" + shown.tenant;
    domain::TicketOpened opened = std::get<domain::TicketOpened>(shown.events.front().body);
    request.finalize = [opened](std::uint64_t number,
                                std::vector<eventstore::StreamAppend>& streams) mutable {
      opened.number = number;
      streams.back().events[0].data = domain::encode_event_data(opened);
    };
    tickets_.emplace_back(shown.ticket_id, shown.tenant);
  }
  auto appended = store_.append(std::move(request));
  BOOST_REQUIRE_MESSAGE(appended.has_value(), "append failed: " << appended.error().message);
  return true;
}

bool CommandDriver::merge() {
  if (tickets_.size() < 2) return false;
  // Now and then into itself, another tenant or a closed ticket (refused).
  const auto& [source_id, source_tenant] = tickets_[pick(tickets_.size())];
  const std::string target_id = tickets_[pick(tickets_.size())].first;
  return run(source_id, domain::Merge{target_id, ""}, agents_[pick(agents_.size())], source_tenant);
}

const Actor& CommandDriver::requester_of(const domain::TicketState& state) {
  for (const Actor& c : customers_) {
    if (c.tenant == state.tenant && c.id == state.requester.id) return c;
  }
  return customers_[pick(customers_.size())];
}

bool CommandDriver::open() {
  const Actor& requester = customers_[pick(customers_.size())];
  const Actor& actor = chance(0.6) ? requester : agents_[pick(agents_.size())];
  domain::OpenTicket open;
  open.ticket_id = id('t');
  // Now and then a customer opens in another tenant (forbidden).
  open.tenant = chance(0.05) ? tenants_[pick(tenants_.size())] : requester.tenant;
  open.requester = domain::Requester{requester.id, requester.email, requester.name};
  open.subject = chance(0.03) ? "" : std::string(kSubjects[pick(std::size(kSubjects))]);
  open.description = "Please help";
  open.first_message_id = id('m');
  if (chance(0.5)) open.priority = static_cast<domain::Priority>(pick(4));
  if (chance(0.5)) open.category = static_cast<domain::Category>(pick(6));
  if (domain::is_staff(actor.role) && chance(0.3)) open.assignee = agents_[pick(agents_.size())].id;
  return run(open.ticket_id, open, actor, open.tenant);
}

bool CommandDriver::step() {
  const int jump = static_cast<int>(pick(100));
  now_ += jump < 70   ? std::chrono::minutes(1 + pick(60))
          : jump < 95 ? std::chrono::minutes(60 * (1 + pick(8)))
                      : std::chrono::minutes(24 * 60 * (1 + pick(3)));
  const int r = static_cast<int>(pick(100));
  if (r < 14 || tickets_.empty()) return open();
  if (r < 17) return merge();
  const std::string ticket_id = chance(0.03) ? "missing" : tickets_[pick(tickets_.size())].first;
  const domain::TicketState state = load(ticket_id);
  const Actor& actor = chance(0.35) && state.exists ? requester_of(state) : any_actor();
  const Actor& agent = agents_[pick(agents_.size())];
  const Actor system{"system", Role::kSystem, "", "", "ticketd"};
  const std::string& tenant = state.exists ? state.tenant : tenants_[0];
  if (r < 40) {
    const bool internal = domain::is_staff(actor.role) && chance(0.35);
    return run(ticket_id, domain::PostMessage{id('m'), chance(0.02) ? "" : "Some text", internal},
               actor, tenant);
  }
  if (r < 47)
    return run(ticket_id, domain::Assign{agents_[pick(agents_.size())].id},
               chance(0.8) ? agent : actor, tenant);
  if (r < 49) return run(ticket_id, domain::Unassign{}, agent, tenant);
  if (r < 63) {
    domain::ChangeStatus change{static_cast<domain::Status>(pick(6)), std::nullopt, ""};
    if (chance(0.2)) {
      change.note = "why";
      change.note_message_id = id('m');
    }
    return run(ticket_id, change, chance(0.8) ? agent : actor, tenant);
  }
  if (r < 67)
    return run(ticket_id, domain::ChangePriority{static_cast<domain::Priority>(pick(4))}, agent,
               tenant);
  if (r < 69)
    return run(ticket_id, domain::ChangeCategory{static_cast<domain::Category>(pick(6))}, agent,
               tenant);
  if (r < 71) return run(ticket_id, domain::Escalate{"customer is upset"}, agent, tenant);
  if (r < 77) {
    domain::Tag tag;
    for (std::size_t n = pick(3); n > 0; --n) tag.add.emplace_back(kTags[pick(std::size(kTags))]);
    if (chance(0.4)) tag.remove.emplace_back(kTags[pick(std::size(kTags))]);
    return run(ticket_id, tag, chance(0.9) ? agent : actor, tenant);
  }
  if (r < 82) {
    return run(ticket_id, domain::RateSatisfaction{static_cast<int>(pick(7)), "ok"}, actor, tenant);
  }
  if (r < 90) {
    const bool first = chance(0.5);
    const auto target =
        first ? domain::SlaTargetKind::kFirstResponse : domain::SlaTargetKind::kResolution;
    std::optional<domain::Instant> due =
        first ? state.sla.first_response_due : state.sla.resolution_due;
    const domain::Instant at = due && chance(0.85) ? *due : now_ - std::chrono::hours(1);
    const Actor& who = chance(0.9) ? system : agent;
    if (chance(0.3)) return run(ticket_id, domain::RecordSlaWarning{target, at}, who, tenant);
    return run(ticket_id, domain::RecordSlaBreach{target, at}, who, tenant);
  }
  if (r < 92) return run(ticket_id, domain::AutoClose{}, system, tenant);
  // A customer replies; on a closed ticket that opens a follow-up
  // (decide_across), when the requester replies.
  const Actor replier =
      state.exists && state.status == domain::Status::kClosed ? requester_of(state) : actor;
  return run(ticket_id, domain::PostMessage{id('m'), "Any news?", false}, replier, tenant);
}

}  // namespace ticketd::projections::testing
