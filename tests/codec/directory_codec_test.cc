// codec: the directory's and webhooks' events through an envelope and back;
// the envelope names the tenant the event is about, and a webhook's deletion
// keeps its tenant there rather than in its data.
#include "codec/directory_codec.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/codec/stored_envelope.h"

namespace ticketd::codec {
namespace {

using namespace domain;

const Instant kAt{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
const EventMeta kMeta{kAt, "admin-1", Role::kAdmin};

using codec::testing::stored;

}  // namespace

BOOST_AUTO_TEST_SUITE(directory_codec_test)

BOOST_AUTO_TEST_CASE(directory_events_name_their_tenant_and_read_back) {
  const Actor holder{"u-1", Role::kCustomer, "acme", "cleo@acme.test", "Cleo"};
  const std::pair<DirectoryEventBody, std::string> cases[] = {
      {TenantCreated{"acme", "Acme"}, "acme"},
      {TenantSettingsChanged{"acme", TenantSettings{}}, "acme"},
      {AgentChanged{"agent-7", true, 3}, ""},
      {TokenIssued{"tok_1", holder, "abc"}, "acme"},
      {TokenRevoked{"tok_1"}, ""},
      {TenantLogoSet{"acme", TenantLogo{std::string(64, 'a'), "image/png", 68}}, "acme"},
      {TenantLogoRemoved{"acme"}, "acme"}};
  for (const auto& [body, tenant] : cases) {
    const eventstore::NewEvent written = to_new_event(DirectoryEvent{kMeta, 0, body}, "d-1");
    BOOST_TEST(written.event_id == "d-1");
    BOOST_TEST(written.type == directory_event_type(body));
    BOOST_TEST(written.tenant == tenant, written.type);
    BOOST_TEST(written.actor.id == "admin-1");
    BOOST_TEST(written.actor.role == "admin");
    auto back = to_directory_event(stored(written, 7));
    BOOST_TEST_REQUIRE(back.has_value(), written.type);
    BOOST_TEST(back->position == 7u);
    BOOST_TEST((back->meta == kMeta));
    BOOST_TEST(back->body.index() == body.index());
  }
}

BOOST_AUTO_TEST_CASE(a_token_holders_scope_round_trips_and_is_absent_for_the_platform) {
  Actor scoped{"u-2", Role::kTenantAdmin, "", "tara@support.test", "Tara"};
  scoped.scope = {"acme", "globex"};
  const Actor platform{"u-3", Role::kAgent, "", "al@support.test", "Al"};
  for (const Actor& holder : {scoped, platform}) {
    const TokenIssued issued{"tok_2", holder, "hash"};
    const eventstore::NewEvent written =
        to_new_event(DirectoryEvent{kMeta, 0, TokenIssued{issued}}, "d-2");
    BOOST_TEST(written.tenant == "");  // staff tokens belong to no tenant
    BOOST_TEST((written.data.find("\"scope\"") != std::string::npos) == !holder.scope.empty(),
               written.data);
    auto back = to_directory_event(stored(written, 9));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((std::get<TokenIssued>(back->body) == issued));
  }
  // An envelope written before scopes existed decodes unchanged: platform.
  eventstore::NewEvent old =
      to_new_event(DirectoryEvent{kMeta, 0, TokenIssued{"tok_4", platform, "hash"}}, "d-4");
  old.data =
      R"({"id":"tok_4","role":"admin","tenant":"","user_id":"u-4","email":"","name":"Ada","secret_sha256":"h"})";
  auto back = to_directory_event(stored(old, 10));
  BOOST_TEST_REQUIRE(back.has_value());
  const TokenIssued& read = std::get<TokenIssued>(back->body);
  BOOST_TEST(read.holder.scope.empty());
  BOOST_TEST(to_string(read.holder.role) == "admin");
}

BOOST_AUTO_TEST_CASE(a_webhook_deletion_keeps_its_tenant_on_the_envelope) {
  const eventstore::NewEvent written =
      to_new_event(WebhookEvent{kMeta, 0, WebhookDeleted{"wh_1", "acme"}}, "w-1");
  BOOST_TEST(written.tenant == "acme");
  BOOST_TEST(written.data == R"({"id":"wh_1"})");
  auto back = to_webhook_event(stored(written, 3));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((std::get<WebhookDeleted>(back->body) == WebhookDeleted{"wh_1", "acme"}));
}

BOOST_AUTO_TEST_CASE(an_undecodable_event_names_its_log_position) {
  eventstore::Envelope env;
  env.position = 12;
  env.type = "TenantCreated";
  env.data = "{}";
  auto r = to_directory_event(env);
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST((r.error().code == ErrorCode::kInternal));
  BOOST_TEST(r.error().message.find("log position 12") != std::string::npos, r.error().message);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::codec
