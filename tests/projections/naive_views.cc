#include "naive_views.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/decide.h"
#include "domain/evolve.h"
#include "projections/decoded_event.h"
#include "projections/text_tokens.h"

namespace ticketd::projections::testing {
namespace {

using domain::Instant;

std::int64_t ms(Instant t) { return t.time_since_epoch().count(); }

bool in(const std::optional<Instant>& t, const std::optional<Instant>& from,
        const std::optional<Instant>& to) {
  return t && (!from || *t >= *from) && (!to || *t < *to);
}

std::int64_t due_key(const domain::TicketState& s) {
  if (s.sla.stopped) return INT64_MAX;
  std::vector<std::int64_t> dues;
  if (!s.first_response_at && s.sla.first_response_due)
    dues.push_back(ms(*s.sla.first_response_due));
  if (s.sla.resolution_due) dues.push_back(ms(*s.sla.resolution_due));
  return dues.empty() ? INT64_MAX : *std::min_element(dues.begin(), dues.end());
}

std::int64_t sort_key(const domain::TicketState& s, QueueSortKey key) {
  switch (key) {
    case QueueSortKey::kCreated:
      return ms(s.created_at);
    case QueueSortKey::kUpdated:
      return ms(s.updated_at);
    case QueueSortKey::kPriority:
      return -static_cast<std::int64_t>(s.priority);
    case QueueSortKey::kDue:
      return due_key(s);
  }
  return 0;
}

// Whether a caller with `scope` (empty: every tenant) reaches `tenant`.
bool in_scope(const std::vector<std::string>& scope, const std::string& tenant) {
  return scope.empty() || std::find(scope.begin(), scope.end(), tenant) != scope.end();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::int64_t rank_value(std::vector<std::int64_t> values, double p) {
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

Percentiles percentiles(const std::vector<std::int64_t>& values) {
  Percentiles p;
  p.count = values.size();
  if (values.empty()) return p;
  p.p50 = static_cast<double>(rank_value(values, 50)) / 1000.0;
  p.p90 = static_cast<double>(rank_value(values, 90)) / 1000.0;
  p.p99 = static_cast<double>(rank_value(values, 99)) / 1000.0;
  return p;
}

}  // namespace

NaiveViews::NaiveViews(const eventstore::EventStore& store) {
  std::unordered_map<std::string, std::size_t> slots;
  std::set<std::string> agents;
  position_ = store.head();
  auto all = store.read_all(0, SIZE_MAX);
  BOOST_REQUIRE(all.has_value());
  for (const eventstore::Envelope& envelope : *all) {
    auto decoded = decode_envelope(envelope);
    BOOST_REQUIRE(decoded.has_value());
    if (!*decoded) continue;
    const domain::Event& e = **decoded;
    auto [it, fresh] = slots.emplace(envelope.stream, tickets_.size());
    if (fresh) {
      NaiveTicket t;
      t.slot = static_cast<std::uint32_t>(it->second);
      tickets_.push_back(std::move(t));
    }
    NaiveTicket& t = tickets_[it->second];
    const std::size_t public_before = t.state.public_message_count;
    t.state = domain::evolve(std::move(t.state), e);
    const Instant at = e.meta.occurred_at;
    bool visible = true;
    if (const auto* m = std::get_if<domain::MessagePosted>(&e.body)) visible = !m->internal;
    if (std::holds_alternative<domain::SlaWarning>(e.body)) visible = false;
    if (std::holds_alternative<domain::MergeReceived>(e.body))
      visible = t.state.public_message_count > public_before;
    if (visible) {
      t.visible_updated_at = at;
      t.visible_version = t.state.version;
    }
    if (const auto* o = std::get_if<domain::TicketOpened>(&e.body)) {
      t.assigned_at = o->assignee ? std::optional<Instant>(at) : std::nullopt;
      if (o->assignee) agents.insert(*o->assignee);
    }
    if (const auto* a = std::get_if<domain::TicketAssigned>(&e.body)) {
      t.assigned_at = at;
      agents.insert(a->assignee);
    }
    if (std::holds_alternative<domain::TicketUnassigned>(e.body)) t.assigned_at.reset();
    if (const auto* s = std::get_if<domain::StatusChanged>(&e.body);
        s && s->to == domain::Status::kResolved) {
      t.resolved_by.reset();
      if (t.state.assignee && t.assigned_at) {
        t.resolved_by = t.state.assignee;
        t.handle = *t.state.resolved_at - *t.assigned_at;
      }
    }
    if (!t.state.resolved_at) t.resolved_by.reset();
    if (const auto* r = std::get_if<domain::SatisfactionRated>(&e.body)) {
      t.rating = r->rating;
      t.rated_at = at;
    }
  }
  agents_.assign(agents.begin(), agents.end());
}

TicketSummary NaiveViews::summary(const NaiveTicket& t, bool customer) {
  const domain::TicketState& s = t.state;
  TicketSummary out;
  out.id = s.id;
  out.number = s.number;
  out.key = s.key();
  out.tenant = s.tenant;
  out.subject = s.subject;
  out.status = s.status;
  out.priority = s.priority;
  out.category = s.category;
  out.tags = s.tags;
  out.requester = s.requester;
  out.assignee = s.assignee;
  out.escalation_level = s.escalation_level;
  out.created_at = s.created_at;
  out.updated_at = customer ? t.visible_updated_at : s.updated_at;
  out.first_response_at = s.first_response_at;
  out.resolved_at = s.resolved_at;
  out.closed_at = s.closed_at;
  out.sla = SlaSummary{s.sla.first_response_due, s.sla.resolution_due, s.first_response_breached,
                       s.resolution_breached, s.sla.paused};
  out.message_count = customer ? s.public_message_count : s.messages.size();
  out.version = customer ? t.visible_version : s.version;
  out.merged_into = s.merged_into;
  out.follow_up_of = s.follow_up_of;
  return out;
}

std::vector<TicketSummary> NaiveViews::queue(const QueueQuery& q, QueueSort sort) const {
  const std::vector<std::string> words = words_of(q.q);
  std::vector<const NaiveTicket*> hits;
  for (const NaiveTicket& t : tickets_) {
    const domain::TicketState& s = t.state;
    if (!s.exists) continue;
    if ((q.status && s.status != *q.status) || (q.priority && s.priority != *q.priority) ||
        (q.category && s.category != *q.category) || (q.tenant && s.tenant != *q.tenant) ||
        !in_scope(q.scope, s.tenant) || (q.assignee && s.assignee != q.assignee) ||
        (q.unassigned && s.assignee) || (q.tag && !s.has_tag(lower(*q.tag))) ||
        (q.escalated && (s.escalation_level > 0) != *q.escalated) ||
        (q.breached && (s.first_response_breached || s.resolution_breached) != *q.breached) ||
        !matches_words(s.subject, words)) {
      continue;
    }
    hits.push_back(&t);
  }
  std::sort(hits.begin(), hits.end(), [&](const NaiveTicket* a, const NaiveTicket* b) {
    const auto ka = std::pair(sort_key(a->state, sort.key), a->slot);
    const auto kb = std::pair(sort_key(b->state, sort.key), b->slot);
    return sort.descending ? kb < ka : ka < kb;
  });
  std::vector<TicketSummary> out;
  for (const NaiveTicket* t : hits) out.push_back(summary(*t, false));
  return out;
}

std::vector<TicketSummary> NaiveViews::tenant(const TenantQuery& q) const {
  std::vector<const NaiveTicket*> hits;
  for (const NaiveTicket& t : tickets_) {
    if (domain::visible_to(t.state, q.caller) && (!q.status || t.state.status == *q.status))
      hits.push_back(&t);
  }
  std::sort(hits.begin(), hits.end(), [](const NaiveTicket* a, const NaiveTicket* b) {
    return std::pair(b->state.created_at, b->slot) < std::pair(a->state.created_at, a->slot);
  });
  std::vector<TicketSummary> out;
  for (const NaiveTicket* t : hits) out.push_back(summary(*t, true));
  return out;
}

MetricsReport NaiveViews::metrics(const MetricsQuery& q) const {
  MetricsReport r;
  std::map<std::string, std::uint64_t> by_tenant;
  std::map<std::int64_t, DailyCount> daily;
  std::vector<std::int64_t> first_response;
  std::vector<std::int64_t> resolution;
  for (const NaiveTicket& t : tickets_) {
    const domain::TicketState& s = t.state;
    if (!s.exists || (q.tenant && s.tenant != *q.tenant) || !in_scope(q.scope, s.tenant)) continue;
    if (in(s.created_at, q.from, q.to)) {
      ++r.by_status[static_cast<std::size_t>(s.status)];
      ++r.by_priority[static_cast<std::size_t>(s.priority)];
      ++r.by_category[static_cast<std::size_t>(s.category)];
      ++by_tenant[s.tenant];
      ++daily[ms(s.created_at) / 86'400'000].created;
      SlaCompliance& sla = r.sla[static_cast<std::size_t>(s.priority)];
      const auto& fr_due = s.sla.first_response_due;
      if (s.first_response_breached ||
          (s.first_response_at && fr_due && *s.first_response_at > *fr_due)) {
        ++sla.breached;
      } else if (s.first_response_at) {
        ++sla.met;
      }
      const auto& res_due = s.sla.resolution_due;
      if (s.resolution_breached ||
          (s.resolved_at && ((res_due && *s.resolved_at > *res_due) ||
                             s.sla.resolution_consumed > s.sla.resolution_target))) {
        ++sla.breached;
      } else if (s.resolved_at) {
        ++sla.met;
      }
    }
    if (in(s.resolved_at, q.from, q.to)) {
      ++daily[ms(*s.resolved_at) / 86'400'000].resolved;
      resolution.push_back(ms(*s.resolved_at) - ms(s.created_at));
    }
    if (in(s.first_response_at, q.from, q.to)) {
      first_response.push_back(ms(*s.first_response_at) - ms(s.created_at));
    }
    if (t.rating > 0 && in(t.rated_at, q.from, q.to)) {
      ++r.satisfaction_count;
      r.satisfaction_sum += static_cast<std::uint64_t>(t.rating);
    }
  }
  r.by_tenant.assign(by_tenant.begin(), by_tenant.end());
  for (auto& [day, counts] : daily) {
    counts.day = std::chrono::sys_days(std::chrono::days(day));
    r.daily.push_back(counts);
  }
  r.first_response = percentiles(first_response);
  r.resolution = percentiles(resolution);
  return r;
}

std::vector<AgentWorkload> NaiveViews::agents(const AgentsQuery& q) const {
  std::vector<AgentWorkload> out;
  for (const std::string& agent : agents_) {
    AgentWorkload w;
    w.agent = agent;
    std::vector<std::int64_t> handles;
    for (const NaiveTicket& t : tickets_) {
      const domain::TicketState& s = t.state;
      if (!s.exists) continue;
      if (s.assignee == agent && s.status != domain::Status::kResolved &&
          s.status != domain::Status::kClosed) {
        ++w.open_assigned;
      }
      if (t.resolved_by == agent && in(s.resolved_at, q.from, q.to))
        handles.push_back(t.handle.count());
    }
    w.resolved = handles.size();
    if (!handles.empty()) w.median_handle_s = static_cast<double>(rank_value(handles, 50)) / 1000.0;
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace ticketd::projections::testing
