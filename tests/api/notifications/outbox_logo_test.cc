// The outbox folds the tenants stream in log order, so each email shows the
// tenant's logo as it was when the email's event happened: none before it
// was set, the logo of that moment under --public-url, none again once it is
// removed, and none at all without a public URL (mail clients could not
// fetch it).

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "api/commands/directory.h"
#include "api/notifications/outbox.h"
#include "tests/api/notifications/outbox_test_support.h"

namespace ticketd::api::testing {
namespace {

const domain::TenantLogo kPng{"0123456789ab" + std::string(52, 'c'), "image/png", 68};
const domain::TenantLogo kGif{"fedcba987654" + std::string(52, 'd'), "image/gif", 35};
constexpr std::string_view kPublic = "https://help.acme.test";

// Sets or (without `logo`) removes acme's logo through the directory.
void change_logo(Directory& dir, std::optional<domain::TenantLogo> logo) {
  auto changed = answer<Tenant>([&](auto done) {
    if (logo) {
      dir.set_logo("acme", *logo, kAdmin, kT0, std::move(done));
    } else {
      dir.remove_logo("acme", kAdmin, kT0, std::move(done));
    }
  });
  BOOST_REQUIRE_MESSAGE(changed.has_value(), "logo change refused");
}

// The HTML of each email queued, in order (JSON-escaped, as the log has it).
std::vector<std::string> queued_html(const eventstore::EventStore& store) {
  std::vector<std::string> out;
  for (const eventstore::Envelope& e :
       events_of(store, kEmailNotificationStream, "NotificationQueued")) {
    out.push_back(e.data.substr(e.data.find("\"html\":")));
  }
  return out;
}

std::string img_of(const domain::TenantLogo& logo) {
  return "<img src=\\\"" + std::string(kPublic) +
         "/v1/tenants/acme/logo?v=" + logo.sha256.substr(0, 12) +
         "\\\" alt=\\\"Acme Corp\\\" height=\\\"32\\\"";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_logo_test)

BOOST_FIXTURE_TEST_CASE(each_email_shows_the_logo_the_tenant_had_at_its_event, OutboxFixture) {
  auto dir = std::move(Directory::open(*store, "").value());
  BOOST_REQUIRE(answer<Tenant>([&](auto done) {
                  dir->create_tenant("acme", "Acme Corp", kAdmin, kT0, std::move(done));
                }).has_value());
  // A logo set and replaced before the outbox starts is folded from the log.
  change_logo(*dir, kGif);
  change_logo(*dir, kPng);
  OutboxOptions o = options();
  o.public_url = std::string(kPublic);
  start(std::move(o));
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  wait_until([&] { return queued_html(*store).size() == 1; }, "the opening's email");
  change_logo(*dir, kGif);
  run(commands, "t1", domain::PostMessage{"t1-m2", "We are on it", false}, kAgent);
  wait_until([&] { return queued_html(*store).size() == 2; }, "the reply's email");
  change_logo(*dir, std::nullopt);
  const CommandOutcome last =
      run(commands, "t1", domain::PostMessage{"t1-m3", "Fixed now", false}, kAgent);
  wait_until([&] { return queued_html(*store).size() == 3; }, "the second reply's email");
  wait_decided(last.position);

  const std::vector<std::string> html = queued_html(*store);
  BOOST_TEST(html[0].find(img_of(kPng)) != std::string::npos, html[0]);
  BOOST_TEST(html[1].find(img_of(kGif)) != std::string::npos, html[1]);
  for (const std::string& h : html) {
    // The name stays as text beside it (and, once removed, alone).
    BOOST_TEST(h.find("Acme Corp</") != std::string::npos);
  }
  BOOST_TEST(html[2].find("<img") == std::string::npos, html[2]);
  BOOST_TEST(html[2].find("/logo?v=") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(without_a_public_url_no_email_shows_a_logo, OutboxFixture) {
  auto dir = std::move(Directory::open(*store, "").value());
  BOOST_REQUIRE(answer<Tenant>([&](auto done) {
                  dir->create_tenant("acme", "Acme Corp", kAdmin, kT0, std::move(done));
                }).has_value());
  change_logo(*dir, kPng);
  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  wait_until([&] { return queued_html(*store).size() == 1; }, "the opening's email");
  const std::string html = queued_html(*store).front();
  BOOST_TEST(html.find("<img") == std::string::npos, html);
  BOOST_TEST(html.find("Acme Corp</div>") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api::testing
