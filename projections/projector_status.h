#pragma once
// What /healthz and /metrics report per projector.

#include <cstdint>
#include <string>

namespace ticketd::projections {

struct ProjectorStatus {
  std::string name;
  std::uint32_t version = 0;          // of the code
  std::uint32_t serving_version = 0;  // of the model serving now (differs until a rebuild swaps)
  bool ready = false;                 // a model is serving queries
  std::uint64_t position = 0;         // applied by the serving model
  std::uint64_t log_head = 0;         // committed head of the log when asked
  std::uint64_t lag = 0;              // log_head - position (0 when ahead)
  bool rebuilding = false;
  std::uint64_t rebuild_position = 0;  // applied by the model being rebuilt
  // Events folded by the serving model since this process started it (or
  // loaded it): a model resumed from its checkpoint counts only the tail.
  std::uint64_t events_applied = 0;
  std::string error;  // empty unless the projector stopped on an error
};

}  // namespace ticketd::projections
