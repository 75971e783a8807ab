// The directory's and webhooks' rules, given/when/then: a stream's state
// (folded from events), a command, and the events or the error decided.
#include "domain/directory.h"

#include <boost/test/unit_test.hpp>

#include "domain/directory_json.h"
#include "domain/webhooks.h"

namespace ticketd::domain {
namespace {

const Actor kAdmin{"admin-1", Role::kAdmin, "", "", "Ada"};
const Actor kAgent{"agent-1", Role::kAgent, "", "", "Al"};
const Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
const Context kByAdmin{kAdmin, kT0, {}};

template <class State, class Event>
State given(std::vector<Event> events) {
  State s;
  for (const Event& e : events) s = evolve(std::move(s), e);
  return s;
}

DirectoryEvent event(DirectoryEventBody body) {
  return DirectoryEvent{{kT0, "admin-1", Role::kAdmin}, 0, body};
}

std::vector<std::string> fields(const Error& e) {
  std::vector<std::string> out;
  for (const FieldError& f : e.fields) out.push_back(f.field);
  return out;
}

Actor customer(std::string tenant, std::string email) {
  return Actor{"u-1", Role::kCustomer, std::move(tenant), std::move(email), "Cleo"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(directory_test)

BOOST_AUTO_TEST_CASE(a_tenant_is_created_once_with_a_valid_slug_and_name) {
  const auto none = given<TenantsState, DirectoryEvent>({});
  auto made = decide(CreateTenant{"acme", "Acme Inc"}, none, kByAdmin);
  BOOST_TEST_REQUIRE(made.has_value());
  BOOST_TEST_REQUIRE(made->size() == 1u);
  BOOST_TEST((std::get<TenantCreated>(made->front().body) == TenantCreated{"acme", "Acme Inc"}));
  BOOST_TEST(made->front().meta.actor_id == "admin-1");

  const TenantsState acme = given<TenantsState>(*made);
  BOOST_TEST((acme.tenants.at("acme").created_at == kT0));
  auto again = decide(CreateTenant{"acme", "Acme again"}, acme, kByAdmin);
  BOOST_TEST_REQUIRE(!again.has_value());
  BOOST_TEST((again.error().code == ErrorCode::kConflict));

  for (const char* slug :
       {"", "-acme", "Acme", "ac me", "a_b", "x123456789x123456789x123456789x123456789x"}) {
    auto bad = decide(CreateTenant{slug, "Acme"}, none, kByAdmin);
    BOOST_TEST_REQUIRE(!bad.has_value(), slug);
    BOOST_TEST((fields(bad.error()) == std::vector<std::string>{"slug"}), slug);
  }
  for (const char* name : {"", "   ", "two\nlines"}) {
    auto bad = decide(CreateTenant{"acme", name}, none, kByAdmin);
    BOOST_TEST_REQUIRE(!bad.has_value());
    BOOST_TEST((fields(bad.error()) == std::vector<std::string>{"name"}));
  }
}

BOOST_AUTO_TEST_CASE(only_admins_and_the_system_change_the_directory) {
  const TenantsState none;
  const Context by_agent{kAgent, kT0, {}};
  auto refused = decide(CreateTenant{"acme", "Acme"}, none, by_agent);
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST((refused.error().code == ErrorCode::kForbidden));
  // Another's token (or none) is as missing as an unknown one.
  BOOST_TEST(
      (decide(RevokeToken{"tok_1"}, TokensState{}, by_agent).error().code == ErrorCode::kNotFound));
  BOOST_TEST((decide(DeleteWebhook{"wh_1"}, WebhooksState{}, by_agent).error().code ==
              ErrorCode::kForbidden));
  const Context by_system{Actor{"ticketctl", Role::kSystem, "", "", ""}, kT0, {}};
  BOOST_TEST(decide(CreateTenant{"acme", "Acme"}, none, by_system).has_value());
}

BOOST_AUTO_TEST_CASE(policy_and_settings_changes_need_the_tenant_and_replace_the_whole_part) {
  const auto acme = given<TenantsState>(std::vector{event(TenantCreated{"acme", "Acme"})});
  SlaPolicy policy = SlaPolicy::defaults();
  policy.targets[static_cast<std::size_t>(Priority::kUrgent)].resolution = std::chrono::hours(2);
  auto sla = decide(SetTenantSla{"acme", policy}, acme, kByAdmin);
  BOOST_TEST_REQUIRE(sla.has_value());
  TenantSettings settings;
  settings.auto_assign = {Category::kBug};
  auto set = decide(SetTenantSettings{"acme", settings}, acme, kByAdmin);
  BOOST_TEST_REQUIRE(set.has_value());

  TenantsState after = evolve(evolve(acme, sla->front()), set->front());
  BOOST_TEST((after.tenants.at("acme").policy == policy));
  BOOST_TEST((after.tenants.at("acme").settings == settings));

  BOOST_TEST((decide(SetTenantSla{"globex", policy}, acme, kByAdmin).error().code ==
              ErrorCode::kNotFound));
  BOOST_TEST((decide(SetTenantSettings{"globex", settings}, acme, kByAdmin).error().code ==
              ErrorCode::kNotFound));
  // An event about a tenant the state lacks changes nothing.
  TenantsState same = evolve(acme, event(TenantSettingsChanged{"globex", settings}));
  BOOST_TEST(same.tenants.size() == 1u);
}

BOOST_AUTO_TEST_CASE(agents_are_set_whole_and_named_by_a_clean_id) {
  auto set = decide(SetAgent{"agent-7", true, 3}, AgentsState{}, kByAdmin);
  BOOST_TEST_REQUIRE(set.has_value());
  AgentsState agents = given<AgentsState>(*set);
  BOOST_TEST((agents.agents.at("agent-7") == Agent{"agent-7", true, 3, kT0}));
  agents = evolve(std::move(agents), event(AgentChanged{"agent-7", false, std::nullopt}));
  BOOST_TEST((agents.agents.at("agent-7") == Agent{"agent-7", false, std::nullopt, kT0}));
  for (std::string id : {std::string(), std::string(129, 'a'), std::string("a\tb")}) {
    auto bad = decide(SetAgent{id, true, std::nullopt}, agents, kByAdmin);
    BOOST_TEST_REQUIRE(!bad.has_value());
    BOOST_TEST((fields(bad.error()) == std::vector<std::string>{"id"}));
  }
}

BOOST_AUTO_TEST_CASE(tokens_are_issued_to_valid_holders_and_revoked_once) {
  auto issued = decide(IssueToken{"tok_1", customer("acme", "cleo@acme.test"), "hash-1"},
                       TokensState{}, kByAdmin);
  BOOST_TEST_REQUIRE(issued.has_value());
  TokensState tokens = given<TokensState>(*issued);
  BOOST_TEST(tokens.by_secret_sha256.at("hash-1").actor.email == "cleo@acme.test");
  BOOST_TEST(tokens.secret_sha256_by_id.at("tok_1") == "hash-1");

  // The same id or secret hash twice is refused.
  BOOST_TEST((decide(IssueToken{"tok_1", kAgent, "hash-2"}, tokens, kByAdmin).error().code ==
              ErrorCode::kConflict));
  BOOST_TEST((decide(IssueToken{"tok_2", kAgent, "hash-1"}, tokens, kByAdmin).error().code ==
              ErrorCode::kConflict));

  // Holders: customers need a tenant and an email, staff have no tenant.
  auto no_tenant =
      decide(IssueToken{"tok_3", customer("", "cleo@acme.test"), "h3"}, tokens, kByAdmin);
  BOOST_TEST((fields(no_tenant.error()) == std::vector<std::string>{"tenant"}));
  auto no_email = decide(IssueToken{"tok_3", customer("acme", ""), "h3"}, tokens, kByAdmin);
  BOOST_TEST((fields(no_email.error()) == std::vector<std::string>{"user.email"}));
  Actor staff_with_tenant = kAgent;
  staff_with_tenant.tenant = "acme";
  auto staff = decide(IssueToken{"tok_3", staff_with_tenant, "h3"}, tokens, kByAdmin);
  BOOST_TEST((fields(staff.error()) == std::vector<std::string>{"tenant"}));
  Actor system{"s", Role::kSystem, "", "", ""};
  BOOST_TEST((fields(decide(IssueToken{"tok_3", system, "h3"}, tokens, kByAdmin).error()) ==
              std::vector<std::string>{"role"}));

  auto revoked = decide(RevokeToken{"tok_1"}, tokens, kByAdmin);
  BOOST_TEST_REQUIRE(revoked.has_value());
  tokens = evolve(std::move(tokens), revoked->front());
  BOOST_TEST(tokens.by_secret_sha256.empty());
  BOOST_TEST(tokens.secret_sha256_by_id.empty());
  BOOST_TEST((decide(RevokeToken{"tok_1"}, tokens, kByAdmin).error().code == ErrorCode::kNotFound));
}

BOOST_AUTO_TEST_CASE(webhooks_need_a_web_url_and_events_and_are_deleted_once) {
  const CreateWebhook good{"wh_1", "https://hooks.acme.test/in", {"TicketOpened"}, "acme", "fp"};
  auto created = decide(good, WebhooksState{}, kByAdmin);
  BOOST_TEST_REQUIRE(created.has_value());
  WebhookEvent stored = created->front();
  stored.position = 42;
  WebhooksState hooks = evolve(WebhooksState{}, stored);
  BOOST_TEST(hooks.hooks.at("wh_1").created_position == 42u);
  BOOST_TEST(hooks.hooks.at("wh_1").tenant == "acme");
  BOOST_TEST((decide(good, hooks, kByAdmin).error().code == ErrorCode::kConflict));

  CreateWebhook bad = good;
  bad.id = "wh_2";
  bad.url = "ftp://hooks.acme.test/in";
  bad.events.clear();
  BOOST_TEST(
      (fields(decide(bad, hooks, kByAdmin).error()) == std::vector<std::string>{"url", "events"}));
  bad.url = "https://hooks.acme.test/a b";
  bad.events = {"*"};
  BOOST_TEST((fields(decide(bad, hooks, kByAdmin).error()) == std::vector<std::string>{"url"}));

  auto deleted = decide(DeleteWebhook{"wh_1"}, hooks, kByAdmin);
  BOOST_TEST_REQUIRE(deleted.has_value());
  BOOST_TEST(std::get<WebhookDeleted>(deleted->front().body).tenant == "acme");
  hooks = evolve(std::move(hooks), deleted->front());
  BOOST_TEST(hooks.hooks.at("wh_1").deleted);
  BOOST_TEST((decide(DeleteWebhook{"wh_1"}, hooks, kByAdmin).error().code == ErrorCode::kNotFound));
  BOOST_TEST((decide(DeleteWebhook{"wh_9"}, hooks, kByAdmin).error().code == ErrorCode::kNotFound));
}

BOOST_AUTO_TEST_CASE(settings_parse_over_a_base_and_validate) {
  const TenantSettings defaults;
  BOOST_TEST(defaults.auto_close_after.count() == 3LL * 24 * 3600 * 1000);
  BOOST_TEST(defaults.auto_assign.empty());

  auto days = parse_tenant_settings(R"({"auto_close_days": 5})", defaults);
  BOOST_TEST_REQUIRE(days.has_value());
  BOOST_TEST(days->auto_close_after.count() == 5LL * 86400 * 1000);

  auto seconds = parse_tenant_settings(
      R"({"auto_close_after_s": 0, "auto_assign": ["bug", "billing", "bug"]})", *days);
  BOOST_TEST_REQUIRE(seconds.has_value());
  BOOST_TEST(seconds->auto_close_after.count() == 0);  // never
  BOOST_TEST((seconds->auto_assign == std::vector<Category>{Category::kBilling, Category::kBug}));
  BOOST_TEST(seconds->auto_assigns(Category::kBug));
  BOOST_TEST(!seconds->auto_assigns(Category::kTechnical));

  auto kept = parse_tenant_settings("{}", *seconds);  // left out: kept
  BOOST_TEST_REQUIRE(kept.has_value());
  BOOST_TEST((*kept == *seconds));

  auto bad = parse_tenant_settings(
      R"({"auto_close_days": 1, "auto_close_after_s": 2, "auto_assign": ["general", 7]})",
      defaults);
  BOOST_TEST_REQUIRE(!bad.has_value());
  BOOST_TEST(
      (fields(bad.error()) == std::vector<std::string>{"auto_close_days", "auto_assign[1]"}));
  auto negative = parse_tenant_settings(R"({"auto_close_after_s": -1})", defaults);
  BOOST_TEST_REQUIRE(!negative.has_value());
  BOOST_TEST((fields(negative.error()) == std::vector<std::string>{"auto_close_after_s"}));
}

BOOST_AUTO_TEST_CASE(every_event_reads_back_as_it_was_written) {
  SlaPolicy policy = SlaPolicy::defaults();
  policy.targets[static_cast<std::size_t>(Priority::kLow)].first_response = std::chrono::hours(30);
  policy.business_hours.time_zone = "Europe/Berlin";
  policy.business_hours.weekly[0] = {OpenInterval{9 * 60, 17 * 60}};
  policy.business_hours.holidays = {"2026-12-25"};
  TenantSettings settings;
  settings.auto_close_after = std::chrono::hours(12);
  settings.auto_assign = {Category::kBilling};
  const std::vector<DirectoryEventBody> bodies = {
      TenantCreated{"acme", "Acme \"Inc\""},
      TenantSlaChanged{"acme", policy},
      TenantSettingsChanged{"acme", settings},
      AgentChanged{"agent-7", true, 3},
      AgentChanged{"agent-8", false, std::nullopt},
      TokenIssued{"tok_1", customer("acme", "cleo@acme.test"), "abc123"},
      TokenRevoked{"tok_1"},
      TenantLogoSet{"acme", TenantLogo{std::string(64, 'e'), "image/webp", 262144}},
      TenantLogoRemoved{"acme"}};
  for (const DirectoryEventBody& body : bodies) {
    const std::string type(directory_event_type(body));
    auto back = decode_directory_event_data(type, encode_directory_event_data(body));
    BOOST_TEST_REQUIRE(back.has_value(), type);
    BOOST_TEST(back->index() == body.index(), type);
    if (const auto* sla = std::get_if<TenantSlaChanged>(&body)) {
      BOOST_TEST((std::get<TenantSlaChanged>(*back).policy == sla->policy));
    } else if (const auto* created = std::get_if<TenantCreated>(&body)) {
      BOOST_TEST((std::get<TenantCreated>(*back) == *created));
    } else if (const auto* s = std::get_if<TenantSettingsChanged>(&body)) {
      BOOST_TEST((std::get<TenantSettingsChanged>(*back) == *s));
    } else if (const auto* a = std::get_if<AgentChanged>(&body)) {
      BOOST_TEST((std::get<AgentChanged>(*back) == *a));
    } else if (const auto* t = std::get_if<TokenIssued>(&body)) {
      BOOST_TEST((std::get<TokenIssued>(*back) == *t));
    } else if (const auto* logo = std::get_if<TenantLogoSet>(&body)) {
      BOOST_TEST((std::get<TenantLogoSet>(*back) == *logo));
    } else if (const auto* gone = std::get_if<TenantLogoRemoved>(&body)) {
      BOOST_TEST((std::get<TenantLogoRemoved>(*back) == *gone));
    } else {
      BOOST_TEST((std::get<TokenRevoked>(*back) == std::get<TokenRevoked>(body)));
    }
  }
  const WebhookCreated hook{"wh_1", "https://h.test/x", {"TicketOpened", "*"}, "", "fp16"};
  auto back = decode_webhook_event_data("WebhookCreated", encode_webhook_event_data(hook));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((std::get<WebhookCreated>(*back) == hook));
  // The stored form is the one earlier builds wrote.
  BOOST_TEST(
      encode_webhook_event_data(hook) ==
      R"({"id":"wh_1","url":"https://h.test/x","events":["TicketOpened","*"],"tenant":null,"secret_fingerprint":"fp16"})");
  BOOST_TEST(encode_directory_event_data(AgentChanged{"a", true, std::nullopt}) ==
             R"({"id":"a","available":true,"max_open":null})");
  // A logo's event names the blob, never carries its bytes.
  BOOST_TEST(encode_directory_event_data(TenantLogoSet{"acme", {"ab12", "image/png", 68}}) ==
             R"({"slug":"acme","sha256":"ab12","type":"image/png","size":68})");
  BOOST_TEST(encode_directory_event_data(TenantLogoRemoved{"acme"}) == R"({"slug":"acme"})");
  BOOST_TEST(!decode_directory_event_data("TenantLogoSet", R"({"slug":"acme","sha256":"ab"})"));
}

BOOST_AUTO_TEST_CASE(a_logo_is_an_image_of_an_allowed_type_and_size_and_goes_once_removed) {
  const auto acme = given<TenantsState>(
      std::vector{event(TenantCreated{"acme", "Acme"}), event(TenantCreated{"globex", "Globex"})});
  const TenantLogo png{std::string(64, 'a'), "image/png", 1024};
  auto set = decide(SetTenantLogo{"acme", png}, acme, kByAdmin);
  BOOST_TEST_REQUIRE(set.has_value());
  BOOST_TEST_REQUIRE(set->size() == 1u);
  BOOST_TEST((std::get<TenantLogoSet>(set->front().body) == TenantLogoSet{"acme", png}));
  const TenantsState with = evolve(acme, set->front());
  BOOST_TEST((with.tenants.at("acme").logo == png));
  BOOST_TEST(!with.tenants.at("globex").logo);

  // Only the four image types a browser draws without script; never SVG.
  for (const char* type : {"image/jpeg", "image/gif", "image/webp"}) {
    BOOST_TEST(decide(SetTenantLogo{"acme", {png.sha256, type, 10}}, acme, kByAdmin).has_value());
  }
  for (const char* type : {"image/svg+xml", "text/plain", "image/bmp", ""}) {
    auto refused = decide(SetTenantLogo{"acme", {png.sha256, type, 10}}, acme, kByAdmin);
    BOOST_TEST_REQUIRE(!refused.has_value(), type);
    BOOST_TEST((refused.error().code == ErrorCode::kUnsupportedMediaType), type);
    BOOST_TEST(refused.error().message.find(type) != std::string::npos, type);
  }
  // At most 256 KiB; not empty; named by a real hash.
  BOOST_TEST(
      decide(SetTenantLogo{"acme", {png.sha256, "image/png", 262144}}, acme, kByAdmin).has_value());
  BOOST_TEST((decide(SetTenantLogo{"acme", {png.sha256, "image/png", 262145}}, acme, kByAdmin)
                  .error()
                  .code == ErrorCode::kBodyTooLarge));
  auto empty = decide(SetTenantLogo{"acme", {png.sha256, "image/png", 0}}, acme, kByAdmin);
  BOOST_TEST((fields(empty.error()) == std::vector<std::string>{"logo"}));
  for (std::string hash : {std::string(63, 'a'), std::string(64, 'A'), std::string(64, 'g')}) {
    auto bad = decide(SetTenantLogo{"acme", {hash, "image/png", 10}}, acme, kByAdmin);
    BOOST_TEST((fields(bad.error()) == std::vector<std::string>{"logo"}), hash);
  }

  // Who may: the tenant's admins, within their scope; another tenant is
  // as unknown as a missing one.
  Actor tara{"tara", Role::kTenantAdmin, "", "tara@support.test", "Tara"};
  tara.scope = {"acme"};
  const Context by_tara{tara, kT0, {}};
  BOOST_TEST(decide(SetTenantLogo{"acme", png}, acme, by_tara).has_value());
  BOOST_TEST(
      (decide(SetTenantLogo{"globex", png}, acme, by_tara).error().code == ErrorCode::kNotFound));
  BOOST_TEST(
      (decide(SetTenantLogo{"initech", png}, acme, kByAdmin).error().code == ErrorCode::kNotFound));
  BOOST_TEST((decide(SetTenantLogo{"acme", png}, acme, Context{kAgent, kT0, {}}).error().code ==
              ErrorCode::kForbidden));
  BOOST_TEST((decide(RemoveTenantLogo{"acme"}, with, Context{kAgent, kT0, {}}).error().code ==
              ErrorCode::kForbidden));
  BOOST_TEST(
      (decide(RemoveTenantLogo{"globex"}, with, by_tara).error().code == ErrorCode::kNotFound));

  // Removed once: then there is none to remove.
  auto removed = decide(RemoveTenantLogo{"acme"}, with, by_tara);
  BOOST_TEST_REQUIRE(removed.has_value());
  const TenantsState without = evolve(with, removed->front());
  BOOST_TEST(!without.tenants.at("acme").logo);
  auto again = decide(RemoveTenantLogo{"acme"}, without, kByAdmin);
  BOOST_TEST((again.error().code == ErrorCode::kNotFound));
  BOOST_TEST(again.error().message == "the tenant has no logo");
  // Settings changes leave the logo alone, and the logo the settings.
  TenantSettings settings;
  settings.brand_color = "#0f766e";
  const TenantsState both =
      evolve(with, decide(SetTenantSettings{"acme", settings}, with, kByAdmin)->front());
  BOOST_TEST((both.tenants.at("acme").logo == png));
  BOOST_TEST(both.tenants.at("acme").settings.brand_color == "#0f766e");
}

BOOST_AUTO_TEST_CASE(data_that_is_not_the_events_form_is_an_internal_error) {
  for (auto [type, data] :
       {std::pair{"TenantCreated", R"({"slug":"acme"})"},
        std::pair{"AgentChanged", R"({"id":"a"})"}, std::pair{"TokenIssued", R"({"id":"t"})"},
        std::pair{"TokenRevoked", "[]"}, std::pair{"TicketOpened", R"({"id":"x"})"}}) {
    auto r = decode_directory_event_data(type, data);
    BOOST_TEST_REQUIRE(!r.has_value(), type);
    BOOST_TEST((r.error().code == ErrorCode::kInternal), type);
  }
  BOOST_TEST(!decode_webhook_event_data("WebhookCreated", R"({"id":"wh_1"})").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
