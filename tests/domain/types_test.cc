// Wire names of the domain enums and error codes, the result helpers and
// the ticket key.
#include "domain/types.h"

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/ticket_state.h"

namespace ticketd::domain {
namespace {

BOOST_AUTO_TEST_SUITE(types_test)

BOOST_AUTO_TEST_CASE(status_wire_names_round_trip) {
  const std::vector<std::pair<Status, std::string>> names = {
      {Status::kOpen, "open"},
      {Status::kInProgress, "in_progress"},
      {Status::kWaitingOnCustomer, "waiting_on_customer"},
      {Status::kOnHold, "on_hold"},
      {Status::kResolved, "resolved"},
      {Status::kClosed, "closed"}};
  for (const auto& [status, name] : names) {
    BOOST_TEST(to_string(status) == name);
    BOOST_TEST((parse_status(name) == status), name);
  }
}

BOOST_AUTO_TEST_CASE(priority_category_role_and_target_names_round_trip) {
  const std::vector<std::pair<Priority, std::string>> priorities = {{Priority::kLow, "low"},
                                                                    {Priority::kMedium, "medium"},
                                                                    {Priority::kHigh, "high"},
                                                                    {Priority::kUrgent, "urgent"}};
  for (const auto& [p, name] : priorities) {
    BOOST_TEST(to_string(p) == name);
    BOOST_TEST((parse_priority(name) == p), name);
  }
  const std::vector<std::pair<Category, std::string>> categories = {
      {Category::kBilling, "billing"},
      {Category::kTechnical, "technical"},
      {Category::kAccount, "account"},
      {Category::kBug, "bug"},
      {Category::kFeatureRequest, "feature_request"},
      {Category::kGeneral, "general"}};
  for (const auto& [c, name] : categories) {
    BOOST_TEST(to_string(c) == name);
    BOOST_TEST((parse_category(name) == c), name);
  }
  const std::vector<std::pair<Role, std::string>> roles = {{Role::kCustomer, "customer"},
                                                           {Role::kCustomerAdmin, "customer_admin"},
                                                           {Role::kAgent, "agent"},
                                                           {Role::kAdmin, "admin"},
                                                           {Role::kSystem, "system"}};
  for (const auto& [r, name] : roles) {
    BOOST_TEST(to_string(r) == name);
    BOOST_TEST((parse_role(name) == r), name);
  }
  BOOST_TEST(to_string(SlaTargetKind::kFirstResponse) == "first_response");
  BOOST_TEST(to_string(SlaTargetKind::kResolution) == "resolution");
  BOOST_TEST((parse_sla_target_kind("resolution") == SlaTargetKind::kResolution));
}

BOOST_AUTO_TEST_CASE(unknown_or_differently_cased_names_do_not_parse) {
  BOOST_TEST(!parse_status("Open"));
  BOOST_TEST(!parse_status("in-progress"));
  BOOST_TEST(!parse_status(""));
  BOOST_TEST(!parse_priority("critical"));
  BOOST_TEST(!parse_category("General"));
  BOOST_TEST(!parse_role("root"));
  BOOST_TEST(!parse_sla_target_kind("response"));
}

BOOST_AUTO_TEST_CASE(error_codes_have_stable_wire_names) {
  BOOST_TEST(to_string(ErrorCode::kValidation) == "validation");
  BOOST_TEST(to_string(ErrorCode::kForbidden) == "forbidden");
  BOOST_TEST(to_string(ErrorCode::kNotFound) == "not_found");
  BOOST_TEST(to_string(ErrorCode::kInvalidTransition) == "invalid_transition");
  BOOST_TEST(to_string(ErrorCode::kTicketClosed) == "ticket_closed");
  BOOST_TEST(to_string(ErrorCode::kConflict) == "conflict");
}

BOOST_AUTO_TEST_CASE(taking_the_value_of_an_error_result_is_a_logic_error) {
  const Result<int> failed = make_error(ErrorCode::kConflict, "already there");
  BOOST_TEST(!failed.has_value());
  BOOST_TEST(failed.error().message == "already there");
  try {
    (void)failed.value();
    BOOST_FAIL("value() of an error result did not throw");
  } catch (const std::logic_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("conflict") != std::string::npos, what);
    BOOST_TEST(what.find("already there") != std::string::npos, what);
  }
  const Result<int> fine = 42;
  BOOST_TEST(fine.value() == 42);
}

BOOST_AUTO_TEST_CASE(customer_and_staff_role_groups) {
  BOOST_TEST(is_customer(Role::kCustomer));
  BOOST_TEST(is_customer(Role::kCustomerAdmin));
  BOOST_TEST(!is_customer(Role::kAgent));
  BOOST_TEST(!is_customer(Role::kSystem));
  BOOST_TEST(is_staff(Role::kAgent));
  BOOST_TEST(is_staff(Role::kAdmin));
  BOOST_TEST(is_staff(Role::kSystem));
  BOOST_TEST(!is_staff(Role::kCustomerAdmin));
}

BOOST_AUTO_TEST_CASE(ticket_key_is_tenant_dash_number) {
  TicketState state = initial_state();
  BOOST_TEST(!state.exists);
  BOOST_TEST(state.version == 0u);
  state.tenant = "acme";
  state.number = 42;
  BOOST_TEST(state.key() == "acme-42");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
