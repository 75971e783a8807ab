// Directory: tenant automation settings and agents are events on the
// "tenants" and "agents" streams, parsed and validated, and rebuilt when the
// directory is opened again.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "api/commands/directory.h"

namespace ticketd::api {
namespace {

using domain::Category;

const domain::Actor kAdmin{"admin-1", domain::Role::kAdmin, "", "", "Ada"};
const domain::Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

struct TempStore {
  TempStore() {
    dir = std::filesystem::temp_directory_path() /
          ("ticketd-dirsettings-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(dir);
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  static inline int counter = 0;
  std::filesystem::path dir;
};

std::vector<std::string> fields(const domain::Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(directory_settings_test)

BOOST_AUTO_TEST_CASE(settings_parse_over_a_base_and_validate) {
  const TenantSettings defaults;
  BOOST_TEST(defaults.auto_close_after.count() == 3LL * 24 * 3600 * 1000);
  BOOST_TEST(defaults.auto_assign.empty());

  auto days = Directory::parse_settings(R"({"auto_close_days": 5})", defaults);
  BOOST_TEST_REQUIRE(days.has_value());
  BOOST_TEST(days->auto_close_after.count() == 5LL * 86400 * 1000);

  auto seconds = Directory::parse_settings(
      R"({"auto_close_after_s": 0, "auto_assign": ["bug", "billing", "bug"]})", *days);
  BOOST_TEST_REQUIRE(seconds.has_value());
  BOOST_TEST(seconds->auto_close_after.count() == 0);  // never
  BOOST_TEST((seconds->auto_assign == std::vector<Category>{Category::kBilling, Category::kBug}));
  BOOST_TEST(seconds->auto_assigns(Category::kBug));
  BOOST_TEST(!seconds->auto_assigns(Category::kTechnical));

  // Left out: kept
  auto kept = Directory::parse_settings("{}", *seconds);
  BOOST_TEST_REQUIRE(kept.has_value());
  BOOST_TEST((*kept == *seconds));

  auto bad = Directory::parse_settings(
      R"({"auto_close_days": 1, "auto_close_after_s": 2, "auto_assign": ["general", 7]})",
      defaults);
  BOOST_TEST_REQUIRE(!bad.has_value());
  BOOST_TEST(
      (fields(bad.error()) == std::vector<std::string>{"auto_close_days", "auto_assign[1]"}));
  auto negative = Directory::parse_settings(R"({"auto_close_after_s": -1})", defaults);
  BOOST_TEST_REQUIRE(!negative.has_value());
  BOOST_TEST((fields(negative.error()) == std::vector<std::string>{"auto_close_after_s"}));
}

BOOST_AUTO_TEST_CASE(settings_and_agents_are_events_rebuilt_on_open) {
  TempStore tmp;
  {
    auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
    auto dir = std::move(Directory::open(*store, "").value());
    BOOST_TEST_REQUIRE(dir->create_tenant("acme", "Acme", kAdmin, kT0).has_value());
    TenantSettings s;
    s.auto_close_after = std::chrono::hours(12);
    s.auto_assign = {Category::kTechnical};
    auto tenant = dir->set_settings("acme", s, kAdmin, kT0);
    BOOST_TEST_REQUIRE(tenant.has_value());
    BOOST_TEST((tenant->settings == s));
    BOOST_TEST(!dir->set_settings("nope", s, kAdmin, kT0).has_value());

    BOOST_TEST_REQUIRE(dir->set_agent(Agent{"agent-7", true, 3, {}}, kAdmin, kT0).has_value());
    BOOST_TEST_REQUIRE(
        dir->set_agent(Agent{"agent-8", false, std::nullopt, {}}, kAdmin, kT0).has_value());
    BOOST_TEST(!dir->set_agent(Agent{"", true, std::nullopt, {}}, kAdmin, kT0).has_value());

    // The events carry what automation reads back from the log
    auto envs = store->read_stream("tenants");
    BOOST_TEST_REQUIRE(envs.has_value());
    BOOST_TEST(envs->back().type == "TenantSettingsChanged");
    auto parsed = Directory::settings_event(envs->back().data);
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->first == "acme");
    BOOST_TEST((parsed->second == s));
    auto agents = store->read_stream("agents");
    BOOST_TEST_REQUIRE(agents.has_value());
    BOOST_TEST_REQUIRE(agents->size() == 2u);
    auto a7 = Directory::agent_event(agents->front().data, kT0);
    BOOST_TEST_REQUIRE(a7.has_value());
    BOOST_TEST((*a7 == Agent{"agent-7", true, 3, kT0}));
    store->close();
  }
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto dir = std::move(Directory::open(*store, "").value());
  BOOST_TEST(dir->settings("acme").auto_close_after.count() == 12LL * 3600 * 1000);
  BOOST_TEST(dir->settings("acme").auto_assigns(Category::kTechnical));
  BOOST_TEST(dir->settings("unknown").auto_close_after.count() == 72LL * 3600 * 1000);
  const std::vector<Agent> agents = dir->agents();
  BOOST_TEST_REQUIRE(agents.size() == 2u);
  BOOST_TEST((agents[0] == Agent{"agent-7", true, 3, kT0}));
  BOOST_TEST((agents[1] == Agent{"agent-8", false, std::nullopt, kT0}));
  store->close();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
