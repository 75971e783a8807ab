// Held mail: a reply whose sender could not be verified is an internal note
// with `held`; an agent accepts it as the requester's reply, once.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "domain/decide.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

const Attachment kPhoto{"att_1", "photo.png", 2048, "image/png", std::string(64, 'a')};

// t-1 in `status`, with the gateway's held note "h-1" claiming to be Ann.
std::vector<Event> with_held(Status status = Status::kInProgress) {
  PostMessage held{"h-1", "Please refund to IBAN XX00", true, {kPhoto}, {}};
  held.held = HeldMail{"ann@acme.test", "Ann", "dmarc=fail (mx.test)", {}};
  const Context gateway = ctx(admin(), kOpenedAt + minutes{20});
  std::vector<Event> history = in_status(status);
  const auto posted = decide(held, fold(history), gateway);
  BOOST_TEST_REQUIRE(posted.has_value(), describe(posted));
  for (const Event& e : *posted) history.push_back(e);
  return history;
}

BOOST_AUTO_TEST_SUITE(decide_held_test)

BOOST_AUTO_TEST_CASE(a_held_mail_is_an_internal_note_that_customers_never_see) {
  const TicketState s = fold(with_held());
  const Message& note = s.messages.back();
  BOOST_TEST(note.internal);
  BOOST_TEST_REQUIRE(note.mail->held.has_value());
  BOOST_TEST(note.mail->held->reason == "dmarc=fail (mx.test)");
  BOOST_TEST(note.mail->held->accepted_as.empty());
  BOOST_TEST(!message_visible_to(note, ann()));
  BOOST_TEST(s.public_message_count == 1u);
}

BOOST_AUTO_TEST_CASE(a_held_mail_must_be_internal) {
  PostMessage held{"h-2", "text", false, {}, HeldMail{"ann@acme.test", "", "why", {}}};
  const auto result = when(in_status(Status::kInProgress), held, ctx(admin()));
  BOOST_TEST(code_of(result) == "validation");
}

BOOST_AUTO_TEST_CASE(accepting_posts_the_requesters_reply_with_the_mails_words_and_files) {
  const Context c = ctx(agent(), kOpenedAt + minutes{30});
  const auto result = when(with_held(), AcceptHeldMessage{"h-1", "m-5"}, c);
  MessagePosted reply;
  reply.message_id = "m-5";
  reply.author = Author{"u-1", "Ann", Role::kCustomer};
  reply.body = "Please refund to IBAN XX00";
  reply.attachments = {kPhoto};
  reply.accepted_from = "h-1";
  const auto want = expected(c, {reply});
  BOOST_TEST(describe(result) == describe(want));
  BOOST_TEST_REQUIRE((result && *result == want));

  // The state before is a copy sharing the held note's mail parts: evolving
  // the copy must not change it.
  const TicketState before = fold(with_held());
  const TicketState after = evolve(TicketState(before), result->front());
  BOOST_TEST(after.messages[after.messages.size() - 2].mail->held->accepted_as == "m-5");
  BOOST_TEST(before.messages.back().mail->held->accepted_as.empty());
  BOOST_TEST(message_visible_to(after.messages.back(), ann()));
  BOOST_TEST(after.public_message_count == 2u);
  // The requester's words are no first response.
  BOOST_TEST(!after.first_response_at.has_value());
}

BOOST_AUTO_TEST_CASE(accepting_reopens_a_ticket_as_the_customers_own_reply_would) {
  for (Status status : {Status::kWaitingOnCustomer, Status::kResolved}) {
    const Context c = ctx(agent(), kOpenedAt + minutes{30});
    const auto result = when(with_held(status), AcceptHeldMessage{"h-1", "m-5"}, c);
    BOOST_TEST_REQUIRE(result.has_value(), describe(result));
    BOOST_TEST_REQUIRE(result->size() == 2u);
    BOOST_TEST(((std::get<StatusChanged>(result->back().body) ==
                 StatusChanged{status, Status::kOpen, "customer_reply"})));
  }
}

BOOST_AUTO_TEST_CASE(a_held_mail_is_accepted_once) {
  const Context c = ctx(agent(), kOpenedAt + minutes{30});
  const auto first = when(with_held(), AcceptHeldMessage{"h-1", "m-5"}, c);
  BOOST_TEST_REQUIRE(first.has_value());
  const auto again = when(with(with_held(), first->front()), AcceptHeldMessage{"h-1", "m-6"}, c);
  BOOST_TEST(code_of(again) == "conflict");
  BOOST_TEST(again.error().message.find("m-5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_a_held_mail_can_be_accepted) {
  const Context c = ctx(agent());
  BOOST_TEST(code_of(when(with_held(), AcceptHeldMessage{"m-1", "m-5"}, c)) == "not_found");
  BOOST_TEST(code_of(when(with_held(), AcceptHeldMessage{"h-9", "m-5"}, c)) == "not_found");
  BOOST_TEST(code_of(when(with_held(), AcceptHeldMessage{"h-1", "m-1"}, c)) == "conflict");
}

BOOST_AUTO_TEST_CASE(only_staff_accept_and_a_closed_ticket_takes_none) {
  const auto by = [](const Actor& a) {
    return code_of(when(with_held(), AcceptHeldMessage{"h-1", "m-5"}, ctx(a)));
  };
  BOOST_TEST(by(ann()) == "forbidden");
  BOOST_TEST(by(acme_admin()) == "forbidden");
  BOOST_TEST(by(system_actor()) == "forbidden");
  BOOST_TEST(by(admin()) == "ok");
  std::vector<Event> closed = with_held(Status::kResolved);
  closed.push_back(event(kOpenedAt + minutes{40}, agent(),
                         StatusChanged{Status::kResolved, Status::kClosed, ""}));
  BOOST_TEST(code_of(when(closed, AcceptHeldMessage{"h-1", "m-5"}, ctx(agent()))) ==
             "ticket_closed");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
