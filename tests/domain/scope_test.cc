// Staff scoped to tenants: in_scope (types.h), visible_to and decide()
// (decide.h) for scoped agents and tenant_admins, and the directory's and
// webhooks' rules for them (directory.h, webhooks.h).
#include <boost/test/unit_test.hpp>

#include "domain/directory.h"
#include "domain/directory_json.h"
#include "domain/webhooks.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

Actor scoped(Role role, std::vector<std::string> scope) {
  Actor a{"s-1", role, "", "sam@support.test", "Sam"};
  a.scope = std::move(scope);
  return a;
}

std::vector<std::string> fields(const Error& e) {
  std::vector<std::string> out;
  for (const FieldError& f : e.fields) out.push_back(f.field);
  return out;
}

TenantsState two_tenants() {
  TenantsState s;
  for (const char* slug : {"acme", "globex"}) s.tenants[slug] = Tenant{slug, slug, {}, {}, {}};
  return s;
}

Context by(const Actor& actor) { return Context{actor, kOpenedAt, {}}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(scope_test)

BOOST_AUTO_TEST_CASE(in_scope_by_role) {
  // Platform staff (empty scope) and the system reach every tenant.
  BOOST_TEST(in_scope(agent(), "acme"));
  BOOST_TEST(in_scope(admin(), "globex"));
  BOOST_TEST(in_scope(system_actor(), "acme"));
  // Scoped staff reach their scope only.
  for (Role role : {Role::kAgent, Role::kAdmin, Role::kTenantAdmin}) {
    const Actor a = scoped(role, {"acme", "initech"});
    BOOST_TEST(in_scope(a, "acme"));
    BOOST_TEST(in_scope(a, "initech"));
    BOOST_TEST(!in_scope(a, "globex"));
    BOOST_TEST(!in_scope(a, ""));
    BOOST_TEST(!in_scope(a, "acm"));
  }
  // A tenant_admin without a scope reaches nothing (never platform-wide).
  BOOST_TEST(!in_scope(scoped(Role::kTenantAdmin, {}), "acme"));
  // Customers: their tenant, whatever a scope says.
  Actor c = ann();
  c.scope = {"globex"};
  BOOST_TEST(in_scope(c, "acme"));
  BOOST_TEST(!in_scope(c, "globex"));
  BOOST_TEST(!in_scope(globex_admin(), "acme"));
}

BOOST_AUTO_TEST_CASE(platform_means_an_unscoped_agent_or_admin) {
  BOOST_TEST(is_platform(agent()));
  BOOST_TEST(is_platform(admin()));
  BOOST_TEST(is_platform(system_actor()));
  BOOST_TEST(!is_platform(scoped(Role::kAgent, {"acme"})));
  BOOST_TEST(!is_platform(scoped(Role::kAdmin, {"acme"})));
  BOOST_TEST(!is_platform(scoped(Role::kTenantAdmin, {"acme"})));
  BOOST_TEST(!is_platform(scoped(Role::kTenantAdmin, {})));
  BOOST_TEST(!is_platform(acme_admin()));
}

BOOST_AUTO_TEST_CASE(tenant_admin_is_a_staff_role_with_its_wire_name) {
  BOOST_TEST(to_string(Role::kTenantAdmin) == "tenant_admin");
  BOOST_TEST((parse_role("tenant_admin") == Role::kTenantAdmin));
  BOOST_TEST(is_staff(Role::kTenantAdmin));
  BOOST_TEST(works_tickets(Role::kTenantAdmin));
  BOOST_TEST(!is_customer(Role::kTenantAdmin));
  BOOST_TEST(!works_tickets(Role::kSystem));
}

BOOST_AUTO_TEST_CASE(scoped_staff_see_tickets_of_their_scope_only) {
  const TicketState acme_ticket = fold(opened());
  BOOST_TEST(visible_to(acme_ticket, scoped(Role::kAgent, {"acme"})));
  BOOST_TEST(visible_to(acme_ticket, scoped(Role::kTenantAdmin, {"acme", "globex"})));
  BOOST_TEST(!visible_to(acme_ticket, scoped(Role::kAgent, {"globex"})));
  BOOST_TEST(!visible_to(acme_ticket, scoped(Role::kTenantAdmin, {"globex"})));
  BOOST_TEST(!visible_to(acme_ticket, scoped(Role::kAdmin, {"globex"})));
  BOOST_TEST(!visible_to(acme_ticket, scoped(Role::kTenantAdmin, {})));
  // Internal notes are for every staff role.
  const Message note{"n-1", author_of(agent()), true, "internal", kOpenedAt};
  BOOST_TEST(message_visible_to(note, scoped(Role::kTenantAdmin, {"acme"})));
}

BOOST_AUTO_TEST_CASE(commands_out_of_scope_are_not_found_exactly_as_missing_tickets) {
  const std::vector<Event> working = in_status(Status::kInProgress);
  const Actor outside = scoped(Role::kTenantAdmin, {"globex"});
  const std::vector<Command> commands = {
      PostMessage{"m-2", "hi", true},  Assign{"agent-9"}, ChangeStatus{Status::kResolved, {}, ""},
      ChangePriority{Priority::kHigh}, Tag{{"vip"}, {}},  Escalate{"why"},
      RateSatisfaction{5, ""}};
  for (const Command& c : commands) {
    const auto hidden = when(working, c, ctx(outside));
    const auto missing = when({}, c, ctx(outside));
    BOOST_TEST(code_of(hidden) == "not_found");
    BOOST_TEST(hidden.error().message == missing.error().message);
  }
}

BOOST_AUTO_TEST_CASE(a_tenant_admin_works_tickets_of_its_scope_like_an_agent) {
  const std::vector<Event> working = in_status(Status::kInProgress);
  const Actor inside = scoped(Role::kTenantAdmin, {"acme"});
  for (const Command& c :
       std::vector<Command>{PostMessage{"m-2", "hi", true}, PostMessage{"m-3", "hi", false},
                            Assign{"agent-9"}, ChangeStatus{Status::kResolved, {}, ""},
                            ChangePriority{Priority::kHigh}, ChangeCategory{Category::kBug},
                            Tag{{"vip"}, {}}, Escalate{"why"}, Merge{"t-2", "acme-8"}}) {
    const auto out = when(working, c, ctx(inside));
    BOOST_TEST(code_of(out) == "ok", describe(out));
  }
  // ... but not what only customers or the system do.
  BOOST_TEST(code_of(when(in_status(Status::kResolved), RateSatisfaction{5, ""}, ctx(inside))) ==
             "forbidden");
  BOOST_TEST(code_of(when(working, AutoClose{}, ctx(inside))) == "forbidden");
}

BOOST_AUTO_TEST_CASE(a_tenant_admins_public_reply_is_a_first_response) {
  const Actor inside = scoped(Role::kTenantAdmin, {"acme"});
  const TicketState s =
      fold(with(opened(), event(kOpenedAt + hours{1}, inside,
                                MessagePosted{"m-2", author_of(inside), "On it", false})));
  BOOST_TEST(s.first_response_at.has_value());
}

BOOST_AUTO_TEST_CASE(opening_for_a_tenant_out_of_scope_answers_as_an_unknown_tenant) {
  OpenTicket open;
  open.ticket_id = "t-5";
  open.first_message_id = "m-5";
  open.tenant = "acme";
  open.requester = ann_requester();
  open.subject = "Phone call";
  open.description = "Called in";
  const auto refused = when({}, open, ctx(scoped(Role::kAgent, {"globex"})));
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(to_string(refused.error().code) == "validation");
  BOOST_TEST(fields(refused.error()) == std::vector<std::string>{"tenant"});
  BOOST_TEST(code_of(when({}, open, ctx(scoped(Role::kTenantAdmin, {"acme"})))) == "ok");
  BOOST_TEST(code_of(when({}, open, ctx(agent()))) == "ok");
}

BOOST_AUTO_TEST_CASE(tenant_admins_configure_their_tenants_only) {
  const TenantsState s = two_tenants();
  const Actor ta = scoped(Role::kTenantAdmin, {"acme"});
  BOOST_TEST(decide(SetTenantSla{"acme", SlaPolicy::defaults()}, s, by(ta)).has_value());
  BOOST_TEST(decide(SetTenantSettings{"acme", TenantSettings{}}, s, by(ta)).has_value());
  // Another tenant answers as an unknown one.
  const auto other = decide(SetTenantSla{"globex", SlaPolicy::defaults()}, s, by(ta));
  const auto unknown = decide(SetTenantSla{"nope", SlaPolicy::defaults()}, s, by(ta));
  BOOST_TEST((other.error().code == ErrorCode::kNotFound));
  BOOST_TEST(other.error().message == unknown.error().message);
  BOOST_TEST((decide(SetTenantSettings{"globex", TenantSettings{}}, s, by(ta)).error().code ==
              ErrorCode::kNotFound));
  // Agents configure nothing, scoped or not.
  BOOST_TEST((decide(SetTenantSla{"acme", SlaPolicy::defaults()}, s, by(agent())).error().code ==
              ErrorCode::kForbidden));
  // The platform's decisions stay the platform's.
  for (const Actor& a : {ta, scoped(Role::kAdmin, {"acme"})}) {
    BOOST_TEST(!may_administer(a));
    BOOST_TEST((decide(CreateTenant{"initech", "Initech"}, s, by(a)).error().code ==
                ErrorCode::kForbidden));
    BOOST_TEST((decide(SetAgent{"agent-1", true, {}}, AgentsState{}, by(a)).error().code ==
                ErrorCode::kForbidden));
    BOOST_TEST((decide(IssueToken{"tok_1", agent(), "h"}, TokensState{}, by(a)).error().code ==
                ErrorCode::kForbidden));
    // Somebody else's token is as missing as an unknown one (their own
    // personal tokens they may revoke).
    BOOST_TEST(
        (decide(RevokeToken{"tok_1"}, TokensState{}, by(a)).error().code == ErrorCode::kNotFound));
  }
  BOOST_TEST(may_administer(admin()));
}

BOOST_AUTO_TEST_CASE(token_holders_and_their_scope) {
  const Context platform = by(admin());
  auto issue = [&](const Actor& holder) {
    return decide(IssueToken{"tok_1", holder, "h-1"}, TokensState{}, platform);
  };
  BOOST_TEST(issue(scoped(Role::kTenantAdmin, {"acme"})).has_value());
  BOOST_TEST(issue(scoped(Role::kAgent, {"acme", "globex"})).has_value());
  BOOST_TEST(issue(scoped(Role::kAdmin, {"acme"})).has_value());
  BOOST_TEST(issue(scoped(Role::kAgent, {})).has_value());
  BOOST_TEST(fields(issue(scoped(Role::kTenantAdmin, {})).error()) ==
             std::vector<std::string>{"scope"});
  Actor customer = ann();
  customer.scope = {"acme"};
  BOOST_TEST(fields(issue(customer).error()) == std::vector<std::string>{"scope"});
  BOOST_TEST(fields(issue(scoped(Role::kAgent, {"globex", "acme"})).error()) ==
             std::vector<std::string>{"scope"});
  BOOST_TEST(fields(issue(scoped(Role::kAgent, {"acme", "acme"})).error()) ==
             std::vector<std::string>{"scope"});
  BOOST_TEST(fields(issue(scoped(Role::kAgent, {"Not A Slug"})).error()) ==
             std::vector<std::string>{"scope"});
  // The scope is kept with the token.
  auto issued = issue(scoped(Role::kTenantAdmin, {"acme"}));
  TokensState tokens = evolve(TokensState{}, issued->front());
  BOOST_TEST(tokens.by_secret_sha256.at("h-1").actor.scope == std::vector<std::string>{"acme"});
}

BOOST_AUTO_TEST_CASE(tenant_admins_manage_their_tenants_webhooks_only) {
  const Actor ta = scoped(Role::kTenantAdmin, {"acme"});
  const CreateWebhook acme{"wh_1", "https://hooks.acme.test/in", {"*"}, "acme", "fp"};
  auto created = decide(acme, WebhooksState{}, by(ta));
  BOOST_TEST_REQUIRE(created.has_value());
  WebhooksState hooks = evolve(WebhooksState{}, created->front());
  CreateWebhook globex = acme;
  globex.id = "wh_2";
  globex.tenant = "globex";
  BOOST_TEST(fields(decide(globex, hooks, by(ta)).error()) == std::vector<std::string>{"tenant"});
  CreateWebhook every = acme;
  every.id = "wh_3";
  every.tenant = "";
  BOOST_TEST((decide(every, hooks, by(ta)).error().code == ErrorCode::kForbidden));
  BOOST_TEST((decide(acme, WebhooksState{}, by(agent())).error().code == ErrorCode::kForbidden));
  auto platform_hook = decide(every, hooks, by(admin()));
  BOOST_TEST_REQUIRE(platform_hook.has_value());
  hooks = evolve(std::move(hooks), platform_hook->front());
  // Another scope's hook, or the platform's, is as missing as an unknown one.
  BOOST_TEST(!webhook_in_scope(hooks.hooks.at("wh_3"), ta));
  BOOST_TEST(webhook_in_scope(hooks.hooks.at("wh_1"), ta));
  BOOST_TEST((decide(DeleteWebhook{"wh_3"}, hooks, by(ta)).error().code == ErrorCode::kNotFound));
  BOOST_TEST((decide(DeleteWebhook{"wh_1"}, hooks, by(scoped(Role::kTenantAdmin, {"globex"})))
                  .error()
                  .code == ErrorCode::kNotFound));
  BOOST_TEST(decide(DeleteWebhook{"wh_1"}, hooks, by(ta)).has_value());
}

BOOST_AUTO_TEST_CASE(a_token_reads_back_with_its_scope_and_without_one) {
  TokenIssued scoped_token{"tok_1", scoped(Role::kTenantAdmin, {"acme", "globex"}), "h"};
  const std::string data = encode_directory_event_data(scoped_token);
  BOOST_TEST(data.find(R"("scope":["acme","globex"])") != std::string::npos, data);
  auto back = decode_directory_event_data("TokenIssued", data);
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((std::get<TokenIssued>(*back) == scoped_token));

  TokenIssued platform{"tok_2", agent(), "h2"};
  const std::string plain = encode_directory_event_data(platform);
  BOOST_TEST(plain.find("scope") == std::string::npos, plain);
  // A token stored before scopes existed reads as platform-wide.
  auto old = decode_directory_event_data(
      "TokenIssued",
      R"({"id":"tok_3","role":"agent","tenant":"","user_id":"a","email":"","name":"A","secret_sha256":"h"})");
  BOOST_TEST_REQUIRE(old.has_value());
  BOOST_TEST(std::get<TokenIssued>(*old).holder.scope.empty());
  BOOST_TEST(!decode_directory_event_data(
                  "TokenIssued", R"({"id":"t","role":"agent","scope":"acme","secret_sha256":"h"})")
                  .has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
