// MetricsModel::report and MetricsModel::agents: the figures defined in
// metrics_report.h, computed from the rows in scope.
#include <algorithm>
#include <map>

#include "projections/metrics_model.h"

namespace ticketd::projections {
namespace {

struct Range {
  std::int64_t from = INT64_MIN;
  std::int64_t to = INT64_MAX;
  bool contains(std::int64_t t) const { return t != kNoInstant && t >= from && t < to; }
};

Range range_of(const std::optional<domain::Instant>& from,
               const std::optional<domain::Instant>& to) {
  Range r;
  if (from) r.from = to_ms(*from);
  if (to) r.to = to_ms(*to);
  return r;
}

std::int64_t day_of(std::int64_t ms) {
  constexpr std::int64_t kDay = 86'400'000;
  return ms >= 0 ? ms / kDay : -((-ms + kDay - 1) / kDay);
}

Percentiles percentiles(std::vector<std::int64_t>& ms) {
  Percentiles p;
  p.count = ms.size();
  if (ms.empty()) return p;
  p.p50 = static_cast<double>(nearest_rank(ms, 50)) / 1000.0;
  p.p90 = static_cast<double>(nearest_rank(ms, 90)) / 1000.0;
  p.p99 = static_cast<double>(nearest_rank(ms, 99)) / 1000.0;
  return p;
}

// The SLA outcome of one target: +1 met, -1 breached, 0 pending.
int outcome(bool flagged, std::int64_t achieved_at, const std::optional<domain::Instant>& due) {
  if (flagged) return -1;
  if (achieved_at == kNoInstant) return 0;
  return due && achieved_at > to_ms(*due) ? -1 : 1;
}

// The resolution target's outcome. A clock stopped while paused keeps no
// due, so the business time it used decides: a ticket that went over its
// target, was put on hold before the breach was recorded and then resolved
// from there is breached, not met.
int resolution_outcome(const TicketCore& c) {
  const int by_due = outcome(c.resolution_breached, c.resolved_at, c.sla.resolution_due);
  if (by_due != 1) return by_due;
  return c.sla.resolution_consumed > c.sla.resolution_target ? -1 : 1;
}

void add_outcome(SlaCompliance& c, int o) {
  if (o > 0) ++c.met;
  if (o < 0) ++c.breached;
}

}  // namespace

MetricsReport MetricsModel::report(const MetricsQuery& query) const {
  MetricsReport r;
  const Range range = range_of(query.from, query.to);
  std::vector<std::int64_t> first_response;
  std::vector<std::int64_t> resolution;
  std::map<std::int64_t, DailyCount> daily;
  std::vector<std::uint64_t> by_tenant(pools_.tenants.size(), 0);

  auto visit = [&](std::uint32_t slot) {
    const MetricsRow& row = rows_[slot];
    const TicketCore& c = row.core;
    if (!c.exists) return true;
    if (range.contains(c.created_at)) {
      ++r.by_status[static_cast<std::size_t>(c.status)];
      ++r.by_priority[static_cast<std::size_t>(c.priority)];
      ++r.by_category[static_cast<std::size_t>(c.category)];
      ++by_tenant[c.tenant];
      ++daily[day_of(c.created_at)].created;
      SlaCompliance& sla = r.sla[static_cast<std::size_t>(c.priority)];
      add_outcome(
          sla, outcome(c.first_response_breached, c.first_response_at, c.sla.first_response_due));
      add_outcome(sla, resolution_outcome(c));
    }
    if (range.contains(c.resolved_at)) {
      ++daily[day_of(c.resolved_at)].resolved;
      resolution.push_back(c.resolved_at - c.created_at);
    }
    if (range.contains(c.first_response_at)) {
      first_response.push_back(c.first_response_at - c.created_at);
    }
    if (row.rating > 0 && range.contains(row.rated_at)) {
      ++r.satisfaction_count;
      r.satisfaction_sum += row.rating;
    }
    return true;
  };
  auto visit_tenant = [&](std::string_view slug) {
    const std::optional<std::uint32_t> tenant = pools_.tenants.find(slug);
    if (tenant && *tenant < by_tenant_.size()) by_tenant_[*tenant].for_each_from(0, visit);
  };
  const std::vector<std::string>& scope = query.scope;
  if (query.tenant) {
    if (scope.empty() || std::binary_search(scope.begin(), scope.end(), *query.tenant)) {
      visit_tenant(*query.tenant);
    }
  } else if (!scope.empty()) {
    for (const std::string& slug : scope) visit_tenant(slug);
  } else {
    for (std::uint32_t slot = 0; slot < rows_.size(); ++slot) visit(slot);
  }

  for (std::uint32_t t = 0; t < by_tenant.size(); ++t) {
    if (by_tenant[t] > 0) r.by_tenant.emplace_back(pools_.tenants.at(t), by_tenant[t]);
  }
  std::sort(r.by_tenant.begin(), r.by_tenant.end());
  for (auto& [day, counts] : daily) {
    counts.day = std::chrono::sys_days(std::chrono::days(day));
    r.daily.push_back(counts);
  }
  r.first_response = percentiles(first_response);
  r.resolution = percentiles(resolution);
  return r;
}

AgentsPage MetricsModel::agents(const AgentsQuery& query, const std::optional<PageCursor>& after,
                                std::size_t limit) const {
  std::vector<std::uint32_t> ids;
  for (std::uint32_t id = 0; id < pools_.agents.size(); ++id) {
    if (!after || pools_.agents.at(id) > after->text) ids.push_back(id);
  }
  const std::size_t n = std::min(ids.size(), limit);
  auto by_name = [&](std::uint32_t a, std::uint32_t b) {
    return pools_.agents.at(a) < pools_.agents.at(b);
  };
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n), ids.end(), by_name);

  AgentsPage page;
  const Range range = range_of(query.from, query.to);
  std::vector<std::int64_t> handle;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t id = ids[i];
    AgentWorkload w;
    w.agent = pools_.agents.at(id);
    w.open_assigned =
        id < open_assigned_.size() ? static_cast<std::uint64_t>(open_assigned_[id]) : 0;
    handle.clear();
    if (id < resolved_by_.size()) {
      resolved_by_[id].for_each_from(0, [&](std::uint32_t slot) {
        const MetricsRow& row = rows_[slot];
        if (range.contains(row.core.resolved_at)) handle.push_back(row.handle_ms);
        return true;
      });
    }
    w.resolved = handle.size();
    if (!handle.empty()) w.median_handle_s = static_cast<double>(nearest_rank(handle, 50)) / 1000.0;
    page.items.push_back(std::move(w));
  }
  if (ids.size() > n && n > 0) {
    page.next_cursor = encode_cursor(PageCursor{kAgentsCursorKind, 0, 0, page.items.back().agent});
  }
  return page;
}

}  // namespace ticketd::projections
