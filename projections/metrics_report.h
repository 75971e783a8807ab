#pragma once
// The metrics view's queries and answers (GET /admin/v1/metrics and
// GET /admin/v1/agents, API.md) and their JSON.
//
// Time ranges: `from` inclusive, `to` exclusive, either may be absent. Each
// figure is counted on the instant that makes it happen:
//   tickets.by_* and sla ..... tickets created in the range (current status,
//                              priority, category, tenant; SLA outcome so far)
//   daily[].created .......... created_at, per UTC day
//   daily[].resolved ......... resolved_at of tickets resolved now (a ticket
//                              reopened and not yet resolved again counts
//                              nowhere; each ticket at most once), per UTC day
//   first_response_s ......... first_response_at - created_at, counted on
//                              first_response_at
//   resolution_s ............. resolved_at - created_at, counted on resolved_at
//                              (so its count equals the sum of daily.resolved)
//   satisfaction ............. the current rating, counted on rated_at
// SLA per priority (the ticket's current one), each ticket's two targets
// counted at most once each: first response is breached when an SlaBreached
// was recorded for it or the first response came after its due instant, met
// when given in time; resolution likewise with resolved_at and the due
// instant the clock kept when it stopped, and breached too when the clock
// used more business time than its target (a ticket resolved while paused
// keeps no due). Targets still pending count in neither. compliance = met / (met + breached), null
// when both are 0. Percentiles use the nearest-rank method on millisecond values and are reported
// in seconds; null when the count is 0. daily lists only days with a non-zero figure, oldest first.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/json_writer.h"
#include "domain/types.h"

namespace ticketd::projections {

struct MetricsQuery {
  std::optional<std::string> tenant;  // one tenant, or all
  std::optional<domain::Instant> from;
  std::optional<domain::Instant> to;
  // The tenants the caller may reach (domain::Actor::scope: sorted,
  // unique); empty: every tenant. Without `tenant` the report counts these
  // tenants only; a `tenant` outside it counts nothing (as an unknown one).
  std::vector<std::string> scope = {};
};

struct Percentiles {
  std::uint64_t count = 0;
  // Seconds; meaningful when count > 0.
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  friend bool operator==(const Percentiles&, const Percentiles&) = default;
};

struct SlaCompliance {
  std::uint64_t met = 0;
  std::uint64_t breached = 0;
  friend bool operator==(const SlaCompliance&, const SlaCompliance&) = default;
};

struct DailyCount {
  std::chrono::sys_days day{};
  std::uint64_t created = 0;
  std::uint64_t resolved = 0;
  friend bool operator==(const DailyCount&, const DailyCount&) = default;
};

struct MetricsReport {
  std::array<std::uint64_t, 6> by_status{};                      // index = domain::Status
  std::array<std::uint64_t, 4> by_priority{};                    // index = domain::Priority
  std::array<std::uint64_t, 6> by_category{};                    // index = domain::Category
  std::vector<std::pair<std::string, std::uint64_t>> by_tenant;  // sorted by tenant
  std::vector<DailyCount> daily;
  Percentiles first_response;
  Percentiles resolution;
  std::array<SlaCompliance, 4> sla{};  // index = domain::Priority
  std::uint64_t satisfaction_count = 0;
  std::uint64_t satisfaction_sum = 0;  // of ratings; average = sum / count
  std::uint64_t position = 0;          // log position the answer reflects
  friend bool operator==(const MetricsReport&, const MetricsReport&) = default;
};

// Per-agent workload: tickets assigned now and not resolved or closed;
// tickets credited to them (see metrics_row.h) whose resolved_at is in the
// range; the median (nearest rank) of those tickets' handle times.
struct AgentWorkload {
  std::string agent;
  std::uint64_t open_assigned = 0;
  std::uint64_t resolved = 0;
  std::optional<double> median_handle_s;
  friend bool operator==(const AgentWorkload&, const AgentWorkload&) = default;
};

// Agents are everyone who was ever an assignee, ordered by id.
struct AgentsQuery {
  std::optional<domain::Instant> from;  // on resolved_at, as above
  std::optional<domain::Instant> to;
  std::string cursor;
  std::optional<std::int64_t> limit;
};

struct AgentsPage {
  std::vector<AgentWorkload> items;
  std::optional<std::string> next_cursor;
  std::uint64_t position = 0;
};

// The metrics shape of API.md as one JSON object.
void write_metrics_json(domain::JsonWriter& w, const MetricsReport& report);

// One item of GET /admin/v1/agents:
// {"agent", "open_assigned", "resolved", "median_handle_s"}; the members
// alone, for a caller that adds its own.
void write_agent_json(domain::JsonWriter& w, const AgentWorkload& agent);
void write_agent_members(domain::JsonWriter& w, const AgentWorkload& agent);

// Nearest-rank percentile `p` (0 < p <= 100) of `values` in milliseconds,
// reordering them; `values` must not be empty.
std::int64_t nearest_rank(std::vector<std::int64_t>& values, int p);

}  // namespace ticketd::projections
