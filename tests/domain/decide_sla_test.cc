// decide(): SLA warnings and breaches recorded by the system: exactly once
// per target, only while the target is measured, only for the current due.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "domain/decide.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

// Medium priority under 24x7: first response due +24h, resolution +72h.
const Instant kFirstDue = kOpenedAt + hours{24};
const Instant kResolutionDue = kOpenedAt + hours{72};

std::vector<Event> applied(std::vector<Event> history, const Result<std::vector<Event>>& result) {
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  for (const Event& e : *result) history.push_back(e);
  return history;
}

BOOST_AUTO_TEST_SUITE(decide_sla_test)

BOOST_AUTO_TEST_CASE(breach_records_the_fact_and_escalates_once) {
  const Context c = ctx(system_actor(), kFirstDue);
  const RecordSlaBreach breach{SlaTargetKind::kFirstResponse, kFirstDue};
  const auto first = when(opened(), breach, c);
  BOOST_TEST(describe(first) ==
             describe(expected(c, {SlaBreached{SlaTargetKind::kFirstResponse, kFirstDue},
                                   TicketEscalated{1, "sla_breach:first_response"}})));
  const std::vector<Event> after = applied(opened(), first);
  const TicketState s = fold(after);
  BOOST_TEST(s.first_response_breached);
  BOOST_TEST(s.escalation_level == 1);

  const auto again = when(after, breach, ctx(system_actor(), kFirstDue + hours{1}));
  BOOST_TEST_REQUIRE(code_of(again) == "ok");
  BOOST_TEST(again->empty());
}

BOOST_AUTO_TEST_CASE(breach_escalates_from_the_current_level) {
  const std::vector<Event> escalated =
      with(opened(), event(kOpenedAt, agent(), TicketEscalated{2, "vip"}));
  const Context c = ctx(system_actor(), kResolutionDue + minutes{1});
  BOOST_TEST(
      describe(when(escalated, RecordSlaBreach{SlaTargetKind::kResolution, kResolutionDue}, c)) ==
      describe(expected(c, {SlaBreached{SlaTargetKind::kResolution, kResolutionDue},
                            TicketEscalated{3, "sla_breach:resolution"}})));
}

BOOST_AUTO_TEST_CASE(the_two_targets_breach_independently) {
  const Context c = ctx(system_actor(), kResolutionDue);
  const std::vector<Event> first_breached = applied(
      opened(), when(opened(), RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue}, c));
  const auto resolution =
      when(first_breached, RecordSlaBreach{SlaTargetKind::kResolution, kResolutionDue}, c);
  BOOST_TEST_REQUIRE(code_of(resolution) == "ok");
  BOOST_TEST(resolution->size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_breach_before_its_due_is_a_conflict) {
  BOOST_TEST(code_of(when(opened(), RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue},
                          ctx(system_actor(), kFirstDue - Millis{1}))) == "conflict");
}

BOOST_AUTO_TEST_CASE(a_timer_for_a_due_that_moved_is_stale) {
  BOOST_TEST(
      code_of(when(opened(), RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue - hours{1}},
                   ctx(system_actor(), kFirstDue))) == "conflict");
  // Paused 5 hours: the resolution due moved from +72h to +77h.
  std::vector<Event> h = in_status(Status::kWaitingOnCustomer);  // paused at +10min
  h.push_back(event(kOpenedAt + minutes{10} + hours{5}, ann(),
                    StatusChanged{Status::kWaitingOnCustomer, Status::kOpen, "customer_reply"}));
  const Context c = ctx(system_actor(), kResolutionDue + hours{5});
  BOOST_TEST(code_of(when(h, RecordSlaBreach{SlaTargetKind::kResolution, kResolutionDue}, c)) ==
             "conflict");
  BOOST_TEST(code_of(when(h, RecordSlaBreach{SlaTargetKind::kResolution, kResolutionDue + hours{5}},
                          c)) == "ok");
}

