#include "projections/metrics_report.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace ticketd::projections {
namespace {

std::string format_day(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

void write_percentiles(domain::JsonWriter& w, std::string_view name, const Percentiles& p) {
  w.key(name);
  w.begin_object();
  w.member("count", p.count);
  for (auto [key, value] : {std::pair{"p50", p.p50}, {"p90", p.p90}, {"p99", p.p99}}) {
    w.key(key);
    if (p.count == 0) {
      w.value(nullptr);
    } else {
      w.value(value);
    }
  }
  w.end_object();
}

template <std::size_t N, class Enum>
void write_counts(domain::JsonWriter& w, std::string_view name,
                  const std::array<std::uint64_t, N>& counts, Enum) {
  w.key(name);
  w.begin_object();
  for (std::size_t i = 0; i < N; ++i) w.member(domain::to_string(static_cast<Enum>(i)), counts[i]);
  w.end_object();
}

}  // namespace

std::int64_t nearest_rank(std::vector<std::int64_t>& values, int p) {
  const std::size_t n = values.size();
  std::size_t rank = (static_cast<std::size_t>(p) * n + 99) / 100;  // ceil(p/100 * n)
  rank = std::clamp<std::size_t>(rank, 1, n);
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

void write_metrics_json(domain::JsonWriter& w, const MetricsReport& r) {
  w.begin_object();
  w.key("tickets");
  w.begin_object();
  write_counts(w, "by_status", r.by_status, domain::Status{});
  write_counts(w, "by_priority", r.by_priority, domain::Priority{});
  write_counts(w, "by_category", r.by_category, domain::Category{});
  w.key("by_tenant");
  w.begin_object();
  for (const auto& [tenant, count] : r.by_tenant) w.member(tenant, count);
  w.end_object();
  w.end_object();
  w.key("daily");
  w.begin_array();
  for (const DailyCount& d : r.daily) {
    w.begin_object();
    w.member("date", format_day(d.day));
    w.member("created", d.created);
    w.member("resolved", d.resolved);
    w.end_object();
  }
  w.end_array();
  write_percentiles(w, "first_response_s", r.first_response);
  write_percentiles(w, "resolution_s", r.resolution);
  w.key("sla");
  w.begin_object();
  for (int p = 3; p >= 0; --p) {
    const SlaCompliance& c = r.sla[static_cast<std::size_t>(p)];
    w.key(domain::to_string(static_cast<domain::Priority>(p)));
    w.begin_object();
    w.member("met", c.met);
    w.member("breached", c.breached);
    w.key("compliance");
    if (c.met + c.breached == 0) {
      w.value(nullptr);
    } else {
      w.value(static_cast<double>(c.met) / static_cast<double>(c.met + c.breached));
    }
    w.end_object();
  }
  w.end_object();
  w.key("satisfaction");
  w.begin_object();
  w.member("count", r.satisfaction_count);
  w.key("average");
  if (r.satisfaction_count == 0) {
    w.value(nullptr);
  } else {
    w.value(static_cast<double>(r.satisfaction_sum) / static_cast<double>(r.satisfaction_count));
  }
  w.end_object();
  w.end_object();
}

void write_agent_members(domain::JsonWriter& w, const AgentWorkload& a) {
  w.member("agent", a.agent);
  w.member("open_assigned", a.open_assigned);
  w.member("resolved", a.resolved);
  w.key("median_handle_s");
  if (a.median_handle_s) {
    w.value(*a.median_handle_s);
  } else {
    w.value(nullptr);
  }
}

void write_agent_json(domain::JsonWriter& w, const AgentWorkload& a) {
  w.begin_object();
  write_agent_members(w, a);
  w.end_object();
}

}  // namespace ticketd::projections
