#include "projections/queue_model.h"

#include <algorithm>
#include <variant>

#include "projections/text_tokens.h"

namespace ticketd::projections {
namespace {

std::size_t idx(auto e) { return static_cast<std::size_t>(e); }

}  // namespace

std::int64_t QueueModel::sort_key(const TicketRow& row, QueueSortKey key) {
  switch (key) {
    case QueueSortKey::kCreated:
      return row.core.created_at;
    case QueueSortKey::kUpdated:
      return row.core.updated_at;
    case QueueSortKey::kPriority:
      return -static_cast<std::int64_t>(row.core.priority);  // urgent first
    case QueueSortKey::kDue: {
      const std::int64_t due = row.core.next_due();
      return due == kNoInstant ? kNoDue : due;
    }
  }
  return 0;
}

QueueModel::Keys QueueModel::keys_of(const TicketRow& row) {
  const TicketCore& c = row.core;
  return Keys{c.status,
              c.priority,
              c.category,
              c.assignee,
              c.escalation_level > 0,
              c.breached(),
              c.updated_at,
              sort_key(row, QueueSortKey::kDue)};
}

SlotSet& QueueModel::grow(std::vector<SlotSet>& sets, std::uint32_t id) {
  if (id >= sets.size()) sets.resize(id + 1);
  return sets[id];
}

SlotSet& QueueModel::assignee_set(std::uint32_t agent) {
  return agent == StringPool::kNone ? unassigned_ : grow(by_assignee_, agent);
}

void QueueModel::set_sort_keys(std::uint32_t slot, const TicketRow& row) {
  if (slot >= sort_keys_.size()) sort_keys_.resize(slot + 1);
  const std::uint32_t block = slot >> kBlockBits;
  if (block >= block_bounds_.size()) block_bounds_.resize(block + 1);
  constexpr auto kCreated = static_cast<std::size_t>(QueueSortKey::kCreated);
  // Whether blocks `lo` and lo + 1 both hold rows and overlap out of order
  // by more than concurrent commands do (decided in one order, appended in
  // another, a few milliseconds apart: a block visited in full, no more).
  constexpr std::int64_t kToleranceMs = 60'000;
  auto inverted = [this](std::uint32_t lo) -> std::size_t {
    if (lo + 1 >= block_bounds_.size()) return 0;
    const KeyBounds& a = block_bounds_[lo][kCreated];
    const KeyBounds& b = block_bounds_[lo + 1][kCreated];
    return a.min <= a.max && b.min <= b.max && a.max > b.min + kToleranceMs ? 1 : 0;
  };
  auto inversions_around = [&] { return (block > 0 ? inverted(block - 1) : 0) + inverted(block); };
  created_inversions_ -= inversions_around();
  for (QueueSortKey key : {QueueSortKey::kCreated, QueueSortKey::kUpdated, QueueSortKey::kPriority,
                           QueueSortKey::kDue}) {
    const auto k = static_cast<std::size_t>(key);
    const std::int64_t value = sort_key(row, key);
    sort_keys_[slot][k] = value;
    KeyBounds& bounds = block_bounds_[block][k];
    bounds.min = std::min(bounds.min, value);
    bounds.max = std::max(bounds.max, value);
  }
  created_inversions_ += inversions_around();
}

void QueueModel::index(std::uint32_t slot, const TicketRow& row, bool add, bool ordered) {
  const TicketCore& c = row.core;
  if (add) set_sort_keys(slot, row);
  auto put = [&](SlotSet& set) { add ? set.insert(slot) : set.erase(slot); };
  put(all_);
  put(by_status_[idx(c.status)]);
  put(by_priority_[idx(c.priority)]);
  put(by_category_[idx(c.category)]);
  put(grow(by_tenant_, c.tenant));
  const std::uint64_t key = ticket_key(c.tenant, row.number);
  if (add) {
    by_key_[key] = slot;
  } else if (auto it = by_key_.find(key); it != by_key_.end() && it->second == slot) {
    by_key_.erase(it);
  }
  put(assignee_set(c.assignee));
  for (std::uint32_t tag : row.tags) put(grow(by_tag_, tag));
  put(escalated_[c.escalation_level > 0 ? 1 : 0]);
  put(breached_[c.breached() ? 1 : 0]);
  for (const std::string& word : words_of(row.subject)) {
    if (add) {
      words_[word].insert(slot);
    } else if (auto it = words_.find(word); it != words_.end()) {
      it->second.erase(slot);
      if (it->second.empty()) words_.erase(it);
    }
  }
  if (!ordered) return;
  auto put_ordered = [&](OrderedIndex& index, std::int64_t key) {
    add ? index.insert({key, slot}) : static_cast<void>(index.erase({key, slot}));
  };
  put_ordered(created_, c.created_at);
  put_ordered(updated_, c.updated_at);
  put_ordered(due_, sort_key(row, QueueSortKey::kDue));
}

void QueueModel::before_event(std::uint32_t slot, const TicketRow& row,
                              const domain::Event& event) {
  existed_ = row.core.exists;
  reindex_ = existed_ && std::holds_alternative<domain::TicketOpened>(event.body);
  if (!existed_) return;
  if (reindex_) {
    index(slot, row, false, true);  // a repeated TicketOpened may change anything
    return;
  }
  before_ = keys_of(row);
  if (std::holds_alternative<domain::TagsChanged>(event.body)) tags_before_ = row.tags;
}

void QueueModel::after_event(std::uint32_t slot, const TicketRow& row, const domain::Event& event) {
  if (!row.core.exists) return;
  if (!existed_ || reindex_) {
    index(slot, row, true, true);
    return;
  }
  const Keys now = keys_of(row);
  set_sort_keys(slot, row);
  auto move = [slot](SlotSet& from, SlotSet& to) {
    from.erase(slot);
    to.insert(slot);
  };
  if (now.status != before_.status)
    move(by_status_[idx(before_.status)], by_status_[idx(now.status)]);
  if (now.priority != before_.priority) {
    move(by_priority_[idx(before_.priority)], by_priority_[idx(now.priority)]);
  }
  if (now.category != before_.category) {
    move(by_category_[idx(before_.category)], by_category_[idx(now.category)]);
  }
  if (now.assignee != before_.assignee) {
    assignee_set(before_.assignee).erase(slot);
    assignee_set(now.assignee).insert(slot);
  }
  if (now.escalated != before_.escalated)
    move(escalated_[before_.escalated], escalated_[now.escalated]);
  if (now.breached != before_.breached) move(breached_[before_.breached], breached_[now.breached]);
  if (now.updated != before_.updated) {
    updated_.erase({before_.updated, slot});
    updated_.insert({now.updated, slot});
  }
  if (now.due != before_.due) {
    due_.erase({before_.due, slot});
    due_.insert({now.due, slot});
  }
  if (std::holds_alternative<domain::TagsChanged>(event.body)) {
    for (std::uint32_t tag : tags_before_) {
      if (std::find(row.tags.begin(), row.tags.end(), tag) == row.tags.end()) {
        by_tag_[tag].erase(slot);
      }
    }
    for (std::uint32_t tag : row.tags) grow(by_tag_, tag).insert(slot);
  }
}

void QueueModel::rebuild_indexes() {
  all_ = SlotSet();
  for (auto& s : by_status_) s = SlotSet();
  for (auto& s : by_priority_) s = SlotSet();
  for (auto& s : by_category_) s = SlotSet();
  by_tenant_.clear();
  by_key_.clear();
  by_assignee_.clear();
  unassigned_ = SlotSet();
  by_tag_.clear();
  for (auto& s : escalated_) s = SlotSet();
  for (auto& s : breached_) s = SlotSet();
  words_.clear();
  sort_keys_.clear();
  block_bounds_.clear();
  created_inversions_ = 0;
  std::vector<OrderedIndex::Entry> created;
  std::vector<OrderedIndex::Entry> updated;
  std::vector<OrderedIndex::Entry> due;
  for (std::uint32_t slot = 0; slot < rows_.size(); ++slot) {
    const TicketRow& row = rows_[slot];
    if (!row.core.exists) continue;
    index(slot, row, true, false);
    created.push_back({row.core.created_at, slot});
    updated.push_back({row.core.updated_at, slot});
    due.push_back({sort_key(row, QueueSortKey::kDue), slot});
  }
  created_.assign(std::move(created));
  updated_.assign(std::move(updated));
  due_.assign(std::move(due));
}

std::size_t QueueModel::index_memory_bytes() const {
  std::size_t bytes = all_.memory_bytes() + unassigned_.memory_bytes();
  auto add = [&](const auto& sets) {
    for (const SlotSet& s : sets) bytes += s.memory_bytes() + sizeof(SlotSet);
  };
  add(by_status_);
  add(by_priority_);
  add(by_category_);
  add(by_tenant_);
  // A node per key (key, slot, next pointer, cached hash) plus its bucket.
  bytes += by_key_.size() * (sizeof(void*) * 2 + 16) + by_key_.bucket_count() * sizeof(void*);
  add(by_assignee_);
  add(by_tag_);
  add(escalated_);
  add(breached_);
  for (const auto& [word, set] : words_) {
    bytes += 64 + word.capacity() + set.memory_bytes();
  }
  return bytes + created_.memory_bytes() + updated_.memory_bytes() + due_.memory_bytes() +
         sort_keys_.capacity() * sizeof(sort_keys_[0]) +
         block_bounds_.capacity() * sizeof(block_bounds_[0]);
}

}  // namespace ticketd::projections

namespace ticketd::projections {

std::optional<std::string> QueueModel::id_for_key(std::string_view tenant,
                                                  std::uint64_t number) const {
  const std::optional<std::uint32_t> tenant_id = pools_.core.tenants.find(tenant);
  if (!tenant_id) return std::nullopt;
  auto it = by_key_.find(ticket_key(*tenant_id, number));
  if (it == by_key_.end()) return std::nullopt;
  return rows_[it->second].id;
}

}  // namespace ticketd::projections
