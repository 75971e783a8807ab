// decide(): the workflow through ChangeStatus (all 36 pairs), transitions
// implied by other commands, auto-close and the closed-ticket rules.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "domain/decide.h"
#include "domain/workflow.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

constexpr Status kAll[] = {Status::kOpen,   Status::kInProgress, Status::kWaitingOnCustomer,
                           Status::kOnHold, Status::kResolved,   Status::kClosed};

BOOST_AUTO_TEST_SUITE(decide_status_test)

BOOST_AUTO_TEST_CASE(change_status_follows_the_workflow_for_all_36_pairs) {
  int accepted = 0;
  for (Status from : kAll) {
    for (Status to : kAll) {
      const std::string pair = std::string(to_string(from)) + " -> " + std::string(to_string(to));
      const Context c = ctx(agent());
      const auto result = when(in_status(from), ChangeStatus{to, {}, ""}, c);
      if (from == Status::kClosed) {
        BOOST_TEST(code_of(result) == "ticket_closed", pair);
      } else if (allowed(from, to)) {
        ++accepted;
        BOOST_TEST(describe(result) == describe(expected(c, {StatusChanged{from, to, ""}})), pair);
      } else {
        BOOST_TEST(code_of(result) == "invalid_transition", pair);
      }
    }
  }
  BOOST_TEST(accepted == 15);
}

BOOST_AUTO_TEST_CASE(changing_to_the_current_status_is_an_invalid_transition) {
  for (Status s : kAll) {
    if (s == Status::kClosed) continue;
    BOOST_TEST(
        code_of(when(in_status(s), ChangeStatus{s, {}, ""}, ctx(agent()))) == "invalid_transition",
        to_string(s));
  }
}

BOOST_AUTO_TEST_CASE(a_note_with_a_status_change_is_posted_first_as_an_internal_message) {
  const Context c = ctx(agent());
  const auto result = when(in_status(Status::kInProgress),
                           ChangeStatus{Status::kWaitingOnCustomer, "asked for logs", "n-1"}, c);
  BOOST_TEST(
      describe(result) ==
      describe(expected(c, {MessagePosted{"n-1", author_of(agent()), "asked for logs", true},
                            StatusChanged{Status::kInProgress, Status::kWaitingOnCustomer, ""}})));
  const TicketState s =
      fold(with(with(in_status(Status::kInProgress), (*result)[0]), (*result)[1]));
  BOOST_TEST(s.public_message_count == 1u);  // the note is not public
  BOOST_TEST(str(s.first_response_at) == "none");
}

BOOST_AUTO_TEST_CASE(a_note_is_validated_and_a_refused_transition_posts_no_note) {
  BOOST_TEST(fields_of(when(in_status(Status::kOpen), ChangeStatus{Status::kResolved, "", ""},
                            ctx(agent()))) ==
             (std::vector<std::string>{"note", "note_message_id"}));
  BOOST_TEST(code_of(when(in_status(Status::kOpen), ChangeStatus{Status::kClosed, "x", "n-1"},
                          ctx(agent()))) == "invalid_transition");
  BOOST_TEST(code_of(when(in_status(Status::kOpen), ChangeStatus{Status::kResolved, "x", "m-1"},
                          ctx(agent()))) == "conflict");  // m-1 is the description's id
}

BOOST_AUTO_TEST_CASE(assigning_an_open_ticket_moves_it_to_in_progress) {
  const Context c = ctx(agent());
  BOOST_TEST(
      describe(when(opened(), Assign{"agent-9"}, c)) ==
      describe(expected(c, {TicketAssigned{"agent-9"},
                            StatusChanged{Status::kOpen, Status::kInProgress, "assigned"}})));
  for (Status s :
       {Status::kInProgress, Status::kWaitingOnCustomer, Status::kOnHold, Status::kResolved}) {
    BOOST_TEST(describe(when(in_status(s), Assign{"agent-9"}, c)) ==
                   describe(expected(c, {TicketAssigned{"agent-9"}})),
               to_string(s));
  }
}

BOOST_AUTO_TEST_CASE(customer_reply_reopens_waiting_and_resolved_tickets) {
  for (const Actor& customer : {ann(), acme_admin()}) {
    const Context c = ctx(customer);
    for (Status s : {Status::kWaitingOnCustomer, Status::kResolved}) {
      BOOST_TEST(describe(when(in_status(s), PostMessage{"m-2", "still broken", false}, c)) ==
                     describe(expected(
                         c, {MessagePosted{"m-2", author_of(customer), "still broken", false},
                             StatusChanged{s, Status::kOpen, "customer_reply"}})),
                 to_string(s));
    }
    for (Status s : {Status::kOpen, Status::kInProgress, Status::kOnHold}) {
      BOOST_TEST(
          describe(when(in_status(s), PostMessage{"m-2", "more", false}, c)) ==
              describe(expected(c, {MessagePosted{"m-2", author_of(customer), "more", false}})),
          to_string(s));
    }
  }
}

