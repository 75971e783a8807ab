#pragma once
// The part the queue and tenant models share: one TicketRow per slot, the
// pools they refer to, dirty tracking and persistence (rows under "r" +
// slot, pool entries under "p" + pool + id). Subclasses add their indexes
// through the hooks below.
//
// Thread-safety: none (see read_model.h); the Projector guards it.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "projections/read_model.h"
#include "projections/ticket_row.h"

namespace ticketd::projections {

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

 protected:
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
};

}  // namespace ticketd::projections
