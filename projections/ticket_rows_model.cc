#include "projections/ticket_rows_model.h"

#include "projections/byte_codec.h"
#include "projections/pool_codec.h"
#include "projections/summary_json.h"

namespace ticketd::projections {

std::vector<TicketSummary> TicketRowsModel::summaries(std::span<const std::uint32_t> slots,
                                                      Audience audience) const {
  std::vector<TicketSummary> out;
  out.reserve(slots.size());
  for (std::uint32_t slot : slots) out.push_back(summarize(rows_[slot], pools_, audience));
  return out;
}

void TicketRowsModel::write_summaries(std::span<const std::uint32_t> slots, Audience audience,
                                      std::string& out) const {
  const bool customer = audience == Audience::kCustomer;
  std::vector<SummaryJsonCache::Item> items;
  items.reserve(slots.size());
  // Keyed by the stream version, which every event moves (the customers'
  // visible_version does not).
  for (std::uint32_t slot : slots) items.push_back({slot, customer, rows_[slot].core.version});
  summary_json_.append_array(
      out, items, [&](const SummaryJsonCache::Item& item, std::string& json) {
        domain::JsonWriter w(json);
        write_ticket_summary(w, summarize(rows_[item.slot], pools_, audience));
      });
}

void TicketRowsModel::apply(std::span<const DecodedEvent> events) {
  for (const DecodedEvent& e : events) {
    if (e.slot == kNoSlot) continue;
    if (e.slot >= rows_.size()) rows_.resize(e.slot + 1);
    TicketRow& row = rows_[e.slot];
    if (!row.dirty) dirty_.push_back(e.slot);
    if (!bulk_) before_event(e.slot, row, e.event);
    apply_row(row, e.event, pools_);
    if (!bulk_) after_event(e.slot, row, e.event);
  }
}

void TicketRowsModel::end_bulk() {
  bulk_ = false;
  rebuild_indexes();
}

void TicketRowsModel::save(ModelSink& sink) {
  save_pool(sink, kPoolTenants, pools_.core.tenants);
  save_pool(sink, kPoolAgents, pools_.core.agents);
  save_pool(sink, pools_.core.calendars);
  save_pool(sink, kPoolTags, pools_.tags);
  save_pool(sink, kPoolRequesters, pools_.requesters);

  std::string key;
  std::string value;
  for (std::uint32_t slot : dirty_) {
    TicketRow& row = rows_[slot];
    row.dirty = false;
    key.clear();
    key.push_back('r');
    ByteWriter(key).u32be(slot);
    value.clear();
    encode_row(value, row);
    sink.put(key, value);
  }
  dirty_.clear();
}

bool TicketRowsModel::load(std::string_view key, std::string_view value) {
  char kind = 0;
  std::uint32_t id = 0;
  if (parse_pool_key(key, kind, id)) {
    switch (kind) {
      case kPoolTenants:
        return load_pool_entry(pools_.core.tenants, id, value);
      case kPoolAgents:
        return load_pool_entry(pools_.core.agents, id, value);
      case kPoolCalendars:
        return load_pool_entry(pools_.core.calendars, id, value);
      case kPoolTags:
        return load_pool_entry(pools_.tags, id, value);
      case kPoolRequesters:
        return load_pool_entry(pools_.requesters, id, value);
      default:
        return false;
    }
  }
  if (key.size() != 5 || key[0] != 'r') return false;
  ByteReader r(key.substr(1));
  const std::uint32_t slot = r.u32be();
  if (slot >= rows_.size()) rows_.resize(slot + 1);
  return decode_row(value, rows_[slot], pools_);
}

std::size_t TicketRowsModel::memory_bytes() const {
  std::size_t bytes = rows_.capacity() * sizeof(TicketRow) + dirty_.capacity() * 4;
  for (const TicketRow& row : rows_) {
    bytes += (row.id.capacity() > 15 ? row.id.capacity() + 1 : 0) +
             (row.subject.capacity() > 15 ? row.subject.capacity() + 1 : 0) +
             row.tags.capacity() * 4 + row.message_ids.capacity() * 8 +
             (row.links ? sizeof(TicketLinks) : 0);
  }
  return bytes + pools_.core.tenants.memory_bytes() + pools_.core.agents.memory_bytes() +
         pools_.tags.memory_bytes() + pools_.requesters.memory_bytes() + index_memory_bytes();
}

}  // namespace ticketd::projections
