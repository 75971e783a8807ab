// The demo's ticket lifecycle policy: who does what next, and when.
#include <algorithm>

#include "tools/demo_simulation.h"

namespace ticketd::tools::demo {
namespace {

using domain::Millis;
using domain::Status;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::string_view kProblems[] = {
    "Cannot log in to", "Error when exporting", "Invoice wrong for",  "Password reset fails on",
    "Slow loading of",  "Missing data in",      "Crash when opening", "Refund request for",
    "Question about",   "Sync broken for",      "Timeout on",         "Feature request:"};
constexpr std::string_view kThings[] = {
    "dashboard",  "mobile app", "API",     "reports", "billing page", "SSO",
    "CSV export", "webhooks",   "account", "invoice", "search",       "notifications"};
constexpr std::string_view kWords[] = {"please",   "check",   "the",   "account", "again",
                                       "we",       "see",     "error", "since",   "yesterday",
                                       "thanks",   "update",  "fixed", "issue",   "logs",
                                       "customer", "waiting", "on",    "invoice", "login"};
constexpr std::string_view kTags[] = {"vip",    "mobile", "api",     "sso",      "refund",
                                      "outage", "bug",    "billing", "feedback", "onboarding"};

}  // namespace

Millis Simulation::delay(Millis mean) {
  std::exponential_distribution<double> d(1.0 / static_cast<double>(mean.count()));
  return Millis(1 + static_cast<std::int64_t>(d(rng_)));
}

std::string Simulation::sentence(int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i > 0) s.push_back(' ');
    s.append(kWords[pick(std::size(kWords))]);
  }
  s.push_back('.');
  return s;
}

const domain::Actor& Simulation::agent() { return agents_[pick(agents_.size())]; }

const domain::Actor& Simulation::assignee_or_agent(std::size_t t) {
  const auto& assignee = tickets_[t].state.assignee;
  if (assignee) {
    for (const domain::Actor& a : agents_) {
      if (a.id == *assignee) return a;
    }
  }
  return agent();
}

void Simulation::arrive() {
  // Follow-ups count toward the total (`demo --tickets M` means M in all).
  if (report_.tickets >= static_cast<std::uint64_t>(options_.tickets)) return;
  ++arrived_;
  const double r = std::uniform_real_distribution<double>(0, tenant_weights_.back())(rng_);
  const std::size_t tenant =
      static_cast<std::size_t>(std::lower_bound(tenant_weights_.begin(), tenant_weights_.end(), r) -
                               tenant_weights_.begin());
  const Tenant& ten = tenants_[std::min(tenant, tenants_.size() - 1)];
  const domain::Actor& requester = ten.customers[pick(ten.customers.size())];
  // One in five tickets is opened by an agent (phone, chat) for the requester.
  open_ticket(chance(0.2) ? agent() : requester, std::min(tenant, tenants_.size() - 1), requester,
              std::nullopt);
  if (report_.tickets < static_cast<std::uint64_t>(options_.tickets)) {
    queue_.push(
        Scheduled{now_ + delay(options_.mean_arrival), seq_++, SIZE_MAX, Action::kArrive, {}});
  }
}

void Simulation::open_ticket(const domain::Actor& actor, std::size_t tenant,
                             const domain::Actor& requester,
                             std::optional<std::string> follow_up_of) {
  domain::OpenTicket open;
  open.ticket_id = next_id('t');
  open.tenant = tenants_[tenant].slug;
  open.requester = domain::Requester{requester.id, requester.email, requester.name};
  open.subject = std::string(kProblems[pick(std::size(kProblems))]) + " " +
                 std::string(kThings[pick(std::size(kThings))]);
  open.description = sentence(8 + static_cast<int>(pick(20)));
  open.first_message_id = next_id('m');
  open.category = static_cast<domain::Category>(pick(6));
  const double p = std::uniform_real_distribution<double>(0, 1)(rng_);
  open.priority = p < 0.2    ? domain::Priority::kLow
                  : p < 0.7  ? domain::Priority::kMedium
                  : p < 0.92 ? domain::Priority::kHigh
                             : domain::Priority::kUrgent;
  if (domain::is_staff(actor.role) && chance(0.5)) open.assignee = agent().id;
  open.follow_up_of = std::move(follow_up_of);
  tickets_.push_back(SimTicket{domain::initial_state(), tenant, requester, {}, {}, false});
  const std::size_t t = tickets_.size() - 1;
  if (!issue(t, open, actor)) {
    tickets_[t].done = true;
    return;
  }
  ++report_.tickets;
  tenants_[tenant].live.push_back(t);
  schedule(t, Action::kStep, delay(minutes(45)));
}

bool Simulation::post(std::size_t t, const domain::Actor& actor, bool internal) {
  return issue(
      t,
      domain::PostMessage{next_id('m'), sentence(6 + static_cast<int>(pick(25))), internal, {}, {}},
      actor);
}

bool Simulation::change_status(std::size_t t, const domain::Actor& actor, Status to) {
  domain::ChangeStatus change{to, std::nullopt, ""};
  if (domain::is_staff(actor.role) && chance(0.15)) {
    change.note = sentence(5);
    change.note_message_id = next_id('m');
  }
  return issue(t, change, actor);
}

