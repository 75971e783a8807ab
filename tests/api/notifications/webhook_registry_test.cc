// The webhook registry's public contract: subscriptions are events on the
// "webhooks" stream, holding a fingerprint of the secret but never the
// secret, which is kept beside the log in a key file only its owner can
// read; a registry opened again is rebuilt from the log and the key file;
// invalid subscriptions are refused with field errors and leave no trace.

#include "api/notifications/webhook_registry.h"

#include <simdjson.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api/commands/ids.h"
#include "domain/time_format.h"
#include "tests/api/test_support.h"
#include "tests/eventstore/test_support.h"

namespace ticketd::api {
namespace {

const domain::Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} +
                          std::chrono::hours(9)};
const domain::Actor kAdmin{"admin-1", domain::Role::kAdmin, "", "", "Admin"};
const std::string kSecret = "whsec-3f9a1c7e5b2d4086af1e";
const std::string kOtherSecret = "whsec-other-0123456789";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// Every byte the store keeps on disk, file by file.
bool store_files_contain(const std::filesystem::path& dir, const std::string& needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

struct Fixture {
  Fixture() { open(); }
  ~Fixture() {
    registry.reset();
    store->close();
  }
  void open() {
    registry.reset();
    auto opened = WebhookRegistry::open(*store, key_file);
    BOOST_REQUIRE(opened.has_value());
    registry = std::move(*opened);
  }
  Webhook create(std::string url, std::vector<std::string> events, std::string tenant,
                 std::string secret) {
    auto made = testing::answer<Webhook>([&](auto done) {
      registry->create(std::move(url), std::move(events), std::move(tenant), std::move(secret),
                       kAdmin, kT0, std::move(done));
    });
    BOOST_REQUIRE_MESSAGE(made.has_value(), "refused: " << (made ? "" : made.error().message));
    return *made;
  }
  domain::Result<void> remove(std::string id, domain::Instant at = kT0) {
    return testing::answer<void>(
        [&](auto done) { registry->remove(std::move(id), kAdmin, at, std::move(done)); });
  }
  // The key file's JSON object.
  std::map<std::string, std::string> keys() {
    std::map<std::string, std::string> out;
    const std::string json = read_file(key_file);
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    BOOST_REQUIRE(parser.parse(json).get_object().get(o) == simdjson::SUCCESS);
    for (auto [id, secret] : o) {
      std::string_view s;
      BOOST_REQUIRE(secret.get_string().get(s) == simdjson::SUCCESS);
      out[std::string(id)] = std::string(s);
    }
    return out;
  }
  std::vector<eventstore::Envelope> log() {
    auto all = store->read_all(0, SIZE_MAX);
    BOOST_REQUIRE(all.has_value());
    return *all;
  }
  // The field names of a refused create's errors.
  std::vector<std::string> refused_fields(std::string url, std::vector<std::string> events,
                                          std::string secret) {
    auto made = testing::answer<Webhook>([&](auto done) {
      registry->create(std::move(url), std::move(events), "", std::move(secret), kAdmin, kT0,
                       std::move(done));
    });
    BOOST_REQUIRE(!made.has_value());
    BOOST_TEST((made.error().code == domain::ErrorCode::kValidation));
    std::vector<std::string> fields;
    for (const domain::FieldError& f : made.error().fields) fields.push_back(f.field);
    return fields;
  }

  eventstore::testing::TempDir dir;
  std::unique_ptr<eventstore::EventStore> store = eventstore::testing::open_store(dir.store());
  const std::filesystem::path key_file = dir.path() / "keys" / "webhooks.json";
  std::unique_ptr<WebhookRegistry> registry;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_registry_test)

BOOST_FIXTURE_TEST_CASE(create_logs_a_fingerprint_and_keeps_the_secret_beside_the_log, Fixture) {
  const Webhook h =
      create("https://hooks.acme.test/in", {"TicketOpened", "MessagePosted"}, "acme", kSecret);
  BOOST_TEST(h.id.starts_with("wh_"));
  BOOST_TEST(h.id.size() == 3u + 16u);
  BOOST_TEST(h.url == "https://hooks.acme.test/in");
  BOOST_TEST(h.tenant == "acme");
  BOOST_TEST(h.secret_fingerprint == sha256_hex(kSecret).substr(0, 16));
  BOOST_TEST(domain::format_instant(h.created_at) == domain::format_instant(kT0));
  BOOST_TEST(!h.deleted);

  // One event, with the fingerprint and not the secret.
  const std::vector<eventstore::Envelope> log = this->log();
  BOOST_REQUIRE(log.size() == 1u);
  BOOST_TEST(log[0].stream == kWebhooksStream);
  BOOST_TEST(log[0].type == "WebhookCreated");
  BOOST_TEST(log[0].position == h.created_position);
  BOOST_TEST(log[0].actor.id == "admin-1");
  BOOST_TEST(log[0].occurred_at_ms == kT0.time_since_epoch().count());
  BOOST_TEST(log[0].data.find(h.id) != std::string::npos);
  BOOST_TEST(log[0].data.find(h.secret_fingerprint) != std::string::npos);
  BOOST_TEST(log[0].data.find(kSecret) == std::string::npos);
  // Nor anywhere in the store's files (which do hold the fingerprint).
  BOOST_TEST(store_files_contain(dir.store(), h.secret_fingerprint));
  BOOST_TEST(!store_files_contain(dir.store(), kSecret));

  // The secret is in the key file, readable by its owner only.
  const std::map<std::string, std::string> expected{{h.id, kSecret}};
  BOOST_TEST((keys() == expected));
  BOOST_TEST(mode_of(key_file) == 0600u);
  BOOST_TEST(mode_of(key_file.parent_path()) == 0700u);
  BOOST_TEST(registry->secret(h.id).value_or("") == kSecret);

  BOOST_REQUIRE(registry->get(h.id).has_value());
  BOOST_TEST(registry->get(h.id)->url == h.url);
  BOOST_REQUIRE(registry->list().size() == 1u);
  BOOST_TEST(registry->list()[0].id == h.id);
  const std::vector<std::string> events{"TicketOpened", "MessagePosted"};
  BOOST_TEST(registry->list()[0].events == events, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(list_gives_the_live_webhooks_in_creation_order, Fixture) {
  const Webhook a = create("https://a.test/", {"*"}, "", kSecret);
  const Webhook b = create("https://b.test/", {"*"}, "", kOtherSecret);
  const Webhook c = create("http://c.test/", {"TicketAssigned"}, "globex", kSecret);
  std::vector<std::string> ids;
  for (const Webhook& h : registry->list()) ids.push_back(h.id);
  const std::vector<std::string> expected{a.id, b.id, c.id};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
  BOOST_TEST(a.created_position < b.created_position);
  BOOST_TEST(b.created_position < c.created_position);
}

BOOST_FIXTURE_TEST_CASE(delete_logs_the_deletion_and_forgets_the_secret, Fixture) {
  const Webhook a = create("https://a.test/", {"*"}, "", kSecret);
  const Webhook b = create("https://b.test/", {"*"}, "", kOtherSecret);
  BOOST_REQUIRE(remove(a.id, kT0 + std::chrono::minutes(1)).has_value());

  const std::vector<eventstore::Envelope> log = this->log();
  BOOST_REQUIRE(log.size() == 3u);
  BOOST_TEST(log[2].type == "WebhookDeleted");
  BOOST_TEST(log[2].stream == kWebhooksStream);
  BOOST_TEST(log[2].data.find(a.id) != std::string::npos);
  BOOST_TEST(log[2].actor.id == "admin-1");

  BOOST_REQUIRE(registry->list().size() == 1u);
  BOOST_TEST(registry->list()[0].id == b.id);
  BOOST_REQUIRE(registry->get(a.id).has_value());  // still known, as deleted
  BOOST_TEST(registry->get(a.id)->deleted);
  BOOST_TEST(!registry->secret(a.id).has_value());
  const std::map<std::string, std::string> expected{{b.id, kOtherSecret}};
  BOOST_TEST((keys() == expected));

  // Deleting it again, or an id never created, is not found.
  auto again = remove(a.id, kT0);
  BOOST_REQUIRE(!again.has_value());
  BOOST_TEST((again.error().code == domain::ErrorCode::kNotFound));
  auto unknown = remove("wh_0000000000000000", kT0);
  BOOST_REQUIRE(!unknown.has_value());
  BOOST_TEST((unknown.error().code == domain::ErrorCode::kNotFound));
  BOOST_TEST(this->log().size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(a_registry_opened_again_is_rebuilt_from_the_log_and_the_key_file, Fixture) {
  const Webhook a = create("https://a.test/", {"*"}, "", kSecret);
  const Webhook b =
      create("https://b.test/", {"TicketOpened", "SlaBreached"}, "acme", kOtherSecret);
  BOOST_REQUIRE(remove(a.id, kT0).has_value());

  open();
  BOOST_REQUIRE(registry->list().size() == 1u);
  const Webhook again = registry->list()[0];
  BOOST_TEST(again.id == b.id);
  BOOST_TEST(again.url == b.url);
  BOOST_TEST(again.events == b.events, boost::test_tools::per_element());
  BOOST_TEST(again.tenant == "acme");
  BOOST_TEST(again.secret_fingerprint == b.secret_fingerprint);
  BOOST_TEST(domain::format_instant(again.created_at) == domain::format_instant(b.created_at));
  BOOST_TEST(again.created_position == b.created_position);
  BOOST_TEST(registry->secret(b.id).value_or("") == kOtherSecret);
  BOOST_REQUIRE(registry->get(a.id).has_value());
  BOOST_TEST(registry->get(a.id)->deleted);
  BOOST_TEST(!registry->secret(a.id).has_value());
}

BOOST_FIXTURE_TEST_CASE(an_invalid_webhook_is_refused_by_field_and_leaves_no_trace, Fixture) {
  using Fields = std::vector<std::string>;
  const Fields url{"url"};
  BOOST_TEST(refused_fields("ftp://hooks.test/", {"*"}, kSecret) == url);
  BOOST_TEST(refused_fields("hooks.test/in", {"*"}, kSecret) == url);
  BOOST_TEST(refused_fields("https://hooks.test/a b", {"*"}, kSecret) == url);
  BOOST_TEST(refused_fields("https://hooks.test/" + std::string(2048, 'a'), {"*"}, kSecret) == url);

  const Fields events{"events"};
  BOOST_TEST(refused_fields("https://hooks.test/", {}, kSecret) == events);
  BOOST_TEST(refused_fields("https://hooks.test/", {"TicketOpened", "TicketExploded"}, kSecret) ==
             events);

  const Fields secret{"secret"};
  BOOST_TEST(refused_fields("https://hooks.test/", {"*"}, std::string(15, 's')) == secret);
  BOOST_TEST(refused_fields("https://hooks.test/", {"*"}, std::string(513, 's')) == secret);

  // Every bad field is named at once.
  const Fields all{"url", "events", "secret"};
  BOOST_TEST(refused_fields("mailto:x@y.test", {"Nope"}, "short") == all,
             boost::test_tools::per_element());

  BOOST_TEST(this->log().empty());
  BOOST_TEST(!std::filesystem::exists(key_file));
  BOOST_TEST(registry->list().empty());

  // The bounds themselves are accepted.
  create("https://hooks.test/", {"*"}, "", std::string(16, 's'));
  create("https://hooks.test/", {"*"}, "", std::string(512, 's'));
  BOOST_TEST(registry->list().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
