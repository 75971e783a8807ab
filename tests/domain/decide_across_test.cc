// decide_across(): the commands that reach past the ticket they name. A
// customer's reply to a closed ticket opens a follow-up; a merge closes the
// source and copies its messages onto the target. Given the tickets'
// histories, when the command, then the events per stream or the error.
#include "domain/decide_across.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

// t-2 (key <tenant>-8): a ticket of `requester`, opened an hour after t-1
// with a public message of theirs.
std::vector<Event> second_ticket(const Actor& requester, std::string tenant = "acme") {
  const SlaPolicy policy = SlaPolicy::defaults();
  TicketOpened e;
  e.ticket_id = "t-2";
  e.tenant = std::move(tenant);
  e.number = 8;
  e.requester = Requester{requester.id, requester.email, requester.name};
  e.subject = "Login broken here too";
  e.priority = Priority::kHigh;
  e.sla_targets = policy.for_priority(Priority::kHigh);
  e.business_hours = policy.business_hours;
  const Instant when = kOpenedAt + hours{1};
  return {event(when, requester, e),
          event(when, requester, MessagePosted{"m-20", author_of(requester), "Same here.", false})};
}

// t-1 opened with `priority`, resolved and closed by an agent.
std::vector<Event> closed(Priority priority = Priority::kMedium) {
  std::vector<Event> history = opened(priority);
  const Instant when = kOpenedAt + minutes{10};
  history.push_back(event(when, agent(), StatusChanged{Status::kOpen, Status::kResolved, ""}));
  history.push_back(event(when, agent(), StatusChanged{Status::kResolved, Status::kClosed, ""}));
  return history;
}

// decide_across() on the states folded from `history` and, when given,
// `named` (the other ticket's history; an empty one is a missing ticket).
Result<TicketDecision> when_across(const std::vector<Event>& history, const Command& command,
                                   const Context& context,
                                   const std::optional<std::vector<Event>>& named = std::nullopt,
                                   std::string follow_up_id = "t-9") {
  const TicketState other = named ? fold(*named) : initial_state();
  return decide_across(command, fold(history), OtherTickets{named ? &other : nullptr, follow_up_id},
                       context);
}

std::string code_of(const Result<TicketDecision>& result) {
  return result ? "ok" : std::string(to_string(result.error().code));
}

std::vector<std::string> fields_of(const Result<TicketDecision>& result) {
  std::vector<std::string> out;
  if (!result) {
    for (const FieldError& f : result.error().fields) out.push_back(f.field);
  }
  return out;
}

