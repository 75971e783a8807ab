#pragma once
// The tenant view's model: the same rows as the queue, indexed for
// customers: per tenant, and per (tenant, requester email) and (tenant,
// requester id), an ordered (created_at, slot) index. A page walks the
// caller's index newest first, so it costs the page size plus the tickets
// its status filter skips -- never other tenants' tickets. Summaries are
// made for Audience::kCustomer (public message count, customer-visible
// updated_at).
//
// Thread-safety: none; see read_model.h.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/ordered_index.h"
#include "projections/page_cursor.h"
#include "projections/tenant_query.h"
#include "projections/ticket_rows_model.h"

namespace ticketd::projections {

inline constexpr std::uint8_t kTenantCursorKind = 16;

class TenantModel final : public TicketRowsModel {
 public:
  explicit TenantModel(std::size_t summary_cache_bytes) : TicketRowsModel(summary_cache_bytes) {}

  // The caller's page after `after`; the caller was checked to be a
  // customer role with a tenant.
  PageRows search(const TenantQuery& query, const std::optional<PageCursor>& after,
                  std::size_t limit) const;

 private:
  void before_event(std::uint32_t slot, const TicketRow& row, const domain::Event& event) override;
  void after_event(std::uint32_t slot, const TicketRow& row, const domain::Event& event) override;
  void rebuild_indexes() override;
  std::size_t index_memory_bytes() const override;

  void index(std::uint32_t slot, const TicketRow& row, bool add);
  // Keys of the per-requester indexes.
  static std::string email_key(std::uint32_t tenant, std::string_view email);
  static std::string id_key(std::uint32_t tenant, std::string_view id);
  // Up to `want` slots of `index` older than `after` with the status asked.
  void collect(const OrderedIndex& index, const TenantQuery& query,
               const std::optional<PageCursor>& after, std::size_t want,
               std::vector<OrderedIndex::Entry>& out) const;

  bool existed_ = false;
  std::vector<OrderedIndex> by_tenant_;  // by tenant pool id
  std::unordered_map<std::string, OrderedIndex> by_requester_;
};

}  // namespace ticketd::projections