BOOST_AUTO_TEST_CASE(agent_reply_does_not_reopen) {
  const Context c = ctx(agent());
  BOOST_TEST(
      describe(when(in_status(Status::kWaitingOnCustomer), PostMessage{"m-2", "ping", false}, c)) ==
      describe(expected(c, {MessagePosted{"m-2", author_of(agent()), "ping", false}})));
}

BOOST_AUTO_TEST_CASE(reopened_by_reply_then_the_clock_runs_again) {
  std::vector<Event> h = in_status(Status::kResolved);
  const auto result =
      when(h, PostMessage{"m-2", "no, broken", false}, ctx(ann(), kOpenedAt + hours{2}));
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  for (const Event& e : *result) h.push_back(e);
  const TicketState s = fold(h);
  BOOST_TEST(to_string(s.status) == "open");
  BOOST_TEST(str(s.resolved_at) == "none");
  BOOST_TEST(!s.sla.stopped);
}

BOOST_AUTO_TEST_CASE(closed_ticket_refuses_every_command_but_a_rating) {
  const std::vector<Event> closed = in_status(Status::kClosed);
  const Instant due = kOpenedAt + hours{24};
  const std::vector<std::pair<Command, Actor>> commands = {
      {PostMessage{"m-2", "hello again", false}, ann()},
      {PostMessage{"m-2", "note", true}, agent()},
      {Assign{"agent-9"}, agent()},
      {Assign{"agent-9"}, system_actor()},
      {Unassign{}, agent()},
      {ChangeStatus{Status::kOpen, {}, ""}, agent()},
      {ChangeStatus{Status::kClosed, {}, ""}, ann()},
      {ChangePriority{Priority::kUrgent}, agent()},
      {ChangeCategory{Category::kBug}, agent()},
      {Escalate{"why"}, agent()},
      {Tag{{"vip"}, {}}, agent()},
      {Merge{"t-2", "acme-8"}, agent()},
      {ReceiveMerge{"t-3", "acme-9", {}}, agent()},
      {RecordSlaWarning{SlaTargetKind::kResolution, due}, system_actor()},
      {RecordSlaBreach{SlaTargetKind::kFirstResponse, due}, system_actor()},
      {AutoClose{}, system_actor()},
  };
  for (const auto& [command, actor] : commands) {
    BOOST_TEST(code_of(when(closed, command, ctx(actor, due))) == "ticket_closed",
               "command #" << command.index() << " by " << to_string(actor.role));
  }
  const Context c = ctx(ann());
  BOOST_TEST(describe(when(closed, RateSatisfaction{5, "great"}, c)) ==
             describe(expected(c, {SatisfactionRated{5, "great"}})));
}

BOOST_AUTO_TEST_CASE(auto_close_closes_only_resolved_tickets) {
  const Context c = ctx(system_actor(), kOpenedAt + hours{24 * 7});
  BOOST_TEST(
      describe(when(in_status(Status::kResolved), AutoClose{}, c)) ==
      describe(expected(c, {StatusChanged{Status::kResolved, Status::kClosed, "auto_close"}})));
  for (Status s :
       {Status::kOpen, Status::kInProgress, Status::kWaitingOnCustomer, Status::kOnHold}) {
    BOOST_TEST(code_of(when(in_status(s), AutoClose{}, c)) == "invalid_transition", to_string(s));
  }
}

BOOST_AUTO_TEST_CASE(satisfaction_only_once_resolved) {
  for (Status s :
       {Status::kOpen, Status::kInProgress, Status::kWaitingOnCustomer, Status::kOnHold}) {
    BOOST_TEST(
        code_of(when(in_status(s), RateSatisfaction{4, ""}, ctx(ann()))) == "invalid_transition",
        to_string(s));
  }
  const Context c = ctx(acme_admin());
  BOOST_TEST(describe(when(in_status(Status::kResolved), RateSatisfaction{1, "slow"}, c)) ==
             describe(expected(c, {SatisfactionRated{1, "slow"}})));
}

BOOST_AUTO_TEST_CASE(satisfaction_rating_and_comment_are_validated) {
  const std::vector<Event> resolved = in_status(Status::kResolved);
  BOOST_TEST(fields_of(when(resolved, RateSatisfaction{0, std::string(2001, 'c')}, ctx(ann()))) ==
             (std::vector<std::string>{"rating", "comment"}));
  BOOST_TEST(fields_of(when(resolved, RateSatisfaction{6, ""}, ctx(ann()))) ==
             (std::vector<std::string>{"rating"}));
  BOOST_TEST(code_of(when(resolved, RateSatisfaction{5, std::string(2000, 'c')}, ctx(ann()))) ==
             "ok");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