// One header line per stream ("opens t-9 (acme)", "t-1 (acme) at v3"), then
// its events as the fixtures describe them.
std::string describe(const Result<TicketDecision>& result) {
  if (!result) {
    return "error " + std::string(to_string(result.error().code)) + ": " + result.error().message;
  }
  std::string out;
  for (const StreamDecision& s : result->streams) {
    out += s.opens ? "opens " + s.ticket_id + " (" + s.tenant + ")\n"
                   : s.ticket_id + " (" + s.tenant + ") at v" + std::to_string(s.version) + "\n";
    out += testing::describe(s.events);
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(decide_across_test)

// ---- follow-ups

BOOST_AUTO_TEST_CASE(a_customer_reply_to_a_closed_ticket_opens_a_follow_up) {
  const Context c = ctx(ann(), kOpenedAt + hours{50});
  const auto result =
      when_across(closed(Priority::kHigh), PostMessage{"m-5", "Broken again.", false}, c);
  TicketOpened opened;
  opened.ticket_id = "t-9";
  opened.tenant = "acme";
  opened.requester = ann_requester();
  opened.subject = "Re: Cannot log in";
  opened.category = Category::kTechnical;
  opened.priority = Priority::kHigh;
  opened.follow_up_of = "t-1";
  opened.sla_targets = c.policy.for_priority(Priority::kHigh);
  opened.business_hours = c.policy.business_hours;
  const auto description = MessagePosted{"m-5", author_of(ann()), "Broken again.", false};
  BOOST_TEST(describe(result) ==
             "opens t-9 (acme)\n" + testing::describe(expected(c, {opened, description})));
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  BOOST_TEST(result->shown().opens);
  BOOST_TEST(result->shown().version == 0u);
}

BOOST_AUTO_TEST_CASE(a_customer_admin_reply_opens_the_follow_up_for_the_original_requester) {
  const Context c = ctx(acme_admin());
  const auto result =
      when_across(closed(), PostMessage{"m-5", "Any news?", false}, c, std::nullopt, "t-10");
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  BOOST_TEST_REQUIRE(result->streams.size() == 1u);
  const auto& opened = std::get<TicketOpened>(result->shown().events.at(0).body);
  BOOST_TEST(opened.ticket_id == "t-10");
  BOOST_TEST((opened.requester == ann_requester()));
  BOOST_TEST(result->shown().events.at(0).meta.actor_id == acme_admin().id);
  // The description is the reply, shown as the requester's as when an
  // agent opens a ticket for someone.
  const auto& description = std::get<MessagePosted>(result->shown().events.at(1).body);
  BOOST_TEST((description.author == Author{"u-1", "Ann", Role::kCustomer}));
  BOOST_TEST(description.body == "Any news?");
}

BOOST_AUTO_TEST_CASE(the_follow_up_subject_is_cut_to_200_code_points) {
  BOOST_TEST(follow_up_subject("Cannot log in") == "Re: Cannot log in");
  BOOST_TEST(follow_up_subject("") == "Re: ");
  // 200 two-byte characters: "Re: " and the first 196 of them.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
  const std::string cut = follow_up_subject(accents);
  BOOST_TEST(cut == "Re: " + accents.substr(0, 2 * 196));
  BOOST_TEST(follow_up_subject(std::string(196, 'x')) == "Re: " + std::string(196, 'x'));
  BOOST_TEST(follow_up_subject(std::string(197, 'x')) == "Re: " + std::string(196, 'x'));

  // A closed ticket with the longest subject still gets a valid follow-up.
  std::vector<Event> history = closed();
  std::get<TicketOpened>(history[0].body).subject = accents;
  const auto result = when_across(history, PostMessage{"m-5", "Again.", false}, ctx(ann()));
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  BOOST_TEST(std::get<TicketOpened>(result->shown().events.at(0).body).subject == cut);
}

BOOST_AUTO_TEST_CASE(an_agent_reply_to_a_closed_ticket_is_a_normal_reply_and_refused) {
  BOOST_TEST(code_of(when_across(closed(), PostMessage{"m-5", "Reopening?", false},
                                 ctx(agent()))) == "ticket_closed");
  BOOST_TEST(!opens_follow_up(PostMessage{"m-5", "Reopening?", false}, fold(closed()), agent()));
}

BOOST_AUTO_TEST_CASE(a_reply_to_a_merged_ticket_opens_nothing) {
  const std::vector<Event> merged =
      with(in_status(Status::kInProgress),
           event(kOpenedAt + hours{2}, agent(), TicketMerged{"t-2", "acme-8"}));
  BOOST_TEST(to_string(fold(merged).status) == "closed");
  BOOST_TEST(code_of(when_across(merged, PostMessage{"m-5", "Hello?", false}, ctx(ann()))) ==
             "ticket_closed");
}

BOOST_AUTO_TEST_CASE(a_customer_who_cannot_see_the_closed_ticket_gets_not_found) {
  // Carl is of the same tenant but not the requester; Gina of another tenant.
  BOOST_TEST(code_of(when_across(closed(), PostMessage{"m-5", "Me too", false}, ctx(carl()))) ==
             "not_found");
  BOOST_TEST(code_of(when_across(closed(), PostMessage{"m-5", "Me too", false},
                                 ctx(globex_admin()))) == "not_found");
}

BOOST_AUTO_TEST_CASE(replies_to_open_or_resolved_tickets_stay_on_the_ticket) {
  const Context c = ctx(ann());
  const auto reply = when_across(opened(), PostMessage{"m-5", "More details.", false}, c);
  BOOST_TEST(describe(reply) ==
             "t-1 (acme) at v2\n" +
                 testing::describe(expected(
                     c, {MessagePosted{"m-5", author_of(ann()), "More details.", false}})));
  const auto reopened =
      when_across(in_status(Status::kResolved), PostMessage{"m-5", "Not fixed.", false}, c);
  BOOST_TEST(describe(reopened) ==
             "t-1 (acme) at v3\n" +
                 testing::describe(expected(
                     c, {MessagePosted{"m-5", author_of(ann()), "Not fixed.", false},
                         StatusChanged{Status::kResolved, Status::kOpen, "customer_reply"}})));
}

BOOST_AUTO_TEST_CASE(an_invalid_reply_to_a_closed_ticket_opens_nothing) {
  const auto result = when_across(closed(), PostMessage{"m-5", " ", false}, ctx(ann()));
  BOOST_TEST(code_of(result) == "validation");
  BOOST_TEST(fields_of(result) == (std::vector<std::string>{"description"}));
}

// ---- merges

BOOST_AUTO_TEST_CASE(a_merge_closes_the_source_and_copies_its_messages_onto_the_target) {
  const std::vector<Event> source = in_status(Status::kInProgress);
  const Context c = ctx(agent(), kOpenedAt + hours{3});
  const auto result = when_across(source, Merge{"t-2", ""}, c, second_ticket(carl()));
  BOOST_TEST((other_ticket(Merge{"t-2", ""}) == std::optional<std::string>("t-2")));
  const std::vector<Message> copied = fold(source).messages;
  BOOST_TEST(describe(result) ==
             "t-1 (acme) at v3\n" +
                 testing::describe(expected(c, {TicketMerged{"t-2", "acme-8"}})) +
                 "t-2 (acme) at v2\n" +
                 testing::describe(expected(c, {MergeReceived{"t-1", "acme-7", copied}})));
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  BOOST_TEST(result->shown().ticket_id == "t-2");
  BOOST_TEST(!result->shown().opens);
}

BOOST_AUTO_TEST_CASE(a_merge_target_that_is_missing_is_a_validation_error_on_into) {
  // Not loaded, or loaded and not there.
  for (const auto& named :
       {std::optional<std::vector<Event>>(), std::optional(std::vector<Event>{})}) {
    const auto result = when_across(opened(), Merge{"t-404", ""}, ctx(agent()), named);
    BOOST_TEST(code_of(result) == "validation");
    BOOST_TEST(fields_of(result) == (std::vector<std::string>{"into"}));
  }
}

BOOST_AUTO_TEST_CASE(a_merge_target_the_actor_cannot_see_is_missing_even_before_the_role_check) {
  // A customer may not merge; the target is looked at first, and one they
  // cannot see is answered as missing, as for anyone.
  const auto hidden = when_across(opened(), Merge{"t-2", ""}, ctx(acme_admin()),
                                  second_ticket(globex_admin(), "globex"));
  BOOST_TEST(code_of(hidden) == "validation");
  BOOST_TEST(fields_of(hidden) == (std::vector<std::string>{"into"}));
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(acme_admin()),
                                 second_ticket(carl()))) == "forbidden");
}

