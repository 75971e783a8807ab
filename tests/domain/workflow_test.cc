// The transition table of DESIGN.md, checked over all 36 (from, to) pairs.
#include "domain/workflow.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <utility>

namespace ticketd::domain {
namespace {

constexpr Status kAll[] = {Status::kOpen,   Status::kInProgress, Status::kWaitingOnCustomer,
                           Status::kOnHold, Status::kResolved,   Status::kClosed};

// Transcribed from DESIGN.md, independently of workflow.cc's table.
const std::set<std::pair<std::string, std::string>>& design_transitions() {
  static const std::set<std::pair<std::string, std::string>> kAllowed = {
      {"open", "in_progress"},
      {"open", "waiting_on_customer"},
      {"open", "on_hold"},
      {"open", "resolved"},
      {"in_progress", "open"},
      {"in_progress", "waiting_on_customer"},
      {"in_progress", "on_hold"},
      {"in_progress", "resolved"},
      {"waiting_on_customer", "in_progress"},
      {"waiting_on_customer", "resolved"},
      {"on_hold", "in_progress"},
      {"on_hold", "open"},
      {"on_hold", "resolved"},
      {"resolved", "closed"},
      {"resolved", "open"},
  };
  return kAllowed;
}

BOOST_AUTO_TEST_SUITE(workflow_test)

BOOST_AUTO_TEST_CASE(every_pair_matches_the_design_table) {
  int checked = 0;
  int allowed_count = 0;
  for (Status from : kAll) {
    for (Status to : kAll) {
      const std::pair<std::string, std::string> pair{std::string(to_string(from)),
                                                     std::string(to_string(to))};
      const bool expected = design_transitions().count(pair) == 1;
      BOOST_TEST(allowed(from, to) == expected, pair.first << " -> " << pair.second);
      ++checked;
      if (allowed(from, to)) ++allowed_count;
    }
  }
  BOOST_TEST(checked == 36);
  BOOST_TEST(allowed_count == 15);
}

BOOST_AUTO_TEST_CASE(same_status_is_never_a_transition) {
  for (Status s : kAll) BOOST_TEST(!allowed(s, s), to_string(s));
}

BOOST_AUTO_TEST_CASE(closed_is_terminal) {
  for (Status to : kAll) BOOST_TEST(!allowed(Status::kClosed, to), to_string(to));
}

BOOST_AUTO_TEST_CASE(paused_and_active_statuses) {
  BOOST_TEST(is_paused_status(Status::kWaitingOnCustomer));
  BOOST_TEST(is_paused_status(Status::kOnHold));
  BOOST_TEST(!is_paused_status(Status::kOpen));
  BOOST_TEST(!is_paused_status(Status::kResolved));
  BOOST_TEST(is_active_status(Status::kOpen));
  BOOST_TEST(is_active_status(Status::kInProgress));
  BOOST_TEST(!is_active_status(Status::kOnHold));
  BOOST_TEST(!is_active_status(Status::kClosed));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
