// ticket_timers(): when the system must act on a ticket by itself --
// warnings at 80% of a target, breaches at the due, auto-close after the
// tenant's span -- given the ticket's history.
#include "domain/sla_timers.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/domain/sla_test_support.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

constexpr Millis kThreeDays = hours{72};

// Timers as text: "kind at due_at" per line.
std::string describe_timers(const std::vector<SlaTimer>& timers) {
  std::string out;
  for (const SlaTimer& t : timers) {
    out += std::string(to_string(t.kind)) + " " + str(t.at) + " " + str(t.due_at) + "\n";
  }
  return out;
}

std::string timers_of(const std::vector<Event>& history, Millis auto_close = kThreeDays,
                      const BusinessCalendar& calendar = BusinessCalendar::always_open()) {
  return describe_timers(ticket_timers(fold(history), calendar, auto_close));
}

Event status(Instant when, Status from, Status to) {
  return event(when, agent(), StatusChanged{from, to, ""});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sla_timers_test)

BOOST_AUTO_TEST_CASE(a_new_ticket_warns_at_80_percent_and_breaches_at_the_due) {
  // Given a medium ticket (24x7: first response 24h, resolution 72h)
  // Then warnings come at 19.2h and 57.6h, breaches at 24h and 72h
  BOOST_TEST(timers_of(opened()) ==
             "first_response_warning 2026-11-23T05:12:00.000Z 2026-11-23T10:00:00.000Z\n"
             "first_response_breach 2026-11-23T10:00:00.000Z 2026-11-23T10:00:00.000Z\n"
             "resolution_warning 2026-11-24T19:36:00.000Z 2026-11-25T10:00:00.000Z\n"
             "resolution_breach 2026-11-25T10:00:00.000Z 2026-11-25T10:00:00.000Z\n");
}

BOOST_AUTO_TEST_CASE(a_recorded_warning_or_breach_is_not_scheduled_again) {
  const Instant due = kOpenedAt + hours{24};
  const auto warned = with(opened(), event(due - hours{4}, system_actor(),
                                           SlaWarning{SlaTargetKind::kFirstResponse, due}));
  BOOST_TEST(timers_of(warned).find("first_response_warning") == std::string::npos);
  BOOST_TEST(timers_of(warned).find("first_response_breach") != std::string::npos);
  const auto breached =
      with(warned, event(due, system_actor(), SlaBreached{SlaTargetKind::kFirstResponse, due}));
  BOOST_TEST(timers_of(breached).find("first_response") == std::string::npos);
  BOOST_TEST(timers_of(breached).find("resolution_breach") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_first_response_ends_the_first_response_timers) {
  const auto answered =
      with(opened(), event(kOpenedAt + hours{1}, agent(),
                           MessagePosted{"m-2", author_of(agent()), "On it", false}));
  BOOST_TEST(timers_of(answered) ==
             "resolution_warning 2026-11-24T19:36:00.000Z 2026-11-25T10:00:00.000Z\n"
             "resolution_breach 2026-11-25T10:00:00.000Z 2026-11-25T10:00:00.000Z\n");
  // An internal note is no response
  const auto noted = with(opened(), event(kOpenedAt + hours{1}, agent(),
                                          MessagePosted{"m-2", author_of(agent()), "hm", true}));
  BOOST_TEST(timers_of(noted).find("first_response_breach") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(waiting_on_the_customer_pauses_the_resolution_timers_only) {
  // Given 10h in, the ticket waits on the customer
  const auto waiting =
      with(opened(), status(kOpenedAt + hours{10}, Status::kOpen, Status::kWaitingOnCustomer));
  // Then only the first-response timers remain (that clock never pauses)
  BOOST_TEST(timers_of(waiting) ==
             "first_response_warning 2026-11-23T05:12:00.000Z 2026-11-23T10:00:00.000Z\n"
             "first_response_breach 2026-11-23T10:00:00.000Z 2026-11-23T10:00:00.000Z\n");
  // When the customer answers 20h later, the resolution timers move by 20h
  const auto resumed =
      with(waiting, status(kOpenedAt + hours{30}, Status::kWaitingOnCustomer, Status::kOpen));
  BOOST_TEST(timers_of(resumed).find(
                 "resolution_warning 2026-11-25T15:36:00.000Z 2026-11-26T06:00:00.000Z\n"
                 "resolution_breach 2026-11-26T06:00:00.000Z 2026-11-26T06:00:00.000Z\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_clock_resumed_past_its_warning_share_warns_at_once) {
  // Given 60h used before waiting (80% of 72h is 57.6h)
  const auto waiting =
      with(opened(), status(kOpenedAt + hours{60}, Status::kOpen, Status::kOnHold));
  const Instant back = kOpenedAt + hours{100};
  const auto resumed = with(waiting, status(back, Status::kOnHold, Status::kInProgress));
  // Then the warning is due when it runs again; the breach 12h later
  const std::string t = timers_of(resumed);
  BOOST_TEST(
      t.find("resolution_warning " + str(back) + " " + str(back + hours{12})) != std::string::npos,
      t);
  BOOST_TEST(t.find("resolution_breach " + str(back + hours{12})) != std::string::npos, t);
}

BOOST_AUTO_TEST_CASE(warnings_count_business_hours) {
  using sla_testing::calendar;
  using sla_testing::nine_to_five;
  // Given 09:00-17:00 weekdays and a ticket opened Friday 27 Nov 2026 15:00
  // UTC with a 10h first-response target
  SlaPolicy policy = SlaPolicy::defaults();
  policy.targets[static_cast<int>(Priority::kMedium)] = SlaTargets{hours{10}, hours{40}};
  policy.business_hours = nine_to_five();
  Context c{ann(), at("2026-11-27T15:00:00.000Z"), policy};
  OpenTicket open;
  open.ticket_id = "t-9";
  open.tenant = "acme";
  open.requester = ann_requester();
  open.subject = "Printer";
  open.description = "On fire";
  open.first_message_id = "m-1";
  auto events = decide(open, initial_state(), c);
  BOOST_TEST_REQUIRE(events.has_value());
  const BusinessCalendar cal = calendar(nine_to_five());
  // Then 8h of business time (80%) run out Monday 15:00, the target at 17:00
  const std::string t = timers_of(*events, kThreeDays, cal);
  BOOST_TEST(t.find("first_response_warning 2026-11-30T15:00:00.000Z 2026-11-30T17:00:00.000Z") !=
                 std::string::npos,
             t);
}

BOOST_AUTO_TEST_CASE(a_resolved_ticket_only_waits_for_auto_close) {
  const Instant resolved_at = kOpenedAt + hours{5};
  const auto resolved = with(opened(), status(resolved_at, Status::kOpen, Status::kResolved));
  BOOST_TEST(timers_of(resolved) ==
             "auto_close 2026-11-25T15:00:00.000Z 2026-11-25T15:00:00.000Z\n");
  // The tenant's span is used; zero turns auto-close off
  BOOST_TEST(timers_of(resolved, std::chrono::seconds{30}) ==
             "auto_close 2026-11-22T15:00:30.000Z 2026-11-22T15:00:30.000Z\n");
  BOOST_TEST(timers_of(resolved, Millis::zero()).empty());
  // A customer reply reopens it: the SLA timers are back, auto-close is gone
  const auto reopened =
      with(resolved, event(resolved_at + hours{1}, ann(),
                           StatusChanged{Status::kResolved, Status::kOpen, "customer_reply"}));
  BOOST_TEST(timers_of(reopened).find("auto_close") == std::string::npos);
  BOOST_TEST(timers_of(reopened).find("resolution_breach") != std::string::npos);
  // Resolved again later: auto-close counts from the new resolution
  const auto again =
      with(reopened, status(resolved_at + hours{2}, Status::kOpen, Status::kResolved));
  BOOST_TEST(timers_of(again) == "auto_close 2026-11-25T17:00:00.000Z 2026-11-25T17:00:00.000Z\n");
}

BOOST_AUTO_TEST_CASE(a_closed_ticket_has_no_timers) {
  BOOST_TEST(timers_of(in_status(Status::kClosed)).empty());
  BOOST_TEST(ticket_timers(initial_state(), BusinessCalendar::always_open(), kThreeDays).empty());
}

BOOST_AUTO_TEST_CASE(timers_become_the_system_commands_that_decide_accepts) {
  // Given the breach timer of a new ticket, at its instant
  const std::vector<Event> history = opened();
  const std::vector<SlaTimer> timers =
      ticket_timers(fold(history), BusinessCalendar::always_open(), kThreeDays);
  BOOST_TEST_REQUIRE(timers.size() == 4u);
  for (const SlaTimer& timer : timers) {
    // When the system carries it out at its instant, decide accepts it
    const auto result = when(history, timer_command(timer), ctx(system_actor(), timer.at));
    BOOST_TEST(code_of(result) == "ok", to_string(timer.kind));
    BOOST_TEST(!result->empty());
  }
  // And a resolved ticket's auto-close closes it
  const auto resolved =
      with(history, status(kOpenedAt + hours{1}, Status::kOpen, Status::kResolved));
  const SlaTimer close =
      ticket_timers(fold(resolved), BusinessCalendar::always_open(), kThreeDays).at(0);
  const auto closed = when(resolved, timer_command(close), ctx(system_actor(), close.at));
  BOOST_TEST(describe(closed) ==
             describe(expected(ctx(system_actor(), close.at),
                               {StatusChanged{Status::kResolved, Status::kClosed, "auto_close"}})));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
