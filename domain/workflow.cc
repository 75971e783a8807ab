#include "domain/workflow.h"

#include <array>

namespace ticketd::domain {
namespace {

constexpr int kStatusCount = 6;
using Row = std::array<bool, kStatusCount>;

// kTransitions[from][to], in enum order: open, in_progress,
// waiting_on_customer, on_hold, resolved, closed.
constexpr std::array<Row, kStatusCount> kTransitions = {{
    /* open                */ {false, true, true, true, true, false},
    /* in_progress         */ {true, false, true, true, true, false},
    /* waiting_on_customer */ {false, true, false, false, true, false},
    /* on_hold             */ {true, true, false, false, true, false},
    /* resolved            */ {true, false, false, false, false, true},
    /* closed              */ {false, false, false, false, false, false},
}};

}  // namespace

bool allowed(Status from, Status to) {
  const auto f = static_cast<std::size_t>(from);
  const auto t = static_cast<std::size_t>(to);
  if (f >= kStatusCount || t >= kStatusCount) return false;
  return kTransitions[f][t];
}

}  // namespace ticketd::domain
