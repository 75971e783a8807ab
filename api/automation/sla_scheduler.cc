#include "api/automation/sla_scheduler.h"

#include <algorithm>
#include <unordered_set>

namespace ticketd::api {

void SlaScheduler::replace(std::string_view ticket_id,
                           const std::vector<domain::SlaTimer>& timers) {
  auto it = tickets_.find(ticket_id);
  if (it != tickets_.end()) {
    for (const domain::SlaTimer& t : it->second) ordered_.erase(key_of(*it, t));
    it->second.clear();
  } else if (!timers.empty()) {
    it = tickets_.emplace(std::string(ticket_id), std::vector<domain::SlaTimer>{}).first;
  }
  if (it == tickets_.end()) return;
  std::vector<domain::SlaTimer>& mine = it->second;
  mine.reserve(timers.size());
  for (const domain::SlaTimer& t : timers) {
    if (ordered_.insert(key_of(*it, t)).second) mine.push_back(t);
  }
  if (mine.empty()) tickets_.erase(it);
}

std::optional<domain::Instant> SlaScheduler::next() const {
  if (ordered_.empty()) return std::nullopt;
  return ordered_.begin()->at;
}

std::vector<SlaScheduler::Entry> SlaScheduler::take_due(domain::Instant now, std::size_t max) {
  std::vector<Entry> out;
  std::unordered_set<const std::string*> taken;
  for (auto it = ordered_.begin(); it != ordered_.end() && it->at <= now && out.size() < max;) {
    if (!taken.insert(it->ticket_id).second) {
      ++it;
      continue;
    }
    out.push_back(Entry{it->at, *it->ticket_id, it->kind, it->due_at});
    it = ordered_.erase(it);
  }
  // Only now drop the records (and the ids the set pointed at).
  for (const Entry& e : out) {
    auto mine = tickets_.find(e.ticket_id);
    if (mine == tickets_.end()) continue;
    std::erase(mine->second, domain::SlaTimer{e.kind, e.at, e.due_at});
    if (mine->second.empty()) tickets_.erase(mine);
  }
  return out;
}

}  // namespace ticketd::api
