#include "projections/tenant_model.h"

#include <algorithm>
#include <variant>

#include "projections/byte_codec.h"

namespace ticketd::projections {

std::string TenantModel::email_key(std::uint32_t tenant, std::string_view email) {
  std::string key = "e";
  ByteWriter(key).u32be(tenant);
  for (char c : email) key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return key;
}

std::string TenantModel::id_key(std::uint32_t tenant, std::string_view id) {
  std::string key = "i";
  ByteWriter(key).u32be(tenant);
  key.append(id);
  return key;
}

void TenantModel::index(std::uint32_t slot, const TicketRow& row, bool add) {
  const OrderedIndex::Entry entry{row.core.created_at, slot};
  auto put = [&](OrderedIndex& index) {
    add ? index.insert(entry) : static_cast<void>(index.erase(entry));
  };
  if (row.core.tenant >= by_tenant_.size()) by_tenant_.resize(row.core.tenant + 1);
  put(by_tenant_[row.core.tenant]);
  const domain::Requester requester = decode_requester(pools_.requesters.at(row.requester));
  if (!requester.email.empty()) put(by_requester_[email_key(row.core.tenant, requester.email)]);
  if (!requester.id.empty()) put(by_requester_[id_key(row.core.tenant, requester.id)]);
}

void TenantModel::before_event(std::uint32_t slot, const TicketRow& row,
                               const domain::Event& event) {
  existed_ = row.core.exists;
  // Only a TicketOpened changes what the indexes are keyed on.
  if (existed_ && std::holds_alternative<domain::TicketOpened>(event.body)) index(slot, row, false);
}

void TenantModel::after_event(std::uint32_t slot, const TicketRow& row,
                              const domain::Event& event) {
  if (!existed_ || std::holds_alternative<domain::TicketOpened>(event.body)) index(slot, row, true);
}

void TenantModel::rebuild_indexes() {
  by_tenant_.clear();
  by_requester_.clear();
  for (std::uint32_t slot = 0; slot < rows_.size(); ++slot) {
    if (rows_[slot].core.exists) index(slot, rows_[slot], true);
  }
}

std::size_t TenantModel::index_memory_bytes() const {
  std::size_t bytes = by_requester_.bucket_count() * sizeof(void*);
  for (const OrderedIndex& index : by_tenant_) bytes += sizeof(OrderedIndex) + index.memory_bytes();
  for (const auto& [key, index] : by_requester_) {
    bytes += 64 + key.capacity() + index.memory_bytes();
  }
  return bytes;
}

void TenantModel::collect(const OrderedIndex& index, const TenantQuery& query,
                          const std::optional<PageCursor>& after, std::size_t want,
                          std::vector<OrderedIndex::Entry>& out) const {
  std::size_t found = 0;
  std::optional<OrderedIndex::Entry> before;
  if (after) before = OrderedIndex::Entry{after->key, after->slot};
  index.scan_down(before, [&](const OrderedIndex::Entry& e) {
    if (!query.status || rows_[e.slot].core.status == *query.status) {
      out.push_back(e);
      ++found;
    }
    return found < want;
  });
}

PageRows TenantModel::search(const TenantQuery& query, const std::optional<PageCursor>& after,
                             std::size_t limit) const {
  PageRows page;
  const std::optional<std::uint32_t> tenant = pools_.core.tenants.find(query.caller.tenant);
  if (!tenant) return page;
  const std::size_t want = limit + 1;
  std::vector<OrderedIndex::Entry> entries;
  auto lists = [&](const std::string& key) {
    if (auto it = by_requester_.find(key); it != by_requester_.end()) {
      collect(it->second, query, after, want, entries);
    }
  };
  if (query.caller.role == domain::Role::kCustomerAdmin) {
    if (*tenant < by_tenant_.size()) collect(by_tenant_[*tenant], query, after, want, entries);
  } else {
    if (!query.caller.email.empty()) lists(email_key(*tenant, query.caller.email));
    if (!query.caller.id.empty()) lists(id_key(*tenant, query.caller.id));
    // Newest first, without the tickets both lists hold.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return b < a; });
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  }
  const bool more = entries.size() > limit;
  if (entries.size() > limit) entries.resize(limit);
  page.slots.reserve(entries.size());
  for (const OrderedIndex::Entry& e : entries) page.slots.push_back(e.slot);
  if (more) {
    page.next_cursor =
        encode_cursor(PageCursor{kTenantCursorKind, entries.back().key, entries.back().slot, {}});
  }
  return page;
}

}  // namespace ticketd::projections
