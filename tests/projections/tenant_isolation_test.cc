// Isolation: whatever a customer or customer admin asks the tenant view,
// no answer holds another tenant's ticket, a ticket they may not see, or
// any trace of an internal note: neither its text, nor a count, nor a
// change of updated_at or version.
#include <boost/test/unit_test.hpp>

#include "command_driver.h"
#include "domain/decide.h"
#include "domain/validation.h"
#include "naive_views.h"
#include "projection_test_support.h"
#include "projections/summary_json.h"
#include "view_checks.h"

namespace ticketd::projections::testing {
namespace {

// Every page of every caller and status filter, as JSON.
std::string everything_customers_see(const TenantView& view, const CommandDriver& driver) {
  std::string out;
  for (const domain::Actor& caller : customer_callers(driver)) {
    for (int s = -1; s < 6; ++s) {
      TenantQuery q;
      q.caller = caller;
      if (s >= 0) q.status = static_cast<domain::Status>(s);
      domain::JsonWriter w(out);
      w.begin_array();
      for (const TicketSummary& item : all_pages(view, q, 3)) write_ticket_summary(w, item);
      w.end_array();
    }
  }
  return out;
}

// Internal notes with a recognisable text on every ticket that takes one.
void write_secret_notes(CommandDriver& driver, int round) {
  const domain::Actor agent = driver.agents()[0];
  int n = 0;
  for (const auto& [id, tenant] : driver.tickets()) {
    const std::string body = "SECRET note " + std::to_string(round) + "-" + std::to_string(n++);
    driver.run(id, domain::PostMessage{"note-" + std::to_string(round) + "-" + id, body, true},
               agent, tenant);
  }
}

// SLA warnings for every first-response target still running.
int write_sla_warnings(CommandDriver& driver) {
  const domain::Actor system{"system", domain::Role::kSystem, "", "", "ticketd"};
  int warned = 0;
  for (const auto& [id, tenant] : driver.tickets()) {
    const domain::TicketState state = driver.load(id);
    if (!state.sla.first_response_due) continue;
    warned += driver.run(id,
                         domain::RecordSlaWarning{domain::SlaTargetKind::kFirstResponse,
                                                  *state.sla.first_response_due},
                         system, tenant);
  }
  return warned;
}

BOOST_AUTO_TEST_SUITE(tenant_isolation_test)

BOOST_AUTO_TEST_CASE(customers_see_only_their_tickets_and_no_trace_of_internal_notes) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto projections = open_projections(*store, dir.views());
  CommandDriver driver(*store, 99);
  for (int i = 0; i < 800; ++i) driver.step();
  write_secret_notes(driver, 1);
  await_caught_up(*projections, *store);
  const NaiveViews naive(*store);

  std::size_t seen = 0;
  for (const domain::Actor& caller : customer_callers(driver)) {
    TenantQuery q;
    q.caller = caller;
    for (const TicketSummary& item : all_pages(projections->tenant(), q, 4)) {
      ++seen;
      BOOST_TEST_CONTEXT(caller.id << "@" << caller.tenant << " sees " << item.key) {
        BOOST_TEST(item.tenant == caller.tenant);
        const NaiveTicket* ticket = nullptr;
        for (const NaiveTicket& t : naive.tickets()) {
          if (t.state.id == item.id) ticket = &t;
        }
        BOOST_REQUIRE(ticket != nullptr);
        BOOST_TEST(domain::visible_to(ticket->state, caller));
        if (caller.role == domain::Role::kCustomer) {
          BOOST_TEST((domain::same_email(item.requester.email, caller.email) ||
                      item.requester.id == caller.id));
        }
        BOOST_TEST(item.message_count == ticket->state.public_message_count);
        BOOST_TEST(item.version <= ticket->state.version);
        std::string json;
        domain::JsonWriter w(json);
        write_ticket_summary(w, item);
        BOOST_TEST(json.find("SECRET") == std::string::npos);
      }
    }
  }
  BOOST_TEST(seen > 100u);  // the callers do see plenty

  // Internal notes (and SLA warnings, equally internal) change nothing a
  // customer sees, byte for byte.
  const std::string before = everything_customers_see(projections->tenant(), driver);
  write_secret_notes(driver, 2);
  const std::uint64_t before_warnings = store->head();
  write_sla_warnings(driver);
  BOOST_TEST(store->head() > before_warnings);  // some warnings were recorded
  await_caught_up(*projections, *store);
  BOOST_TEST((everything_customers_see(projections->tenant(), driver) == before),
             "what customers see changed after internal notes and SLA warnings");
  // ...while agents see them.
  QueueQuery all;
  all.limit = 500;
  for (const TicketSummary& item : ok(projections->queue().query(all)).items) {
    BOOST_TEST(item.message_count > 0u);
  }

  // Staff and anonymous callers get no tenant view at all.
  for (domain::Role role : {domain::Role::kAgent, domain::Role::kAdmin, domain::Role::kSystem}) {
    TenantQuery q;
    q.caller = domain::Actor{"x", role, driver.tenants()[0], "x@x.test", "X"};
    auto answer = projections->tenant().query(q);
    BOOST_REQUIRE(!answer.has_value());
    BOOST_TEST((answer.error().code == QueryErrorCode::kForbidden));
  }
  TenantQuery no_tenant;
  no_tenant.caller = domain::Actor{"x", domain::Role::kCustomerAdmin, "", "x@x.test", "X"};
  BOOST_TEST(!projections->tenant().query(no_tenant).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections::testing
