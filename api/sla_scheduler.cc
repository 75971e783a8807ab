#include "api/sla_scheduler.h"

#include <algorithm>
#include <unordered_set>

namespace ticketd::api {

void SlaScheduler::replace(std::string_view ticket_id,
                           const std::vector<domain::SlaTimer>& timers) {
  const std::string id(ticket_id);
  auto it = by_ticket_.find(id);
  if (it != by_ticket_.end()) {
    for (const Entry& e : it->second) ordered_.erase(e);
    by_ticket_.erase(it);
  }
  if (timers.empty()) return;
  std::vector<Entry>& mine = by_ticket_[id];
  for (const domain::SlaTimer& t : timers) {
    Entry e{t.at, id, t.kind, t.due_at};
    if (ordered_.insert(e).second) mine.push_back(std::move(e));
  }
}

std::optional<domain::Instant> SlaScheduler::next() const {
  if (ordered_.empty()) return std::nullopt;
  return ordered_.begin()->at;
}

std::vector<SlaScheduler::Entry> SlaScheduler::take_due(domain::Instant now, std::size_t max) {
  std::vector<Entry> out;
  std::unordered_set<std::string> taken;
  for (auto it = ordered_.begin(); it != ordered_.end() && it->at <= now && out.size() < max;) {
    if (taken.contains(it->ticket_id)) {
      ++it;
      continue;
    }
    out.push_back(*it);
    taken.insert(it->ticket_id);
    it = ordered_.erase(it);
  }
  for (const Entry& e : out) {
    auto mine = by_ticket_.find(e.ticket_id);
    if (mine == by_ticket_.end()) continue;
    std::erase(mine->second, e);
    if (mine->second.empty()) by_ticket_.erase(mine);
  }
  return out;
}

}  // namespace ticketd::api