BOOST_AUTO_TEST_CASE(no_resolution_breach_while_paused_or_resolved) {
  const Context c = ctx(system_actor(), kResolutionDue);
  const RecordSlaBreach breach{SlaTargetKind::kResolution, kResolutionDue};
  BOOST_TEST(code_of(when(in_status(Status::kOnHold), breach, c)) == "conflict");
  BOOST_TEST(code_of(when(in_status(Status::kWaitingOnCustomer), breach, c)) == "conflict");
  BOOST_TEST(code_of(when(in_status(Status::kResolved), breach, c)) == "conflict");
  BOOST_TEST(code_of(when(in_status(Status::kClosed), breach, c)) == "ticket_closed");
  BOOST_TEST(code_of(when(in_status(Status::kInProgress), breach, c)) == "ok");
}

BOOST_AUTO_TEST_CASE(no_first_response_breach_or_warning_after_the_first_response) {
  const std::vector<Event> answered =
      with(opened(), event(kOpenedAt + hours{1}, agent(),
                           MessagePosted{"m-2", author_of(agent()), "Hi Ann", false}));
  const Context c = ctx(system_actor(), kFirstDue);
  BOOST_TEST(code_of(when(answered, RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue},
                          c)) == "conflict");
  BOOST_TEST(code_of(when(answered, RecordSlaWarning{SlaTargetKind::kFirstResponse, kFirstDue},
                          c)) == "conflict");
  // An internal note is not a response: the first-response clock still runs.
  const std::vector<Event> noted =
      with(opened(), event(kOpenedAt + hours{1}, agent(),
                           MessagePosted{"n-1", author_of(agent()), "look later", true}));
  BOOST_TEST(code_of(when(noted, RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue}, c)) ==
             "ok");
}

BOOST_AUTO_TEST_CASE(warning_is_recorded_once_and_not_after_a_breach) {
  const Context c = ctx(system_actor(), kFirstDue - hours{2});
  const RecordSlaWarning warning{SlaTargetKind::kFirstResponse, kFirstDue};
  const auto first = when(opened(), warning, c);
  BOOST_TEST(describe(first) ==
             describe(expected(c, {SlaWarning{SlaTargetKind::kFirstResponse, kFirstDue}})));
  const std::vector<Event> warned = applied(opened(), first);
  BOOST_TEST(fold(warned).first_response_warned);
  const auto again = when(warned, warning, c);
  BOOST_TEST_REQUIRE(code_of(again) == "ok");
  BOOST_TEST(again->empty());

  // A breach after a warning is still recorded; a warning after it is not.
  const std::vector<Event> breached =
      applied(warned, when(warned, RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue},
                           ctx(system_actor(), kFirstDue)));
  const auto late = when(breached, warning, ctx(system_actor(), kFirstDue));
  BOOST_TEST_REQUIRE(code_of(late) == "ok");
  BOOST_TEST(late->empty());
}

BOOST_AUTO_TEST_CASE(warnings_need_a_current_due_too) {
  const Context c = ctx(system_actor(), kOpenedAt + hours{60});
  BOOST_TEST(code_of(when(opened(), RecordSlaWarning{SlaTargetKind::kResolution, kFirstDue}, c)) ==
             "conflict");
  BOOST_TEST(code_of(when(in_status(Status::kOnHold),
                          RecordSlaWarning{SlaTargetKind::kResolution, kResolutionDue}, c)) ==
             "conflict");
  BOOST_TEST(code_of(when(opened(), RecordSlaWarning{SlaTargetKind::kResolution, kResolutionDue},
                          c)) == "ok");
}

BOOST_AUTO_TEST_CASE(priority_change_moves_the_due_the_timer_must_match) {
  const SlaPolicy policy = SlaPolicy::defaults();
  const std::vector<Event> urgent =
      with(opened(), event(kOpenedAt + minutes{30}, agent(),
                           PriorityChanged{Priority::kMedium, Priority::kUrgent,
                                           policy.for_priority(Priority::kUrgent)}));
  const Context c = ctx(system_actor(), kOpenedAt + hours{2});
  BOOST_TEST(code_of(when(urgent, RecordSlaBreach{SlaTargetKind::kFirstResponse, kFirstDue}, c)) ==
             "conflict");
  BOOST_TEST(
      code_of(when(urgent, RecordSlaBreach{SlaTargetKind::kFirstResponse, kOpenedAt + hours{2}},
                   c)) == "ok");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
