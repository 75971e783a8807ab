// The accounts' rules, given/when/then: the accounts stream's state (folded
// from events), a command by someone, and the events or the error decided.
#include "domain/accounts.h"

#include <boost/test/unit_test.hpp>

#include "domain/password_policy.h"

namespace ticketd::domain {
namespace {

const Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

Actor staff(std::string id, Role role, std::vector<std::string> scope = {}) {
  Actor a;
  a.id = std::move(id);
  a.role = role;
  a.scope = std::move(scope);
  return a;
}

const Actor kAdmin = staff("admin-1", Role::kAdmin);
const Actor kAcmeAdmin = staff("ta-1", Role::kTenantAdmin, {"acme"});

TenantsState two_tenants() {
  TenantsState t;
  t.tenants["acme"] = Tenant{"acme", "Acme", kT0, SlaPolicy::defaults(), {}};
  t.tenants["globex"] = Tenant{"globex", "Globex", kT0, SlaPolicy::defaults(), {}};
  return t;
}

AccountsState given(const std::vector<AccountEventBody>& bodies) {
  AccountsState s;
  for (const auto& b : bodies)
    s = evolve(std::move(s), AccountEvent{{kT0, "admin-1", Role::kAdmin}, 0, b});
  return s;
}

AccountsState fold(AccountsState s, const std::vector<AccountEvent>& events) {
  for (const auto& e : events) s = evolve(std::move(s), e);
  return s;
}

InviteAccount invite(std::string email, Role role, std::string tenant = "",
                     std::vector<std::string> scope = {}) {
  return InviteAccount{"acc_" + email, std::move(email),  "Name",
                       role,           std::move(tenant), std::move(scope)};
}

ErrorCode code_of(const Result<std::vector<AccountEvent>>& r) {
  BOOST_TEST_REQUIRE(!r.has_value());
  return r.error().code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(accounts_test)

BOOST_AUTO_TEST_CASE(an_invited_agent_activates_by_setting_a_password) {
  const Context by_admin{kAdmin, kT0, {}};
  auto invited =
      decide(invite("ida@support.test", Role::kAgent), AccountsState{}, two_tenants(), by_admin);
  BOOST_TEST_REQUIRE(invited.has_value());
  AccountsState s = fold({}, *invited);
  const Account* ida = s.by_email("", "IDA@support.test");
  BOOST_TEST_REQUIRE(ida != nullptr);
  BOOST_TEST((ida->status == AccountStatus::kInvited));
  const Context by_ida{actor_of(*ida), kT0 + Millis(5), {}};
  auto set = decide(RecordPasswordSet{ida->id, "invitation"}, s, by_ida);
  BOOST_TEST_REQUIRE(set.has_value());
  BOOST_TEST(set->size() == 2u);  // PasswordSet, AccountActivated
  s = fold(std::move(s), *set);
  BOOST_TEST((s.find(ida->id)->status == AccountStatus::kActive));
  BOOST_TEST(s.find(ida->id)->has_password);
}

BOOST_AUTO_TEST_CASE(emails_are_unique_per_tenant_for_customers_and_on_the_platform_for_staff) {
  const Context by_admin{kAdmin, kT0, {}};
  AccountsState s =
      given({AccountInvited{"acc_1", "ann@acme.test", "Ann", Role::kCustomer, "acme", {}},
             AccountInvited{"acc_2", "al@support.test", "Al", Role::kAgent, "", {}}});
  BOOST_TEST((code_of(decide(invite("Ann@acme.test", Role::kCustomer, "acme"), s, two_tenants(),
                             by_admin)) == ErrorCode::kConflict));
  BOOST_TEST(decide(invite("ann@acme.test", Role::kCustomer, "globex"), s, two_tenants(), by_admin)
                 .has_value());
  BOOST_TEST(decide(invite("ann@acme.test", Role::kAgent), s, two_tenants(), by_admin).has_value());
  BOOST_TEST((code_of(decide(invite("al@support.test", Role::kTenantAdmin, "", {"acme"}), s,
                             two_tenants(), by_admin)) == ErrorCode::kConflict));
}

BOOST_AUTO_TEST_CASE(roles_need_their_tenant_or_scope) {
  const Context by_admin{kAdmin, kT0, {}};
  const struct {
    InviteAccount c;
    const char* field;
  } cases[] = {{invite("a@x.test", Role::kCustomer), "tenant"},
               {invite("a@x.test", Role::kCustomer, "nowhere"), "tenant"},
               {invite("a@x.test", Role::kCustomer, "acme", {"acme"}), "scope"},
               {invite("a@x.test", Role::kAgent, "acme"), "tenant"},
               {invite("a@x.test", Role::kTenantAdmin), "scope"},
               {invite("a@x.test", Role::kAdmin, "", {"acme"}), "scope"},
               {invite("a@x.test", Role::kAgent, "", {"acme", "nowhere"}), "scope[1]"},
               {invite("a@x.test", Role::kSystem), "role"},
               {invite("not an email", Role::kAgent), "email"}};
  for (const auto& [c, field] : cases) {
    auto r = decide(c, AccountsState{}, two_tenants(), by_admin);
    BOOST_TEST_REQUIRE(!r.has_value(), field);
    BOOST_TEST((r.error().code == ErrorCode::kValidation), field);
    BOOST_TEST_REQUIRE(!r.error().fields.empty(), field);
    BOOST_TEST(r.error().fields.front().field == field);
  }
}

BOOST_AUTO_TEST_CASE(a_tenant_admin_manages_only_within_its_scope) {
  const Context by_ta{kAcmeAdmin, kT0, {}};
  BOOST_TEST(
      decide(invite("c@acme.test", Role::kCustomer, "acme"), {}, two_tenants(), by_ta).has_value());
  BOOST_TEST(decide(invite("ag@x.test", Role::kAgent, "", {"acme"}), {}, two_tenants(), by_ta)
                 .has_value());
  for (const InviteAccount& c :
       {invite("ag@x.test", Role::kAgent), invite("ad@x.test", Role::kAdmin)}) {
    BOOST_TEST((code_of(decide(c, {}, two_tenants(), by_ta)) == ErrorCode::kForbidden), c.email);
  }
  // A tenant out of scope is as unknown as one that does not exist.
  auto globex =
      decide(invite("c@globex.test", Role::kCustomer, "globex"), {}, two_tenants(), by_ta);
  auto nowhere =
      decide(invite("c@globex.test", Role::kCustomer, "nowhere"), {}, two_tenants(), by_ta);
  BOOST_TEST_REQUIRE(!globex.has_value());
  BOOST_TEST(globex.error().message == nowhere.error().message);
  BOOST_TEST((globex.error().fields == nowhere.error().fields));
  auto wider =
      decide(invite("ag@x.test", Role::kAgent, "", {"acme", "globex"}), {}, two_tenants(), by_ta);
  BOOST_TEST_REQUIRE(!wider.has_value());
  BOOST_TEST(wider.error().fields.at(0).field == "scope[1]");
  // Out of scope is as missing as unknown.
  AccountsState s =
      given({AccountInvited{"acc_g", "g@globex.test", "G", Role::kCustomer, "globex", {}},
             AccountInvited{"acc_p", "p@x.test", "P", Role::kAgent, "", {}}});
  for (const char* id : {"acc_g", "acc_p", "acc_none"}) {
    BOOST_TEST((code_of(decide(DisableAccount{id}, s, by_ta)) == ErrorCode::kNotFound), id);
    ChangeAccount rename{.id = id, .name = "X"};
    BOOST_TEST((code_of(decide(rename, s, two_tenants(), by_ta)) == ErrorCode::kNotFound), id);
  }
  // Agents and customers manage nobody.
  const Context by_agent{staff("ag", Role::kAgent), kT0, {}};
  BOOST_TEST((code_of(decide(invite("c@acme.test", Role::kCustomer, "acme"), {}, two_tenants(),
                             by_agent)) == ErrorCode::kForbidden));
}

BOOST_AUTO_TEST_CASE(a_role_change_and_a_disable_end_the_sessions) {
  const Context by_admin{kAdmin, kT0 + Millis(100), {}};
  AccountsState s = given({AccountInvited{"acc_1", "al@x.test", "Al", Role::kAgent, "", {}}});
  ChangeAccount promote{
      .id = "acc_1", .role = Role::kTenantAdmin, .scope = std::vector<std::string>{"acme"}};
  auto changed = decide(promote, s, two_tenants(), by_admin);
  BOOST_TEST_REQUIRE(changed.has_value());
  BOOST_TEST_REQUIRE(changed->size() == 2u);
  BOOST_TEST(std::holds_alternative<AccountRoleChanged>(changed->at(0).body));
  BOOST_TEST((std::get<SessionsRevoked>(changed->at(1).body) == SessionsRevoked{"acc_1", "role"}));
  s = fold(std::move(s), *changed);
  BOOST_TEST((s.find("acc_1")->sessions_valid_from == kT0 + Millis(100)));
  BOOST_TEST((actor_of(*s.find("acc_1")).scope == std::vector<std::string>{"acme"}));
  auto disabled = decide(DisableAccount{"acc_1"}, s, by_admin);
  BOOST_TEST_REQUIRE(disabled.has_value());
  s = fold(std::move(s), *disabled);
  BOOST_TEST((s.find("acc_1")->status == AccountStatus::kDisabled));
  BOOST_TEST(
      (code_of(decide(RecordPasswordSet{"acc_1", "reset"}, s,
                      Context{actor_of(*s.find("acc_1")), kT0, {}})) == ErrorCode::kConflict));
  // Nobody disables themselves; nothing changes, nothing is recorded.
  BOOST_TEST(
      (code_of(decide(DisableAccount{"admin-1"},
                      given({AccountInvited{"admin-1", "a@x.test", "A", Role::kAdmin, "", {}}}),
                      by_admin)) == ErrorCode::kConflict));
  auto same = decide(ChangeAccount{.id = "acc_1"}, s, two_tenants(), by_admin);
  BOOST_TEST_REQUIRE(same.has_value());
  BOOST_TEST(same->empty());
}

BOOST_AUTO_TEST_CASE(an_email_change_moves_the_index) {
  const Context by_admin{kAdmin, kT0, {}};
  AccountsState s = given({AccountInvited{"acc_1", "al@x.test", "Al", Role::kAgent, "", {}}});
  auto changed =
      decide(ChangeAccount{.id = "acc_1", .email = "al@y.test"}, s, two_tenants(), by_admin);
  BOOST_TEST_REQUIRE(changed.has_value());
  s = fold(std::move(s), *changed);
  BOOST_TEST(s.by_email("", "al@x.test") == nullptr);
  BOOST_TEST(s.by_email("", "AL@y.test")->id == "acc_1");
}

BOOST_AUTO_TEST_CASE(the_holder_changes_their_own_name_and_language_and_nothing_else) {
  AccountsState s =
      given({AccountInvited{"acc_1", "kim@acme.test", "Kim", Role::kCustomer, "acme", {}},
             AccountInvited{"acc_2", "lou@acme.test", "Lou", Role::kCustomer, "acme", {}}});
  Actor kim;
  kim.id = "acc_1";
  kim.role = Role::kCustomer;
  kim.tenant = "acme";
  const Context by_kim{kim, kT0, {}};
  auto german = decide(ChangeAccount{.id = "acc_1", .language = "de"}, s, two_tenants(), by_kim);
  BOOST_TEST_REQUIRE(german.has_value());
  BOOST_TEST_REQUIRE(german->size() == 1u);
  BOOST_TEST((german->front().body == AccountEventBody{AccountLanguageChanged{"acc_1", "de"}}));
  s = fold(std::move(s), *german);
  BOOST_TEST(s.find("acc_1")->language == "de");
  // The same again changes nothing; "" is the default again; "fr" no language.
  auto same = decide(ChangeAccount{.id = "acc_1", .language = "de"}, s, two_tenants(), by_kim);
  BOOST_TEST_REQUIRE(same.has_value());
  BOOST_TEST(same->empty());
  BOOST_TEST(
      decide(ChangeAccount{.id = "acc_1", .language = ""}, s, two_tenants(), by_kim)->size() == 1u);
  auto french = decide(ChangeAccount{.id = "acc_1", .language = "fr"}, s, two_tenants(), by_kim);
  BOOST_TEST((code_of(french) == ErrorCode::kValidation));
  // Not her email or role, and not another customer's language: as if missing.
  BOOST_TEST((code_of(decide(ChangeAccount{.id = "acc_1", .email = "k@acme.test"}, s, two_tenants(),
                             by_kim)) == ErrorCode::kNotFound));
  BOOST_TEST((code_of(decide(ChangeAccount{.id = "acc_1", .role = Role::kAdmin}, s, two_tenants(),
                             by_kim)) == ErrorCode::kNotFound));
  BOOST_TEST((code_of(decide(ChangeAccount{.id = "acc_2", .language = "de"}, s, two_tenants(),
                             by_kim)) == ErrorCode::kNotFound));
  // An admin sets it too.
  auto by_admin = decide(ChangeAccount{.id = "acc_2", .language = "en"}, s, two_tenants(),
                         Context{kAdmin, kT0, {}});
  BOOST_TEST_REQUIRE(by_admin.has_value());
  BOOST_TEST(by_admin->size() == 1u);
}

BOOST_AUTO_TEST_CASE(passwords_follow_nist_800_63b) {
  for (const char* bad : {"short", "fourteen chars", "passwordpassword123", "aaaaaaaaaaaaaaaaaaaa",
                          "abcabcabcabcabcabc", "abcdefghijklmnopq", "123456789012345",
                          "ida@support.test", "qwertyuiop1234567"}) {
    BOOST_TEST(password_problem(bad, "ida@support.test").has_value(), bad);
  }
  for (const char* good : {"correct horse battery staple", "Tr0ub4dor&3 is not enough!",
                           "пароль из нескольких слов", "fifteen chars!!"}) {
    BOOST_TEST(!password_problem(good, "ida@support.test").has_value(), good);
  }
  BOOST_TEST(is_common_password("Password"));
  BOOST_TEST(!is_common_password("correct horse battery staple"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
