#include "projections/metrics_model.h"

#include "projections/byte_codec.h"
#include "projections/pool_codec.h"

namespace ticketd::projections {
namespace {

template <class T>
T& grow(std::vector<T>& v, std::uint32_t id) {
  if (id >= v.size()) v.resize(id + 1);
  return v[id];
}

}  // namespace

MetricsModel::Contribution MetricsModel::contribution(const MetricsRow& row) {
  Contribution c;
  c.exists = row.core.exists;
  if (!c.exists) return c;
  c.tenant = row.core.tenant;
  if (row.core.open()) c.open_assignee = row.core.assignee;
  c.resolved_by = row.resolved_by;
  return c;
}

void MetricsModel::account(std::uint32_t slot, const Contribution& c, bool add) {
  if (!c.exists) return;
  if (add) {
    grow(by_tenant_, c.tenant).insert(slot);
  } else {
    grow(by_tenant_, c.tenant).erase(slot);
  }
  if (c.open_assignee != StringPool::kNone) grow(open_assigned_, c.open_assignee) += add ? 1 : -1;
  if (c.resolved_by != StringPool::kNone) {
    SlotSet& set = grow(resolved_by_, c.resolved_by);
    add ? set.insert(slot) : set.erase(slot);
  }
}

void MetricsModel::apply(std::span<const DecodedEvent> events) {
  for (const DecodedEvent& e : events) {
    if (e.slot == kNoSlot) continue;
    if (e.slot >= rows_.size()) rows_.resize(e.slot + 1);
    MetricsRow& row = rows_[e.slot];
    if (!row.dirty) dirty_.push_back(e.slot);
    if (bulk_) {
      apply_metrics_row(row, e.event, pools_);
      continue;
    }
    const Contribution before = contribution(row);
    apply_metrics_row(row, e.event, pools_);
    const Contribution after = contribution(row);
    if (before.exists != after.exists || before.tenant != after.tenant) {
      account(e.slot, before, false);
      account(e.slot, after, true);
      continue;
    }
    if (before.open_assignee != after.open_assignee) {
      if (before.open_assignee != StringPool::kNone) --open_assigned_[before.open_assignee];
      if (after.open_assignee != StringPool::kNone) ++grow(open_assigned_, after.open_assignee);
    }
    if (before.resolved_by != after.resolved_by) {
      if (before.resolved_by != StringPool::kNone) resolved_by_[before.resolved_by].erase(e.slot);
      if (after.resolved_by != StringPool::kNone)
        grow(resolved_by_, after.resolved_by).insert(e.slot);
    }
  }
}

void MetricsModel::rebuild_indexes() {
  by_tenant_.clear();
  open_assigned_.clear();
  resolved_by_.clear();
  for (std::uint32_t slot = 0; slot < rows_.size(); ++slot) {
    account(slot, contribution(rows_[slot]), true);
  }
}

void MetricsModel::end_bulk() {
  bulk_ = false;
  rebuild_indexes();
}

void MetricsModel::save(ModelSink& sink) {
  save_pool(sink, kPoolTenants, pools_.tenants);
  save_pool(sink, kPoolAgents, pools_.agents);
  save_pool(sink, pools_.calendars);
  std::string key;
  std::string value;
  for (std::uint32_t slot : dirty_) {
    MetricsRow& row = rows_[slot];
    row.dirty = false;
    key.clear();
    key.push_back('r');
    ByteWriter(key).u32be(slot);
    value.clear();
    encode_metrics_row(value, row);
    sink.put(key, value);
  }
  dirty_.clear();
}

bool MetricsModel::load(std::string_view key, std::string_view value) {
  char kind = 0;
  std::uint32_t id = 0;
  if (parse_pool_key(key, kind, id)) {
    if (kind == kPoolTenants) return load_pool_entry(pools_.tenants, id, value);
    if (kind == kPoolAgents) return load_pool_entry(pools_.agents, id, value);
    if (kind == kPoolCalendars) return load_pool_entry(pools_.calendars, id, value);
    return false;
  }
  if (key.size() != 5 || key[0] != 'r') return false;
  ByteReader r(key.substr(1));
  const std::uint32_t slot = r.u32be();
  if (slot >= rows_.size()) rows_.resize(slot + 1);
  return decode_metrics_row(value, rows_[slot], pools_);
}

std::size_t MetricsModel::memory_bytes() const {
  std::size_t bytes = rows_.capacity() * sizeof(MetricsRow) + dirty_.capacity() * 4 +
                      open_assigned_.capacity() * 8 + pools_.tenants.memory_bytes() +
                      pools_.agents.memory_bytes();
  for (const SlotSet& s : by_tenant_) bytes += sizeof(SlotSet) + s.memory_bytes();
  for (const SlotSet& s : resolved_by_) bytes += sizeof(SlotSet) + s.memory_bytes();
  return bytes;
}

}  // namespace ticketd::projections
