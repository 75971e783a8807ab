#pragma once
// The part the queue and tenant models share: one TicketRow per slot, the
// pools they refer to, dirty tracking and persistence (rows under "r" +
// slot, pool entries under "p" + pool + id). Subclasses add their indexes
// through the hooks below.
//
// Thread-safety: none (see read_model.h); the Projector guards it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "projections/read_model.h"
#include "projections/summary_json_cache.h"
#include "projections/ticket_row.h"

namespace ticketd::projections {

// The rows of one list page, in order, and the cursor of the next page
// (nullopt on the last one).
struct PageRows {
  std::vector<std::uint32_t> slots;
  std::optional<std::string> next_cursor;
};

class TicketRowsModel : public ReadModel {
 public:
  void apply(std::span<const DecodedEvent> events) override;
  void begin_bulk() override { bulk_ = true; }
  void end_bulk() override;
  void save(ModelSink& sink) override;
  bool load(std::string_view key, std::string_view value) override;
  std::size_t memory_bytes() const override;

  // The row at `slot` if that ticket exists (TicketOpened applied).
  const TicketRow* row(std::uint32_t slot) const {
    return slot < rows_.size() && rows_[slot].core.exists ? &rows_[slot] : nullptr;
  }
  std::uint32_t slot_count() const { return static_cast<std::uint32_t>(rows_.size()); }
  const RowPools& pools() const { return pools_; }

  // The summaries of the rows at `slots` (which must exist) for `audience`:
  // as values, or appended to `out` as a JSON array (summary_json.h's
  // form) through the model's summary cache.
  std::vector<TicketSummary> summaries(std::span<const std::uint32_t> slots,
                                       Audience audience) const;
  void write_summaries(std::span<const std::uint32_t> slots, Audience audience,
                       std::string& out) const;
  SummaryCacheStats summary_cache_stats() const { return summary_json_.stats(); }

 protected:
  // `summary_cache_bytes` bounds the summary cache (0: none).
  explicit TicketRowsModel(std::size_t summary_cache_bytes) : summary_json_(summary_cache_bytes) {}

  // Called outside bulk mode around each event of an existing or new row:
  // before_event() sees the row before the event (exists may be false),
  // after_event() after it.
  virtual void before_event(std::uint32_t slot, const TicketRow& row,
                            const domain::Event& event) = 0;
  virtual void after_event(std::uint32_t slot, const TicketRow& row,
                           const domain::Event& event) = 0;
  // Rebuilds every index from the rows (end of bulk mode or load).
  virtual void rebuild_indexes() = 0;
  virtual std::size_t index_memory_bytes() const = 0;

  std::vector<TicketRow> rows_;
  RowPools pools_;

 private:
  bool bulk_ = false;
  std::vector<std::uint32_t> dirty_;  // slots whose row.dirty was set since save()
  // Thread-safe itself: filled by concurrent queries under the shared lock.
  mutable SummaryJsonCache summary_json_;
};

}  // namespace ticketd::projections
