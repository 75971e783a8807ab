// decide(): the agents' work commands: replies, assignment, priority,
// category, escalation, tags and merges, including their no-op cases.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "domain/decide.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

BOOST_AUTO_TEST_SUITE(decide_work_test)

BOOST_AUTO_TEST_CASE(replies_and_notes_are_posted_by_the_actor) {
  const Context c = ctx(agent());
  BOOST_TEST(
      describe(when(opened(), PostMessage{"m-2", "Try again now", false}, c)) ==
      describe(expected(c, {MessagePosted{"m-2", author_of(agent()), "Try again now", false}})));
  BOOST_TEST(describe(when(opened(), PostMessage{"n-1", "She is VIP", true}, c)) ==
             describe(expected(c, {MessagePosted{"n-1", author_of(agent()), "She is VIP", true}})));
}

BOOST_AUTO_TEST_CASE(message_fields_are_validated_together) {
  const auto result = when(opened(), PostMessage{"", " \n\t", false}, ctx(ann()));
  BOOST_TEST(code_of(result) == "validation");
  BOOST_TEST(fields_of(result) == (std::vector<std::string>{"message_id", "body"}));
  BOOST_TEST(fields_of(when(opened(), PostMessage{"m-2", std::string(64 * 1024 + 1, 'b'), false},
                            ctx(ann()))) == (std::vector<std::string>{"body"}));
  BOOST_TEST(code_of(when(opened(), PostMessage{"m-2", std::string(64 * 1024, 'b'), false},
                          ctx(ann()))) == "ok");
  BOOST_TEST(fields_of(when(opened(), PostMessage{"m-2", "bad \xC3", false}, ctx(ann()))) ==
             (std::vector<std::string>{"body"}));
}

BOOST_AUTO_TEST_CASE(a_message_id_is_used_once_per_ticket) {
  BOOST_TEST(code_of(when(opened(), PostMessage{"m-1", "again", false}, ctx(ann()))) == "conflict");
}

BOOST_AUTO_TEST_CASE(assigning_the_current_assignee_or_unassigning_nobody_changes_nothing) {
  const std::vector<Event> assigned =
      with(in_status(Status::kInProgress), event(kOpenedAt, agent(), TicketAssigned{"agent-7"}));
  const auto same = when(assigned, Assign{"agent-7"}, ctx(agent()));
  BOOST_TEST_REQUIRE(code_of(same) == "ok");
  BOOST_TEST(same->empty());
  const auto nobody = when(opened(), Unassign{}, ctx(agent()));
  BOOST_TEST_REQUIRE(code_of(nobody) == "ok");
  BOOST_TEST(nobody->empty());

  const Context c = ctx(admin());
  BOOST_TEST(describe(when(assigned, Assign{"agent-9"}, c)) ==
             describe(expected(c, {TicketAssigned{"agent-9"}})));
  BOOST_TEST(describe(when(assigned, Unassign{}, c)) ==
             describe(expected(c, {TicketUnassigned{}})));
  BOOST_TEST(fields_of(when(assigned, Assign{""}, c)) == (std::vector<std::string>{"assignee"}));
}

BOOST_AUTO_TEST_CASE(priority_change_carries_the_tenant_targets_of_the_new_priority) {
  Context c = ctx(agent());
  c.policy.targets[static_cast<int>(Priority::kHigh)] = {hours{1}, hours{8}};
  BOOST_TEST(describe(when(opened(), ChangePriority{Priority::kHigh}, c)) ==
             describe(expected(c, {PriorityChanged{Priority::kMedium, Priority::kHigh,
                                                   SlaTargets{hours{1}, hours{8}}}})));
  const auto same = when(opened(), ChangePriority{Priority::kMedium}, c);
  BOOST_TEST_REQUIRE(code_of(same) == "ok");
  BOOST_TEST(same->empty());
}

BOOST_AUTO_TEST_CASE(category_change_and_its_no_op) {
  const Context c = ctx(agent());
  BOOST_TEST(describe(when(opened(), ChangeCategory{Category::kAccount}, c)) ==
             describe(expected(c, {CategoryChanged{Category::kTechnical, Category::kAccount}})));
  const auto same = when(opened(), ChangeCategory{Category::kTechnical}, c);
  BOOST_TEST_REQUIRE(code_of(same) == "ok");
  BOOST_TEST(same->empty());
}

BOOST_AUTO_TEST_CASE(escalation_raises_the_level_by_one) {
  const Context c = ctx(agent());
  const std::vector<Event> once =
      with(opened(), event(kOpenedAt, agent(), TicketEscalated{1, "a"}));
  BOOST_TEST(describe(when(opened(), Escalate{"customer is angry"}, c)) ==
             describe(expected(c, {TicketEscalated{1, "customer is angry"}})));
  BOOST_TEST(describe(when(once, Escalate{"still angry"}, c)) ==
             describe(expected(c, {TicketEscalated{2, "still angry"}})));
  BOOST_TEST(fields_of(when(opened(), Escalate{"  "}, c)) == (std::vector<std::string>{"reason"}));
  BOOST_TEST(fields_of(when(opened(), Escalate{std::string(501, 'r')}, c)) ==
             (std::vector<std::string>{"reason"}));
  BOOST_TEST(code_of(when(opened(), Escalate{std::string(500, 'r')}, c)) == "ok");
}

