// AutoAssigner: round-robin in id order among available agents below their
// cap, with the current round's choices counted against the cap.
#include "api/automation/auto_assigner.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

Agent agent(std::string id, bool available, std::optional<std::uint32_t> cap = std::nullopt) {
  return Agent{std::move(id), available, cap, {}};
}

std::string next(AutoAssigner& a) { return a.choose().value_or("<none>"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(auto_assigner_test)

BOOST_AUTO_TEST_CASE(no_configured_agent_means_no_choice) {
  AutoAssigner a;
  BOOST_TEST(next(a) == "<none>");
  a.add_open("someone", 1);  // assignees that are not configured are not candidates
  BOOST_TEST(next(a) == "<none>");
}

BOOST_AUTO_TEST_CASE(round_robin_in_id_order_skipping_unavailable_agents) {
  AutoAssigner a;
  a.set_agent(agent("c", true));
  a.set_agent(agent("a", true));
  a.set_agent(agent("b", false));
  BOOST_TEST(next(a) == "a");
  BOOST_TEST(next(a) == "c");
  BOOST_TEST(next(a) == "a");
  a.set_agent(agent("b", true));
  BOOST_TEST(next(a) == "b");
  BOOST_TEST(next(a) == "c");
}

BOOST_AUTO_TEST_CASE(caps_count_open_tickets_and_this_rounds_choices) {
  AutoAssigner a;
  a.set_agent(agent("a", true, 2));
  a.set_agent(agent("b", true, 1));
  a.add_open("a", 1);
  a.begin_round();
  BOOST_TEST(next(a) == "a");  // 1 open + 1 reserved: at its cap now
  BOOST_TEST(next(a) == "b");  // b at its cap now
  BOOST_TEST(next(a) == "<none>");
  // The log shows the two assignments; the next round counts them as open
  a.add_open("a", 1);
  a.add_open("b", 1);
  a.begin_round();
  BOOST_TEST(next(a) == "<none>");
  // b resolves its ticket
  a.add_open("b", -1);
  BOOST_TEST(a.open_count("b") == 0u);
  BOOST_TEST(next(a) == "b");
}

BOOST_AUTO_TEST_CASE(open_counts_never_go_below_zero) {
  AutoAssigner a;
  a.add_open("x", -1);
  BOOST_TEST(a.open_count("x") == 0u);
  a.add_open("x", 1);
  a.add_open("x", 1);
  a.add_open("x", -1);
  BOOST_TEST(a.open_count("x") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
