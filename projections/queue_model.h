#pragma once
// The queue view's model: every ticket's row plus the indexes that let a
// filtered, sorted page be answered without scanning all tickets:
//   - a SlotSet per value of status, priority, category, tenant, assignee
//     (and one for unassigned), tag, escalated and breached;
//   - a SlotSet per subject word, in an ordered map for prefix lookups (q);
//   - ordered (key, slot) indexes for the created, updated and due sorts
//     (the priority sort walks the four priority sets, each intersected
//     with the filter's sets).
// search() picks a plan per query: walk the sort order testing each row
// when the filters are broad (cost ~ limit * tickets / matches), or
// enumerate the smallest filter set intersected with the others and sort
// its matches when they are narrow (cost ~ size of that set, less where
// the sets are dense bitmaps, intersected a word at a time); a walk that
// overruns its share of the enumeration's cost switches to enumeration,
// so neither plan degrades.
//
// Thread-safety: none; see read_model.h.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/ordered_index.h"
#include "projections/page_cursor.h"
#include "projections/queue_query.h"
#include "projections/slot_set.h"
#include "projections/ticket_rows_model.h"

namespace ticketd::projections {

class QueueModel final : public TicketRowsModel {
 public:
  explicit QueueModel(std::size_t summary_cache_bytes) : TicketRowsModel(summary_cache_bytes) {}

  // The page of `query` after `after` (a cursor already checked to belong
  // to `sort`), at most `limit` items. Filters naming an unknown tenant,
  // agent or tag match nothing.
  PageRows search(const QueueQuery& query, QueueSort sort, const std::optional<PageCursor>& after,
                  std::size_t limit) const;

  // Tickets that exist.
  std::size_t ticket_count() const { return all_.size(); }

  // The id of the ticket with key "<tenant>-<number>", if it exists.
  std::optional<std::string> id_for_key(std::string_view tenant, std::uint64_t number) const;

  // The sort key of a row under `key` (before reversal).
  static std::int64_t sort_key(const TicketRow& row, QueueSortKey key);
  static constexpr std::int64_t kNoDue = INT64_MAX;

 private:
  // What the indexes are keyed on, captured before an event.
  struct Keys {
    domain::Status status;
    domain::Priority priority;
    domain::Category category;
    std::uint32_t assignee;
    bool escalated;
    bool breached;
    std::int64_t updated;
    std::int64_t due;
  };
  class Filter;
  struct Candidate;

  static Keys keys_of(const TicketRow& row);
  void before_event(std::uint32_t slot, const TicketRow& row, const domain::Event& event) override;
  void after_event(std::uint32_t slot, const TicketRow& row, const domain::Event& event) override;
  void rebuild_indexes() override;
  std::size_t index_memory_bytes() const override;

  // Adds (or removes) `slot` to every index `row` belongs to; the ordered
  // indexes only when `ordered`.
  void index(std::uint32_t slot, const TicketRow& row, bool add, bool ordered);
  SlotSet& assignee_set(std::uint32_t agent);
  static SlotSet& grow(std::vector<SlotSet>& sets, std::uint32_t id);
  // Records the row's sort keys in sort_keys_.
  void set_sort_keys(std::uint32_t slot, const TicketRow& row);

  // Narrows `f` to query.scope (not empty): one tenant becomes its tenant
  // filter, several a union of tenant sets; none known, or a `tenant`
  // outside the scope, makes `f` impossible.
  void restrict_to_scope(const QueueQuery& query, Filter& f) const;
  // Query plans (queue_search.cc).
  bool walk(const Filter& filter, QueueSort sort, const std::optional<PageCursor>& after,
            std::size_t want, std::size_t budget, std::vector<std::uint32_t>& out) const;
  void enumerate(const Filter& filter, QueueSort sort, const std::optional<PageCursor>& after,
                 std::size_t want, std::vector<std::uint32_t>& out) const;

  // Event bookkeeping between before_event and after_event.
  bool existed_ = false;
  bool reindex_ = false;
  Keys before_{};
  std::vector<std::uint32_t> tags_before_;

  SlotSet all_;
  std::array<SlotSet, 6> by_status_;
  std::array<SlotSet, 4> by_priority_;
  std::array<SlotSet, 6> by_category_;
  std::vector<SlotSet> by_tenant_;  // by tenant pool id
  // ticket_key(tenant pool id, number) -> slot, for "{id}" given as a key.
  std::unordered_map<std::uint64_t, std::uint32_t> by_key_;
  static std::uint64_t ticket_key(std::uint32_t tenant, std::uint64_t number) {
    return (std::uint64_t{tenant} << 40) ^ number;
  }
  std::vector<SlotSet> by_assignee_;  // by agent pool id
  SlotSet unassigned_;
  std::vector<SlotSet> by_tag_;  // by tag pool id
  std::array<SlotSet, 2> escalated_;
  std::array<SlotSet, 2> breached_;
  std::map<std::string, SlotSet, std::less<>> words_;
  OrderedIndex created_;
  OrderedIndex updated_;
  OrderedIndex due_;
  // Per slot, sort_key() for each QueueSortKey: the enumeration plan sorts
  // its candidates by these, reading 32 bytes instead of a whole row.
  std::vector<std::array<std::int64_t, 4>> sort_keys_;
  // Per block of 2^kBlockBits slots and sort key, bounds of the keys its
  // rows have had: widened as keys change, never narrowed (until a
  // rebuild), so they always hold every current key. The enumeration plan
  // skips a block that cannot hold a page item -- with slots allocated in
  // creation order, a "-created" page of a sparse filter visits a few blocks
  // instead of every member.
  struct KeyBounds {
    std::int64_t min = INT64_MAX;
    std::int64_t max = INT64_MIN;
  };
  static constexpr std::uint32_t kBlockBits = 10;
  std::vector<std::array<KeyBounds, 4>> block_bounds_;
  // Neighbouring blocks whose created ranges overlap out of order by more
  // than a minute (a ticket opened with an older time than a neighbour's,
  // e.g. by an import): while there are none, slot order is creation order
  // (near enough) and enumerating a filter set with block skipping beats
  // walking the created index.
  std::size_t created_inversions_ = 0;
};

}  // namespace ticketd::projections