BOOST_AUTO_TEST_CASE(tags_are_normalised_and_only_real_changes_are_recorded) {
  const Context c = ctx(agent());
  const std::vector<Event> tagged =
      with(opened(), event(kOpenedAt, agent(), TagsChanged{{"billing", "vip"}, {}}));
  BOOST_TEST(describe(when(
                 tagged, Tag{{"VIP", "Urgent-1", "urgent-1", "new_tag"}, {"billing", "gone"}},
                 c)) == describe(expected(c, {TagsChanged{{"new_tag", "urgent-1"}, {"billing"}}})));
  const auto nothing_new = when(tagged, Tag{{"vip"}, {"absent"}}, c);
  BOOST_TEST_REQUIRE(code_of(nothing_new) == "ok");
  BOOST_TEST(nothing_new->empty());
  const auto empty = when(tagged, Tag{}, c);
  BOOST_TEST_REQUIRE(code_of(empty) == "ok");
  BOOST_TEST(empty->empty());
}

BOOST_AUTO_TEST_CASE(invalid_tags_are_reported_by_position) {
  const auto result =
      when(opened(), Tag{{"ok", "has space", "", std::string(65, 'a')}, {"fine", "ümlaut", "ok"}},
           ctx(agent()));
  BOOST_TEST(code_of(result) == "validation");
  BOOST_TEST(fields_of(result) ==
             (std::vector<std::string>{"tags.add[1]", "tags.add[2]", "tags.add[3]",
                                       "tags.remove[1]", "tags.remove[2]"}));
  BOOST_TEST(code_of(when(opened(), Tag{{std::string(64, 'a')}, {}}, ctx(agent()))) == "ok");
}

BOOST_AUTO_TEST_CASE(a_ticket_holds_at_most_50_tags) {
  std::vector<std::string> fifty;
  for (int i = 0; i < 50; ++i) fifty.push_back("t" + std::to_string(i));
  const std::vector<Event> full = with(opened(), event(kOpenedAt, agent(), TagsChanged{fifty, {}}));
  BOOST_TEST(fields_of(when(full, Tag{{"one-more"}, {}}, ctx(agent()))) ==
             (std::vector<std::string>{"tags.add"}));
  BOOST_TEST(code_of(when(full, Tag{{"one-more"}, {"t0"}}, ctx(agent()))) == "ok");
}

BOOST_AUTO_TEST_CASE(merge_closes_the_source_into_a_target_of_the_same_tenant) {
  const Context c = ctx(agent());
  const auto result = when(in_status(Status::kInProgress), Merge{"t-2", "acme-8"}, c);
  BOOST_TEST(describe(result) == describe(expected(c, {TicketMerged{"t-2", "acme-8"}})));
  const TicketState s = fold(with(in_status(Status::kInProgress), (*result)[0]));
  BOOST_TEST(to_string(s.status) == "closed");
  BOOST_TEST((s.merged_into == std::optional<std::string>("t-2")));
  // Merged tickets are closed: nothing more, not even a second merge.
  BOOST_TEST(code_of(when(with(in_status(Status::kInProgress), (*result)[0]),
                          Merge{"t-3", "acme-9"}, c)) == "ticket_closed");
}

BOOST_AUTO_TEST_CASE(merge_into_itself_or_across_tenants_is_refused) {
  const Context c = ctx(agent());
  BOOST_TEST(fields_of(when(opened(), Merge{"t-1", "acme-7"}, c)) ==
             (std::vector<std::string>{"into"}));
  BOOST_TEST(fields_of(when(opened(), Merge{"t-2", "acme-7"}, c)) ==
             (std::vector<std::string>{"into"}));
  BOOST_TEST(fields_of(when(opened(), Merge{"", ""}, c)) ==
             (std::vector<std::string>{"into", "into_key"}));
  BOOST_TEST(code_of(when(opened(), Merge{"t-2", "globex-8"}, c)) == "conflict");
  BOOST_TEST(code_of(when(opened(), Merge{"t-2", "acme-corp-8"}, c)) == "conflict");
  BOOST_TEST(code_of(when(opened(), Merge{"t-2", "acme-"}, c)) == "conflict");
}

BOOST_AUTO_TEST_CASE(receive_merge_copies_messages_once_onto_the_target) {
  const Context c = ctx(agent());
  const std::vector<Message> copied = {
      Message{"s-1", author_of(carl()), false, "me too", kOpenedAt - hours{1}}};
  const auto result = when(opened(), ReceiveMerge{"t-3", "acme-9", copied}, c);
  BOOST_TEST(describe(result) == describe(expected(c, {MergeReceived{"t-3", "acme-9", copied}})));
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  const std::vector<Event> merged = with(opened(), (*result)[0]);
  const auto again = when(merged, ReceiveMerge{"t-3", "acme-9", copied}, c);
  BOOST_TEST_REQUIRE(code_of(again) == "ok");
  BOOST_TEST(again->empty());
  BOOST_TEST(fields_of(when(opened(), ReceiveMerge{"t-1", "acme-7", {}}, c)) ==
             (std::vector<std::string>{"from"}));
  BOOST_TEST(code_of(when(opened(), ReceiveMerge{"t-3", "globex-9", {}}, c)) == "conflict");
}

BOOST_AUTO_TEST_CASE(a_merged_ticket_is_visible_on_the_target_to_customers_of_the_tenant) {
  // Carl's ticket merged into Ann's: Ann sees Carl's public message on hers.
  const Message carls{"s-1", author_of(carl()), false, "same problem", kOpenedAt};
  const TicketState target = fold(with(
      opened(), event(kOpenedAt + hours{1}, agent(), MergeReceived{"t-3", "acme-9", {carls}})));
  BOOST_TEST(visible_to(target, ann()));
  BOOST_TEST(target.messages.size() == 2u);
  BOOST_TEST(message_visible_to(target.messages[1], ann()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
