// Directory: tenants, agents and tokens are events on their streams,
// appended through a StreamAggregate with the version they were decided on,
// and rebuilt when the directory is opened again. The rules themselves are
// tested in tests/domain/directory_test.cc.
#include "api/commands/directory.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "codec/directory_codec.h"
#include "tests/api/test_support.h"

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

using testing::answer;

domain::Result<Tenant> create_tenant(Directory& dir, std::string slug) {
  return answer<Tenant>(
      [&](auto done) { dir.create_tenant(slug, "Acme", kAdmin, kT0, std::move(done)); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(directory_test)

BOOST_AUTO_TEST_CASE(settings_and_agents_are_events_rebuilt_on_open) {
  TempStore tmp;
  TenantSettings s;
  s.auto_close_after = std::chrono::hours(12);
  s.auto_assign = {Category::kTechnical};
  {
    auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
    auto dir = std::move(Directory::open(*store, "").value());
    BOOST_TEST_REQUIRE(create_tenant(*dir, "acme").has_value());
    auto tenant = answer<Tenant>(
        [&](auto done) { dir->set_settings("acme", s, kAdmin, kT0, std::move(done)); });
    BOOST_TEST_REQUIRE(tenant.has_value());
    BOOST_TEST((tenant->settings == s));
    auto unknown = answer<Tenant>(
        [&](auto done) { dir->set_settings("nope", s, kAdmin, kT0, std::move(done)); });
    BOOST_TEST((unknown.error().code == domain::ErrorCode::kNotFound));

    auto set_agent = [&](domain::SetAgent agent) {
      return answer<Agent>([&](auto done) { dir->set_agent(agent, kAdmin, kT0, std::move(done)); });
    };
    auto a7 = set_agent({"agent-7", true, 3});
    BOOST_TEST_REQUIRE(a7.has_value());
    BOOST_TEST((*a7 == Agent{"agent-7", true, 3, kT0}));
    BOOST_TEST_REQUIRE(set_agent({"agent-8", false, std::nullopt}).has_value());
    BOOST_TEST(
        (set_agent({"", true, std::nullopt}).error().code == domain::ErrorCode::kValidation));

    // The events carry what automation reads back from the log.
    auto envs = store->read_stream("tenants");
    BOOST_TEST_REQUIRE(envs.has_value());
    BOOST_TEST(envs->back().type == "TenantSettingsChanged");
    BOOST_TEST(envs->back().tenant == "acme");
    auto parsed = codec::to_directory_event(envs->back());
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST((std::get<domain::TenantSettingsChanged>(parsed->body) ==
                domain::TenantSettingsChanged{"acme", s}));
    auto agents = store->read_stream("agents");
    BOOST_TEST_REQUIRE(agents.has_value());
    BOOST_TEST(agents->size() == 2u);
    store->close();
  }
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto dir = std::move(Directory::open(*store, "").value());
  BOOST_TEST((dir->settings("acme") == s));
  BOOST_TEST(dir->settings("unknown").auto_close_after.count() == 72LL * 3600 * 1000);
  const std::vector<Agent> agents = dir->agents();
  BOOST_TEST_REQUIRE(agents.size() == 2u);
  BOOST_TEST((agents[0] == Agent{"agent-7", true, 3, kT0}));
  BOOST_TEST((agents[1] == Agent{"agent-8", false, std::nullopt, kT0}));
  store->close();
}

BOOST_AUTO_TEST_CASE(a_logo_is_an_event_of_its_hash_type_and_size_rebuilt_on_open) {
  TempStore tmp;
  const domain::TenantLogo png{std::string(64, 'c'), "image/png", 68};
  const domain::TenantLogo gif{std::string(64, 'd'), "image/gif", 35};
  {
    auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
    auto dir = std::move(Directory::open(*store, "").value());
    BOOST_TEST_REQUIRE(create_tenant(*dir, "acme").has_value());
    BOOST_TEST_REQUIRE(create_tenant(*dir, "globex").has_value());
    auto set = [&](std::string slug, domain::TenantLogo logo) {
      return answer<Tenant>(
          [&](auto done) { dir->set_logo(slug, logo, kAdmin, kT0, std::move(done)); });
    };
    auto acme = set("acme", png);
    BOOST_TEST_REQUIRE(acme.has_value());
    BOOST_TEST((acme->logo == png));
    BOOST_TEST_REQUIRE(set("globex", png).has_value());
    auto removed = answer<Tenant>(
        [&](auto done) { dir->remove_logo("globex", kAdmin, kT0, std::move(done)); });
    BOOST_TEST_REQUIRE(removed.has_value());
    BOOST_TEST(!removed->logo);
    BOOST_TEST(set("acme", gif).has_value());
    BOOST_TEST((set("nope", png).error().code == domain::ErrorCode::kNotFound));

    // The log has the hash, type and size, never the bytes.
    auto envs = store->read_stream("tenants");
    BOOST_TEST_REQUIRE(envs.has_value());
    BOOST_TEST(envs->back().type == "TenantLogoSet");
    BOOST_TEST(envs->back().tenant == "acme");
    BOOST_TEST(envs->back().data ==
               R"({"slug":"acme","sha256":")" + gif.sha256 + R"(","type":"image/gif","size":35})");
    store->close();
  }
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto dir = std::move(Directory::open(*store, "").value());
  BOOST_TEST((dir->tenant("acme")->logo == gif));
  BOOST_TEST(!dir->tenant("globex")->logo);
  store->close();
}

BOOST_AUTO_TEST_CASE(a_token_authenticates_until_revoked_and_only_its_hash_is_stored) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto dir = std::move(Directory::open(*store, "boot-secret").value());
  BOOST_TEST((dir->authenticate("boot-secret")->role == domain::Role::kAdmin));
  const domain::Actor holder{"u-1", domain::Role::kCustomer, "acme", "Cleo@Acme.test", "Cleo"};
  auto issued = answer<std::pair<TokenInfo, std::string>>(
      [&](auto done) { dir->issue_token(holder, kAdmin, kT0, std::move(done)); });
  BOOST_TEST_REQUIRE(issued.has_value());
  const std::string secret = issued->second;
  BOOST_TEST((dir->authenticate(secret) == holder));
  BOOST_TEST((dir->customer_by_email("acme", "cleo@acme.TEST") == holder));
  BOOST_TEST(!dir->customer_by_email("globex", "cleo@acme.test"));
  auto tokens = store->read_stream("tokens");
  BOOST_TEST_REQUIRE(tokens.has_value());
  BOOST_TEST(tokens->front().data.find(secret) == std::string::npos);
  BOOST_TEST(tokens->front().data.find(sha256_hex(secret)) != std::string::npos);

  auto revoke = [&](std::string id) {
    return answer<void>([&](auto done) { dir->revoke_token(id, kAdmin, kT0, std::move(done)); });
  };
  BOOST_TEST_REQUIRE(revoke(issued->first.id).has_value());
  BOOST_TEST(!dir->authenticate(secret));
  BOOST_TEST((revoke(issued->first.id).error().code == domain::ErrorCode::kNotFound));
  store->close();
}

BOOST_AUTO_TEST_CASE(a_writer_that_fell_behind_decides_again_on_what_the_stream_holds) {
  // Two directories over one store: the second has not seen what the first
  // writes, so its append expects an old version, is refused by the store,
  // and the retry decides on the caught-up state.
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto first = std::move(Directory::open(*store, "").value());
  auto second = std::move(Directory::open(*store, "").value());
  BOOST_TEST_REQUIRE(create_tenant(*first, "acme").has_value());
  auto twice = create_tenant(*second, "acme");
  BOOST_TEST_REQUIRE(!twice.has_value());
  BOOST_TEST((twice.error().code == domain::ErrorCode::kConflict));
  BOOST_TEST(second->tenant("acme").has_value());
  BOOST_TEST_REQUIRE(create_tenant(*second, "globex").has_value());
  auto tenants = store->read_stream("tenants");
  BOOST_TEST_REQUIRE(tenants.has_value());
  BOOST_TEST(tenants->size() == 2u);  // one TenantCreated per slug
  // Writers at once in both: every change lands once, none is lost. Each
  // directory runs its own commands one at a time, so a command decides
  // again at most once per command of the other (3 < its 8 attempts).
  std::vector<std::future<domain::Result<Tenant>>> pending;
  for (int i = 0; i < 6; ++i) {
    Directory& dir = i % 2 == 0 ? *first : *second;
    pending.push_back(std::async(
        std::launch::async, [&dir, i] { return create_tenant(dir, "t" + std::to_string(i)); }));
  }
  for (auto& p : pending) BOOST_TEST(p.get().has_value());
  BOOST_TEST(store->read_stream("tenants")->size() == 8u);
  // Each sees at least what it wrote (the other's writes when it next
  // conflicts with them).
  BOOST_TEST(first->tenants("", 100).size() >= 4u);
  store->close();
}

BOOST_AUTO_TEST_CASE(a_store_that_cannot_append_answers_internal_and_changes_nothing) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto dir = std::move(Directory::open(*store, "").value());
  store->close();  // every append now fails with kClosed
  auto refused = create_tenant(*dir, "acme");
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST((refused.error().code == domain::ErrorCode::kInternal));
  BOOST_TEST(!dir->tenant("acme"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
