// Parsing the queue's query-string parameters, and the view's checks of
// sort, limit and cursor.
#include "projections/queue_query.h"

#include <boost/test/unit_test.hpp>
#include <map>

#include "command_driver.h"
#include "projection_test_support.h"

namespace ticketd::projections {
namespace {

using testing::ok;

QueryParams params(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string_view> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return std::string_view(it->second);
  };
}

BOOST_AUTO_TEST_SUITE(queue_query_test)

BOOST_AUTO_TEST_CASE(parses_every_filter) {
  const QueueQuery q = ok(parse_queue_query(params({{"status", "waiting_on_customer"},
                                                    {"priority", "urgent"},
                                                    {"tenant", "acme"},
                                                    {"assignee", "none"},
                                                    {"category", "feature_request"},
                                                    {"tag", "vip"},
                                                    {"escalated", "true"},
                                                    {"breached", "false"},
                                                    {"q", "log in"},
                                                    {"sort", "-due"},
                                                    {"cursor", "abc"},
                                                    {"limit", "20"}})));
  BOOST_TEST((q.status == domain::Status::kWaitingOnCustomer));
  BOOST_TEST((q.priority == domain::Priority::kUrgent));
  BOOST_TEST(*q.tenant == "acme");
  BOOST_TEST(q.unassigned);
  BOOST_TEST(!q.assignee.has_value());
  BOOST_TEST((q.category == domain::Category::kFeatureRequest));
  BOOST_TEST(*q.tag == "vip");
  BOOST_TEST(*q.escalated);
  BOOST_TEST(!*q.breached);
  BOOST_TEST(q.q == "log in");
  BOOST_TEST(q.sort == "-due");
  BOOST_TEST(q.cursor == "abc");
  BOOST_TEST(*q.limit == 20);
  BOOST_TEST(*ok(parse_queue_query(params({{"assignee", "agent-7"}}))).assignee == "agent-7");
}

BOOST_AUTO_TEST_CASE(names_the_invalid_parameter) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"status", "pending"},
                                                        {"priority", "URGENT"},
                                                        {"category", "x"},
                                                        {"escalated", "yes"},
                                                        {"breached", "1"},
                                                        {"limit", "ten"},
                                                        {"limit", "5x"}}) {
    auto r = parse_queue_query(params({{name, value}}));
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().field == name);
    BOOST_TEST((r.error().code == QueryErrorCode::kValidation));
    const domain::Error e = to_domain_error(r.error());
    BOOST_TEST((e.code == domain::ErrorCode::kValidation));
    BOOST_REQUIRE(e.fields.size() == 1u);
    BOOST_TEST(e.fields.front().field == name);
  }
}

BOOST_AUTO_TEST_CASE(limits_default_clamp_and_reject) {
  BOOST_TEST(ok(page_limit(std::nullopt)) == 50u);
  BOOST_TEST(ok(page_limit(500)) == 500u);
  BOOST_TEST(ok(page_limit(501)) == 500u);
  BOOST_TEST(ok(page_limit(1)) == 1u);
  BOOST_TEST(!page_limit(0).has_value());
  BOOST_TEST(!page_limit(-3).has_value());
  BOOST_TEST(*ok(parse_limit(std::string_view("99999999999999999999999"))) == kMaxPageLimit);
}

BOOST_AUTO_TEST_CASE(sorts_parse_and_print) {
  for (const char* s :
       {"created", "-created", "updated", "-updated", "priority", "-priority", "due", "-due"}) {
    const std::optional<QueueSort> sort = parse_queue_sort(s);
    BOOST_REQUIRE(sort.has_value());
    BOOST_TEST(to_string(*sort) == s);
  }
  for (const char* s : {"", "-", "--created", "Created", "created ", "id"})
    BOOST_TEST(!parse_queue_sort(s));
}

BOOST_AUTO_TEST_CASE(the_view_refuses_bad_sorts_limits_and_cursors) {
  testing::TempDir dir;
  auto store = testing::open_store(dir.log());
  auto projections = testing::open_projections(*store, dir.views());
  testing::CommandDriver driver(*store, 1);
  for (int i = 0; i < 60; ++i) driver.step();
  testing::await_caught_up(*projections, *store);
  const QueueView& view = projections->queue();

  auto error_of = [&](QueueQuery q) {
    auto r = view.query(q);
    BOOST_REQUIRE(!r.has_value());
    return r.error().code;
  };
  QueueQuery q;
  q.sort = "oldest";
  BOOST_TEST((error_of(q) == QueryErrorCode::kValidation));
  q = QueueQuery{};
  q.limit = 0;
  BOOST_TEST((error_of(q) == QueryErrorCode::kValidation));
  q = QueueQuery{};
  q.cursor = "garbage";
  BOOST_TEST((error_of(q) == QueryErrorCode::kBadCursor));
  BOOST_TEST((to_domain_error(QueryError{QueryErrorCode::kBadCursor, "", "bad"}).code ==
              domain::ErrorCode::kBadCursor));

  // A cursor is bound to its sort, and to the listing that made it.
  q = QueueQuery{};
  q.limit = 1;
  q.sort = "updated";
  const TicketPage page = ok(view.query(q));
  BOOST_REQUIRE(page.next_cursor.has_value());
  q.cursor = *page.next_cursor;
  BOOST_TEST(ok(view.query(q)).items.size() == 1u);
  q.sort = "-updated";
  BOOST_TEST((error_of(q) == QueryErrorCode::kBadCursor));
  TenantQuery t;
  t.caller = driver.customers()[2];
  t.cursor = *page.next_cursor;
  auto tenant_answer = projections->tenant().query(t);
  BOOST_REQUIRE(!tenant_answer.has_value());
  BOOST_TEST((tenant_answer.error().code == QueryErrorCode::kBadCursor));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections
