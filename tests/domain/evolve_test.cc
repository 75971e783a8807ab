// evolve(): the facts each event records, the SLA clock through status
// changes (24x7 unless a test says otherwise) and fold's determinism.
#include "domain/evolve.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

Event status_at(Instant when, Status from, Status to, const Actor& actor = agent()) {
  return event(when, actor, StatusChanged{from, to, ""});
}

BOOST_AUTO_TEST_SUITE(evolve_test)

BOOST_AUTO_TEST_CASE(opened_ticket_has_the_opening_facts_and_the_description) {
  const TicketState s = fold(opened());
  BOOST_TEST(s.exists);
  BOOST_TEST(s.id == "t-1");
  BOOST_TEST(s.key() == "acme-7");
  BOOST_TEST(s.subject == "Cannot log in");
  BOOST_TEST(to_string(s.status) == "open");
  BOOST_TEST(to_string(s.priority) == "medium");
  BOOST_TEST(to_string(s.category) == "technical");
  BOOST_TEST((s.requester == ann_requester()));
  BOOST_TEST(!s.assignee);
  BOOST_TEST(str(s.created_at) == str(kOpenedAt));
  BOOST_TEST(str(s.updated_at) == str(kOpenedAt));
  BOOST_TEST(s.version == 2u);
  BOOST_TEST_REQUIRE(s.messages.size() == 1u);
  BOOST_TEST(s.messages[0].id == "m-1");
  BOOST_TEST(s.messages[0].body == "It says password expired.");
  BOOST_TEST(str(s.messages[0].created_at) == str(kOpenedAt));
  BOOST_TEST(s.public_message_count == 1u);
  BOOST_TEST(str(s.first_response_at) == "none");
}

BOOST_AUTO_TEST_CASE(opened_ticket_starts_both_sla_clocks_from_its_snapshot) {
  const TicketState s = fold(opened(Priority::kHigh));  // 4h / 24h
  BOOST_TEST(str(s.sla.first_response_due) == "2026-11-22T14:00:00.000Z");
  BOOST_TEST(str(s.sla.resolution_due) == "2026-11-23T10:00:00.000Z");
  BOOST_TEST(!s.sla.paused);
  BOOST_TEST(!s.sla.stopped);
  BOOST_TEST(s.business_hours.always_open());
}

BOOST_AUTO_TEST_CASE(due_instants_count_the_snapshotted_business_hours) {
  std::vector<Event> history = opened(Priority::kHigh);  // 4h first response, 24h resolution
  BusinessHours hours;
  for (int day = 0; day < 5; ++day) hours.weekly[day] = {OpenInterval{9 * 60, 17 * 60}};
  std::get<TicketOpened>(history[0].body).business_hours = hours;
  // Opened Sunday 10:00 UTC: counting starts Monday 09:00.
  const TicketState s = fold(history);
  BOOST_TEST(str(s.sla.first_response_due) == "2026-11-23T13:00:00.000Z");
  BOOST_TEST(str(s.sla.resolution_due) == "2026-11-25T17:00:00.000Z");
  BOOST_TEST((s.business_hours == hours));
}

BOOST_AUTO_TEST_CASE(first_public_staff_reply_sets_first_response_at) {
  std::vector<Event> h = opened();
  h.push_back(event(kOpenedAt + minutes{5}, ann(),
                    MessagePosted{"m-2", author_of(ann()), "Any news?", false}));
  h.push_back(event(kOpenedAt + minutes{10}, agent(),
                    MessagePosted{"m-3", author_of(agent()), "Looking (internal)", true}));
  h.push_back(event(kOpenedAt + minutes{15}, system_actor(),
                    MessagePosted{"m-4", author_of(system_actor()), "auto", false}));
  BOOST_TEST(str(fold(h).first_response_at) == "none");
  h.push_back(event(kOpenedAt + minutes{20}, agent(),
                    MessagePosted{"m-5", author_of(agent()), "Reset it for you", false}));
  h.push_back(event(kOpenedAt + minutes{30}, admin(),
                    MessagePosted{"m-6", author_of(admin()), "Also checked", false}));
  const TicketState s = fold(h);
  BOOST_TEST(str(s.first_response_at) == str(kOpenedAt + minutes{20}));
  BOOST_TEST(s.messages.size() == 6u);
  BOOST_TEST(s.public_message_count == 5u);
  BOOST_TEST(s.messages[2].internal);
}

BOOST_AUTO_TEST_CASE(an_admin_reply_counts_as_first_response) {
  const TicketState s =
      fold(with(opened(), event(kOpenedAt + hours{2}, admin(),
                                MessagePosted{"m-2", author_of(admin()), "Hello", false})));
  BOOST_TEST(str(s.first_response_at) == str(kOpenedAt + hours{2}));
}

BOOST_AUTO_TEST_CASE(waiting_on_customer_pauses_resolution_and_resuming_moves_due_by_pause) {
  // Medium: resolution 72h -> due 2026-11-25T10:00Z while running.
  std::vector<Event> h = opened();
  h.push_back(status_at(kOpenedAt + hours{2}, Status::kOpen, Status::kWaitingOnCustomer));
  TicketState s = fold(h);
  BOOST_TEST(s.sla.paused);
  BOOST_TEST(str(s.sla.resolution_due) == "none");
  BOOST_TEST(s.sla.resolution_consumed.count() == Millis{hours{2}}.count());
  BOOST_TEST(str(s.sla.first_response_due) == "2026-11-23T10:00:00.000Z");  // never pauses

  h.push_back(status_at(kOpenedAt + hours{5}, Status::kWaitingOnCustomer, Status::kInProgress));
  s = fold(h);
  BOOST_TEST(!s.sla.paused);
  BOOST_TEST(str(s.sla.resolution_due) == "2026-11-25T13:00:00.000Z");  // 72h + 3h paused
  BOOST_TEST(str(s.sla.first_response_due) == "2026-11-23T10:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(on_hold_pauses_and_reopening_to_open_resumes) {
  std::vector<Event> h = opened();
  h.push_back(status_at(kOpenedAt + hours{1}, Status::kOpen, Status::kInProgress));
  h.push_back(status_at(kOpenedAt + hours{4}, Status::kInProgress, Status::kOnHold));
  BOOST_TEST(fold(h).sla.paused);
  h.push_back(status_at(kOpenedAt + hours{24}, Status::kOnHold, Status::kOpen));
  const TicketState s = fold(h);
  BOOST_TEST(to_string(s.status) == "open");
  BOOST_TEST(str(s.sla.resolution_due) == "2026-11-26T06:00:00.000Z");  // 72h + 20h paused
}

BOOST_AUTO_TEST_CASE(customer_reply_reopening_waiting_ticket_resumes_the_clock) {
  std::vector<Event> h = opened();
  h.push_back(status_at(kOpenedAt + hours{1}, Status::kOpen, Status::kWaitingOnCustomer));
  h.push_back(event(kOpenedAt + hours{11}, ann(),
                    MessagePosted{"m-2", author_of(ann()), "Here you go", false}));
  h.push_back(event(kOpenedAt + hours{11}, ann(),
                    StatusChanged{Status::kWaitingOnCustomer, Status::kOpen, "customer_reply"}));
  const TicketState s = fold(h);
  BOOST_TEST(!s.sla.paused);
  BOOST_TEST(str(s.sla.resolution_due) == "2026-11-25T20:00:00.000Z");  // 72h + 10h
}

BOOST_AUTO_TEST_CASE(resolving_stops_the_clock_and_reopening_restarts_with_what_remains) {
  std::vector<Event> h = opened();
  h.push_back(status_at(kOpenedAt + hours{6}, Status::kOpen, Status::kResolved));
  TicketState s = fold(h);
  BOOST_TEST(str(s.resolved_at) == str(kOpenedAt + hours{6}));
  BOOST_TEST(s.sla.stopped);
  BOOST_TEST(str(s.sla.resolution_due) == "2026-11-25T10:00:00.000Z");  // kept for reporting

  h.push_back(status_at(kOpenedAt + hours{30}, Status::kResolved, Status::kOpen, ann()));
  s = fold(h);
  BOOST_TEST(str(s.resolved_at) == "none");
  BOOST_TEST(!s.sla.stopped);
  // 6h used before resolving, 66h remain from the reopen at +30h.
  BOOST_TEST(str(s.sla.resolution_due) == str(kOpenedAt + hours{96}));
}

BOOST_AUTO_TEST_CASE(closing_sets_closed_at_and_keeps_resolved_at) {
  const TicketState s = fold(in_status(Status::kClosed));
  BOOST_TEST(to_string(s.status) == "closed");
  BOOST_TEST(str(s.closed_at) == str(kOpenedAt + minutes{10}));
  BOOST_TEST(str(s.resolved_at) == str(kOpenedAt + minutes{10}));
  BOOST_TEST(s.sla.stopped);
}

BOOST_AUTO_TEST_CASE(resolving_a_paused_ticket_stops_without_a_due) {
  std::vector<Event> h = in_status(Status::kOnHold);
  h.push_back(status_at(kOpenedAt + hours{3}, Status::kOnHold, Status::kResolved));
  const TicketState s = fold(h);
  BOOST_TEST(s.sla.stopped);
  BOOST_TEST(!s.sla.paused);
  BOOST_TEST(str(s.sla.resolution_due) == "none");
}

BOOST_AUTO_TEST_CASE(priority_change_retargets_both_clocks) {
  const SlaPolicy policy = SlaPolicy::defaults();
  const TicketState s = fold(
      with(opened(Priority::kLow), event(kOpenedAt + hours{1}, agent(),
                                         PriorityChanged{Priority::kLow, Priority::kUrgent,
                                                         policy.for_priority(Priority::kUrgent)})));
  BOOST_TEST(to_string(s.priority) == "urgent");
  BOOST_TEST(str(s.sla.first_response_due) == str(kOpenedAt + hours{2}));
  BOOST_TEST(str(s.sla.resolution_due) == str(kOpenedAt + hours{4}));
  BOOST_TEST(s.sla.resolution_target.count() == Millis{hours{4}}.count());
}

BOOST_AUTO_TEST_CASE(assignment_category_escalation_and_tags) {
  std::vector<Event> h = opened();
  h.push_back(event(kOpenedAt, agent(), TicketAssigned{"agent-7"}));
  h.push_back(event(kOpenedAt, agent(), CategoryChanged{Category::kTechnical, Category::kBilling}));
  h.push_back(event(kOpenedAt, agent(), TicketEscalated{1, "angry"}));
  h.push_back(event(kOpenedAt, agent(), TagsChanged{{"vip", "billing", "a"}, {}}));
  h.push_back(event(kOpenedAt, agent(), TagsChanged{{"zeta"}, {"billing", "absent"}}));
  TicketState s = fold(h);
  BOOST_TEST((s.assignee == std::optional<std::string>("agent-7")));
  BOOST_TEST(to_string(s.category) == "billing");
  BOOST_TEST(s.escalation_level == 1);
  BOOST_TEST(s.tags == (std::vector<std::string>{"a", "vip", "zeta"}));
  BOOST_TEST(s.has_tag("vip"));
  BOOST_TEST(!s.has_tag("billing"));
  s = evolve(s, event(kOpenedAt, agent(), TicketUnassigned{}));
  BOOST_TEST(!s.assignee);
}

BOOST_AUTO_TEST_CASE(merged_source_is_closed_with_merged_into) {
  const TicketState s =
      fold(with(in_status(Status::kWaitingOnCustomer),
                event(kOpenedAt + hours{2}, agent(), TicketMerged{"t-2", "acme-8"})));
  BOOST_TEST(to_string(s.status) == "closed");
  BOOST_TEST((s.merged_into == std::optional<std::string>("t-2")));
  BOOST_TEST(str(s.closed_at) == str(kOpenedAt + hours{2}));
  BOOST_TEST(s.sla.stopped);
}

BOOST_AUTO_TEST_CASE(merge_target_interleaves_copied_messages_once) {
  std::vector<Event> h = opened();
  h.push_back(event(kOpenedAt + hours{3}, agent(),
                    MessagePosted{"m-2", author_of(agent()), "On it", false}));
  const Message early{"s-1", author_of(carl()), false, "Same here", kOpenedAt + hours{1}};
  const Message note{"s-2", author_of(agent()), true, "dup of acme-7", kOpenedAt + hours{2}};
  const Event received =
      event(kOpenedAt + hours{4}, agent(), MergeReceived{"t-2", "acme-8", {early, note}});
  h.push_back(received);
  h.push_back(received);  // replayed twice by mistake: nothing is copied twice
  const TicketState s = fold(h);
  std::vector<std::string> ids;
  for (const Message& m : s.messages) ids.push_back(m.id);
  BOOST_TEST(ids == (std::vector<std::string>{"m-1", "s-1", "s-2", "m-2"}));
  BOOST_TEST(s.public_message_count == 3u);
  BOOST_TEST(s.merged_from == (std::vector<std::string>{"t-2"}));
  BOOST_TEST(str(s.first_response_at) == str(kOpenedAt + hours{3}));  // copies do not count
}

BOOST_AUTO_TEST_CASE(satisfaction_and_sla_flags) {
  std::vector<Event> h = in_status(Status::kResolved);
  h.push_back(event(kOpenedAt + hours{1}, ann(), SatisfactionRated{4, "quick"}));
  TicketState s = fold(h);
  BOOST_TEST_REQUIRE(s.satisfaction.has_value());
  BOOST_TEST(s.satisfaction->rating == 4);
  BOOST_TEST(s.satisfaction->comment == "quick");
  BOOST_TEST(str(s.satisfaction->rated_at) == str(kOpenedAt + hours{1}));

  s = fold(opened());
  BOOST_TEST(!s.first_response_warned);
  s = evolve(s, event(kOpenedAt, system_actor(), SlaWarning{SlaTargetKind::kFirstResponse, {}}));
  BOOST_TEST(s.first_response_warned);
  BOOST_TEST(!s.first_response_breached);
  s = evolve(s, event(kOpenedAt, system_actor(), SlaBreached{SlaTargetKind::kResolution, {}}));
  BOOST_TEST(s.resolution_breached);
  BOOST_TEST(!s.resolution_warned);
  BOOST_TEST(!s.first_response_breached);
}

BOOST_AUTO_TEST_CASE(every_event_bumps_version_and_updated_at) {
  std::vector<Event> h = opened();
  h.push_back(
      event(kOpenedAt + hours{1}, agent(), CategoryChanged{Category::kTechnical, Category::kBug}));
  h.push_back(
      event(kOpenedAt + hours{2}, system_actor(), SlaWarning{SlaTargetKind::kResolution, {}}));
  const TicketState s = fold(h);
  BOOST_TEST(s.version == 4u);
  BOOST_TEST(str(s.updated_at) == str(kOpenedAt + hours{2}));
}

BOOST_AUTO_TEST_CASE(fold_equals_stepwise_evolve_and_is_deterministic) {
  std::vector<Event> h = in_status(Status::kWaitingOnCustomer);
  h.push_back(event(kOpenedAt + hours{5}, agent(), TagsChanged{{"x"}, {}}));
  h.push_back(status_at(kOpenedAt + hours{6}, Status::kWaitingOnCustomer, Status::kResolved));
  TicketState stepwise = initial_state();
  for (const Event& e : h) stepwise = evolve(stepwise, e);
  BOOST_TEST((fold(h) == stepwise));
  BOOST_TEST((fold(h) == fold(h)));
  BOOST_TEST(!(fold(h) == fold(opened())));
}

BOOST_AUTO_TEST_CASE(evolve_is_total_on_events_that_make_no_sense) {
  // A status change before any TicketOpened and a reopen of a closed
  // ticket: the facts are recorded, nothing breaks.
  TicketState s = evolve(initial_state(), status_at(kOpenedAt, Status::kOpen, Status::kResolved));
  BOOST_TEST(!s.exists);
  BOOST_TEST(to_string(s.status) == "resolved");
  BOOST_TEST(s.version == 1u);
  s = fold(with(in_status(Status::kClosed),
                status_at(kOpenedAt + hours{1}, Status::kClosed, Status::kWaitingOnCustomer)));
  BOOST_TEST(to_string(s.status) == "waiting_on_customer");
  BOOST_TEST(s.sla.paused);
  BOOST_TEST(!s.sla.stopped);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