BOOST_AUTO_TEST_CASE(a_merge_across_scopes_finds_no_target) {
  // An agent scoped to acme cannot reach a globex ticket: missing, as above.
  Actor scoped = agent();
  scoped.scope = {"acme"};
  const auto out =
      when_across(opened(), Merge{"t-2", ""}, ctx(scoped), second_ticket(globex_admin(), "globex"));
  BOOST_TEST(code_of(out) == "validation");
  BOOST_TEST(fields_of(out) == (std::vector<std::string>{"into"}));
  // ... and a source out of scope is not found, whatever the target.
  Actor elsewhere = agent();
  elsewhere.scope = {"globex"};
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(elsewhere),
                                 second_ticket(globex_admin(), "globex"))) == "not_found");
  // In scope, the same merge goes on to the tenant rule (one tenant only).
  scoped.scope = {"acme", "globex"};
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(scoped),
                                 second_ticket(globex_admin(), "globex"))) == "conflict");
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(scoped), second_ticket(carl()))) ==
             "ok");
}

BOOST_AUTO_TEST_CASE(a_merge_into_itself_is_refused_on_into) {
  const auto result = when_across(opened(), Merge{"t-1", ""}, ctx(agent()), opened());
  BOOST_TEST(code_of(result) == "validation");
  BOOST_TEST(fields_of(result) == (std::vector<std::string>{"into"}));
}

