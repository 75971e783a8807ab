#pragma once
// The metrics view's model: one MetricsRow per slot, the tickets of each
// tenant, and per agent the count of open tickets assigned to them and the
// set of tickets credited to them as resolved. Reports are computed at
// query time from the rows in scope (one tenant's, or all), so any
// from/to range is exact; a report costs O(tickets in scope), and an agents
// page O(tickets credited to the agents on it).
//
// Thread-safety: none; see read_model.h.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "projections/metrics_report.h"
#include "projections/metrics_row.h"
#include "projections/page_cursor.h"
#include "projections/read_model.h"
#include "projections/slot_set.h"

namespace ticketd::projections {

inline constexpr std::uint8_t kAgentsCursorKind = 32;

class MetricsModel final : public ReadModel {
 public:
  void apply(std::span<const DecodedEvent> events) override;
  void begin_bulk() override { bulk_ = true; }
  void end_bulk() override;
  void save(ModelSink& sink) override;
  bool load(std::string_view key, std::string_view value) override;
  std::size_t memory_bytes() const override;

  MetricsReport report(const MetricsQuery& query) const;
  // Agents ordered by id after `after` (a cursor of kAgentsCursorKind).
  AgentsPage agents(const AgentsQuery& query, const std::optional<PageCursor>& after,
                    std::size_t limit) const;

 private:
  // What the per-tenant and per-agent indexes count for one row.
  struct Contribution {
    bool exists = false;
    std::uint32_t tenant = StringPool::kNone;
    std::uint32_t open_assignee = StringPool::kNone;  // assignee while not resolved/closed
    std::uint32_t resolved_by = StringPool::kNone;
  };
  static Contribution contribution(const MetricsRow& row);
  void account(std::uint32_t slot, const Contribution& c, bool add);
  void rebuild_indexes();

  std::vector<MetricsRow> rows_;
  CorePools pools_;
  std::vector<SlotSet> by_tenant_;           // by tenant pool id
  std::vector<std::int64_t> open_assigned_;  // by agent pool id
  std::vector<SlotSet> resolved_by_;         // by agent pool id
  bool bulk_ = false;
  std::vector<std::uint32_t> dirty_;
};

}  // namespace ticketd::projections
