// codec: the accounts' and sign-ins' events through an envelope and back,
// each equal to what was written; the envelope names a customer's tenant.
#include "codec/account_codec.h"

#include <boost/test/unit_test.hpp>

#include "tests/codec/stored_envelope.h"

namespace ticketd::codec {
namespace {

using namespace domain;
using codec::testing::stored;

const Instant kAt{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
const EventMeta kMeta{kAt, "admin-1", Role::kAdmin};

}  // namespace

BOOST_AUTO_TEST_SUITE(account_codec_test)

BOOST_AUTO_TEST_CASE(account_events_read_back_equal) {
  const std::pair<AccountEventBody, std::string> cases[] = {
      {AccountInvited{"acc_1", "ida@x.test", "Ida", Role::kTenantAdmin, "", {"acme", "globex"}},
       ""},
      {AccountInvited{"acc_2", "ann@acme.test", "Ann", Role::kCustomer, "acme", {}}, "acme"},
      {AccountRegistered{"acc_3", "dora@acme.test", "", "acme"}, "acme"},
      {AccountActivated{"acc_1"}, ""},
      {PasswordSet{"acc_1", "invitation"}, ""},
      {AccountEmailChanged{"acc_1", "ida@y.test"}, ""},
      {AccountRenamed{"acc_1", "Ida Ä"}, ""},
      {AccountRoleChanged{"acc_1", Role::kAgent, "", {}}, ""},
      {AccountDisabled{"acc_1"}, ""},
      {AccountEnabled{"acc_1"}, ""},
      {SessionsRevoked{"acc_1", "reset"}, ""},
      {AccountLanguageChanged{"acc_1", "de"}, ""},
      {AccountLanguageChanged{"acc_1", ""}, ""}};
  for (const auto& [body, tenant] : cases) {
    const eventstore::NewEvent written = to_new_event(AccountEvent{kMeta, 0, body}, "a-1");
    BOOST_TEST(written.type == account_event_type(body));
    BOOST_TEST(written.tenant == tenant, written.type);
    auto back = to_account_event(stored(written, 9));
    BOOST_TEST_REQUIRE(back.has_value(), written.type);
    BOOST_TEST(back->position == 9u);
    BOOST_TEST((back->meta == kMeta));
    BOOST_TEST((back->body == body), written.type);
  }
}

BOOST_AUTO_TEST_CASE(sign_in_events_read_back_equal) {
  const SignInEventBody cases[] = {
      SignedIn{"acc_1", "ses_1", "password", "10.0.0.1"}, SignedOut{"acc_1", "ses_1"},
      SignInFailed{"Who@x.test", "acme", "10.0.0.1", "invalid_credentials"},
      SignInLocked{"who@x.test", "", "10.0.0.1", kAt + Millis(30000)},
      SignInLinkSent{"", "dora@acme.test", "acme", "magic_link"}};
  for (const SignInEventBody& body : cases) {
    const eventstore::NewEvent written = to_new_event(SignInEvent{kMeta, 0, body}, "a-2");
    BOOST_TEST(written.type == sign_in_event_type(body));
    auto back = to_sign_in_event(stored(written, 4));
    BOOST_TEST_REQUIRE(back.has_value(), written.type);
    BOOST_TEST((back->body == body), written.type);
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_type_or_a_missing_id_does_not_decode) {
  eventstore::Envelope env;
  env.position = 5;
  env.type = "AccountDisabled";
  env.data = R"({"name":"x"})";
  BOOST_TEST(!to_account_event(env).has_value());
  env.type = "AccountExploded";
  env.data = R"({"id":"acc_1"})";
  auto r = to_account_event(env);
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().message.find("log position 5") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::codec
