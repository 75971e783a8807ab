#pragma once
// Round-robin choice of an agent for auto-assign: among the configured
// agents (Directory::agents) that are available and below their open-ticket
// cap, the first after the one chosen last, in id order, wrapping around.
// Open counts come from the automation thread's view of the log; choices of
// the current round are reserved on top of them until the round ends, so a
// round never fills an agent beyond its cap before the log shows it.
//
// Thread-safety: none; the automation thread owns it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/commands/directory.h"

namespace ticketd::api {

class AutoAssigner {
 public:
  // Adds or replaces an agent's setting.
  void set_agent(const Agent& agent);

  // Adds `delta` (+1 or -1) to the open assigned tickets of `agent_id`
  // (configured or not).
  void add_open(std::string_view agent_id, int delta);
  std::uint32_t open_count(std::string_view agent_id) const;

  // Starts a round: forgets the reservations of the last one.
  void begin_round() { reserved_.clear(); }

  // The next eligible agent, reserved for this round; nullopt when none is.
  std::optional<std::string> choose();

 private:
  bool eligible(const Agent& agent) const;

  std::map<std::string, Agent, std::less<>> agents_;
  std::map<std::string, std::uint32_t, std::less<>> open_;
  std::map<std::string, std::uint32_t, std::less<>> reserved_;
  std::string last_;  // the agent chosen last ("" before the first choice)
};

}  // namespace ticketd::api