BOOST_AUTO_TEST_CASE(a_merge_into_a_closed_or_merged_ticket_is_refused) {
  const std::vector<Event> target = second_ticket(carl());
  const auto closed_target = with(
      with(target, event(kOpenedAt + hours{2}, agent(),
                         StatusChanged{Status::kOpen, Status::kResolved, ""})),
      event(kOpenedAt + hours{2}, agent(), StatusChanged{Status::kResolved, Status::kClosed, ""}));
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(agent()), closed_target)) ==
             "ticket_closed");
  const auto merged_target =
      with(target, event(kOpenedAt + hours{2}, agent(), TicketMerged{"t-3", "acme-9"}));
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(agent()), merged_target)) ==
             "ticket_closed");
}

BOOST_AUTO_TEST_CASE(a_merge_across_tenants_is_a_conflict) {
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-2", ""}, ctx(agent()),
                                 second_ticket(globex_admin(), "globex"))) == "conflict");
}

BOOST_AUTO_TEST_CASE(a_merge_of_a_ticket_the_actor_cannot_see_is_not_found_whatever_the_target) {
  BOOST_TEST(code_of(when_across(opened(), Merge{"t-404", ""}, ctx(globex_admin()))) ==
             "not_found");
  BOOST_TEST(code_of(when_across({}, Merge{"t-2", ""}, ctx(agent()), second_ticket(carl()))) ==
             "not_found");
}

BOOST_AUTO_TEST_CASE(a_closed_source_is_not_merged) {
  BOOST_TEST(code_of(when_across(closed(), Merge{"t-2", ""}, ctx(agent()),
                                 second_ticket(carl()))) == "ticket_closed");
}

// ---- everything else

BOOST_AUTO_TEST_CASE(other_commands_are_decide_on_the_one_ticket) {
  const Context c = ctx(agent());
  const auto assigned = when_across(opened(), Assign{"agent-7"}, c);
  BOOST_TEST(describe(assigned) ==
             "t-1 (acme) at v2\n" +
                 testing::describe(
                     expected(c, {TicketAssigned{"agent-7"},
                                  StatusChanged{Status::kOpen, Status::kInProgress, "assigned"}})));
  BOOST_TEST(!other_ticket(Assign{"agent-7"}));
  // No change is one stream without events: the ticket is still the answer.
  const auto same =
      when_across(with(opened(), (*assigned).streams[0].events[0]), Assign{"agent-7"}, c);
  BOOST_TEST_REQUIRE(code_of(same) == "ok");
  BOOST_TEST(same->shown().ticket_id == "t-1");
  BOOST_TEST(same->shown().events.empty());

  OpenTicket open;
  open.ticket_id = "t-5";
  open.tenant = "globex";
  open.requester = Requester{"g-1", "gina@globex.test", "Gina"};
  open.subject = "Invoice";
  open.description = "Missing.";
  open.first_message_id = "m-50";
  const auto opening = when_across({}, open, c);
  BOOST_TEST_REQUIRE(code_of(opening) == "ok");
  BOOST_TEST(opening->shown().ticket_id == "t-5");
  BOOST_TEST(opening->shown().tenant == "globex");
  BOOST_TEST(opening->shown().opens);
  BOOST_TEST(code_of(when_across(opened(), PostMessage{"m-5", "Hi", false}, ctx(carl()))) ==
             "not_found");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