void Simulation::step(std::size_t t) {
  switch (tickets_[t].state.status) {
    case Status::kOpen:
      step_open(t);
      break;
    case Status::kInProgress:
      step_in_progress(t);
      break;
    case Status::kWaitingOnCustomer:
      if (chance(0.75)) {
        post(t, tickets_[t].requester, false);  // reopens it
      } else {
        change_status(t, assignee_or_agent(t), Status::kResolved);
      }
      schedule(t, Action::kStep, delay(hours(3)));
      break;
    case Status::kOnHold:
      change_status(t, assignee_or_agent(t), chance(0.8) ? Status::kInProgress : Status::kOpen);
      schedule(t, Action::kStep, delay(hours(2)));
      break;
    case Status::kResolved:
      step_resolved(t);
      break;
    case Status::kClosed:
      step_closed(t);
      break;
  }
}

void Simulation::step_open(std::size_t t) {
  const domain::Actor& a = agent();
  if (chance(0.15)) issue(t, domain::ChangePriority{static_cast<domain::Priority>(pick(4))}, a);
  if (chance(0.10)) issue(t, domain::ChangeCategory{static_cast<domain::Category>(pick(6))}, a);
  if (chance(0.30)) {
    domain::Tag tag;
    tag.add.emplace_back(kTags[pick(std::size(kTags))]);
    if (chance(0.3)) tag.add.emplace_back(kTags[pick(std::size(kTags))]);
    if (!tickets_[t].state.tags.empty() && chance(0.2))
      tag.remove.push_back(tickets_[t].state.tags.front());
    issue(t, tag, a);
  }
  if (chance(0.05)) post(t, tickets_[t].requester, false);  // the customer adds details
  if (chance(0.85)) {
    issue(t, domain::Assign{a.id}, a);  // moves it to in_progress
  } else {
    post(t, a, false);
  }
  schedule(t, Action::kStep, delay(hours(2)));
}

void Simulation::step_in_progress(std::size_t t) {
  const domain::Actor& a = assignee_or_agent(t);
  const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
  if (r < 0.25) {
    post(t, a, false);
    change_status(t, a, Status::kWaitingOnCustomer);
  } else if (r < 0.37) {
    post(t, a, true);
  } else if (r < 0.42) {
    issue(t, domain::Escalate{sentence(4)}, a);
  } else if (r < 0.47) {
    change_status(t, a, Status::kOnHold);
  } else if (r < 0.53) {
    if (chance(0.15)) {
      issue(t, domain::Unassign{}, a);
      change_status(t, a, Status::kOpen);
    } else {
      issue(t, domain::Assign{agent().id}, a);
    }
  } else if (r < 0.56) {
    if (merge_somewhere(t)) return;
  } else if (r < 0.58) {
    issue(t, domain::ChangePriority{static_cast<domain::Priority>(pick(4))}, a);
  } else if (r < 0.88) {
    post(t, a, false);
    change_status(t, a, Status::kResolved);
  } else {
    post(t, a, false);
  }
  schedule(t, Action::kStep, delay(hours(4)));
}

void Simulation::step_resolved(std::size_t t) {
  const SimTicket& sim = tickets_[t];
  const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
  if (r < 0.12) {
    post(t, sim.requester, false);  // "still broken": reopens it
  } else if (r < 0.45) {
    change_status(t, sim.requester, Status::kClosed);
  } else if (r < 0.75) {
    issue(t,
          domain::RateSatisfaction{1 + static_cast<int>(pick(5)), chance(0.3) ? sentence(5) : ""},
          sim.requester);
  } else if (sim.state.resolved_at && now_ - *sim.state.resolved_at >= hours(72)) {
    issue(t, domain::AutoClose{}, system_);
  }
  schedule(t, Action::kStep, delay(hours(30)));
}

void Simulation::step_closed(std::size_t t) {
  SimTicket& sim = tickets_[t];
  if (!sim.state.satisfaction && !sim.state.merged_into && chance(0.3)) {
    issue(t, domain::RateSatisfaction{1 + static_cast<int>(pick(5)), ""}, sim.requester);
  }
  if (!sim.state.merged_into && chance(0.05) &&
      report_.tickets < static_cast<std::uint64_t>(options_.tickets)) {
    open_ticket(sim.requester, sim.tenant, sim.requester,
                sim.state.id);  // a reply to a closed ticket
  }
  retire(t);
}

bool Simulation::merge_somewhere(std::size_t t) {
  Tenant& tenant = tenants_[tickets_[t].tenant];
  for (int attempt = 0; attempt < 3 && !tenant.live.empty(); ++attempt) {
    const std::size_t target = tenant.live[pick(tenant.live.size())];
    const SimTicket& other = tickets_[target];
    if (target == t || other.done || other.state.status == Status::kClosed) continue;
    if (issue(t, domain::Merge{other.state.id, {}}, assignee_or_agent(t), target)) {
      retire(t);
      return true;
    }
  }
  return false;
}

void Simulation::record_sla(std::size_t t, Action action, domain::Instant due) {
  const domain::TicketState& s = tickets_[t].state;
  const bool first = action == Action::kWarnFirst || action == Action::kBreachFirst;
  const auto current = first ? s.sla.first_response_due : s.sla.resolution_due;
  if (current != due || s.sla.stopped || (first && s.first_response_at)) return;  // stale timer
  const auto target =
      first ? domain::SlaTargetKind::kFirstResponse : domain::SlaTargetKind::kResolution;
  if (action == Action::kWarnFirst || action == Action::kWarnResolution) {
    issue(t, domain::RecordSlaWarning{target, due}, system_);
  } else {
    issue(t, domain::RecordSlaBreach{target, due}, system_);
  }
}

void Simulation::retire(std::size_t t) {
  SimTicket& sim = tickets_[t];
  sim.done = true;
  auto& live = tenants_[sim.tenant].live;
  live.erase(std::remove(live.begin(), live.end(), t), live.end());
  sim.state = domain::TicketState{};  // free the messages; nothing refers to it any more
}

}  // namespace ticketd::tools::demo
