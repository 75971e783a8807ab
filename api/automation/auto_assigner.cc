#include "api/automation/auto_assigner.h"

namespace ticketd::api {
namespace {

std::uint32_t count_of(const std::map<std::string, std::uint32_t, std::less<>>& m,
                       std::string_view id) {
  auto it = m.find(id);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

void AutoAssigner::set_agent(const Agent& agent) { agents_[agent.id] = agent; }

void AutoAssigner::add_open(std::string_view agent_id, int delta) {
  auto it = open_.find(agent_id);
  if (it == open_.end()) it = open_.emplace(std::string(agent_id), 0).first;
  if (delta < 0 && it->second == 0) return;  // never below zero
  it->second = static_cast<std::uint32_t>(static_cast<std::int64_t>(it->second) + delta);
  if (it->second == 0) open_.erase(it);
}

std::uint32_t AutoAssigner::open_count(std::string_view agent_id) const {
  return count_of(open_, agent_id);
}

bool AutoAssigner::eligible(const Agent& agent) const {
  if (!agent.available) return false;
  if (!agent.max_open) return true;
  return count_of(open_, agent.id) + count_of(reserved_, agent.id) < *agent.max_open;
}

std::optional<std::string> AutoAssigner::choose() {
  if (agents_.empty()) return std::nullopt;
  auto start = agents_.upper_bound(last_);
  auto it = start;
  for (std::size_t seen = 0; seen < agents_.size(); ++seen) {
    if (it == agents_.end()) it = agents_.begin();
    if (eligible(it->second)) {
      last_ = it->first;
      ++reserved_[it->first];
      return it->first;
    }
    ++it;
  }
  return std::nullopt;
}

}  // namespace ticketd::api
