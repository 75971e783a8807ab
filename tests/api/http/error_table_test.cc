// The one error model: every code of the error set has its row in the
// table, the statuses and wire codes are the ones API.md promises, every
// problem answer is built from the table, and a 500 says nothing of what
// failed but names a correlation id, which the access log line of the
// request carries with the failure.

#include "api/http/error_table.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "api/http/access_log.h"
#include "api/http/problem.h"

namespace ticketd::api {
namespace {

using domain::ErrorCode;

std::string member(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(json);
  simdjson::dom::element value;
  if (root[key].get(value) != simdjson::SUCCESS) return "<absent>";
  if (value.is_string()) return std::string(value.get_string().value());
  if (value.is_uint64()) return std::to_string(value.get_uint64().value());
  if (value.is_int64()) return std::to_string(value.get_int64().value());
  return std::string(simdjson::minify(value));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(error_table_test)

BOOST_AUTO_TEST_CASE(every_code_has_its_row_in_code_order) {
  BOOST_TEST(problem_types().size() == domain::kErrorCodeCount);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < problem_types().size(); ++i) {
    const ProblemType& row = problem_types()[i];
    BOOST_TEST(static_cast<std::size_t>(row.code) == i);
    BOOST_TEST(!row.title.empty());
    BOOST_TEST(static_cast<unsigned>(row.status) >= 400u);
    const std::string_view name = domain::to_string(row.code);
    BOOST_TEST(name != "unknown");
    BOOST_TEST(names.insert(name).second, "wire code " << name << " is used twice");
    BOOST_TEST(problem_type_uri(row.code) == std::string(kProblemTypeBase) + std::string(name));
  }
}

// Clients branch on these (API.md, e2e tests): a change here breaks them.
BOOST_AUTO_TEST_CASE(wire_codes_and_statuses_are_the_ones_clients_know) {
  const std::vector<std::tuple<ErrorCode, std::string_view, unsigned>> expected{
      {ErrorCode::kValidation, "validation", 422},
      {ErrorCode::kForbidden, "forbidden", 403},
      {ErrorCode::kNotFound, "not_found", 404},
      {ErrorCode::kInvalidTransition, "invalid_transition", 409},
      {ErrorCode::kTicketClosed, "ticket_closed", 409},
      {ErrorCode::kConflict, "conflict", 409},
      {ErrorCode::kPreconditionFailed, "precondition_failed", 412},
      {ErrorCode::kIdempotencyKeyReused, "idempotency_key_reused", 422},
      {ErrorCode::kUnauthorized, "unauthorized", 401},
      {ErrorCode::kRateLimited, "rate_limited", 429},
      {ErrorCode::kMalformedRequest, "malformed_request", 400},
      {ErrorCode::kMalformedJson, "malformed_json", 400},
      {ErrorCode::kInvalidUtf8, "invalid_utf8", 400},
      {ErrorCode::kMalformedQuery, "malformed_query", 400},
      {ErrorCode::kBadCursor, "bad_cursor", 400},
      {ErrorCode::kMethodNotAllowed, "method_not_allowed", 405},
      {ErrorCode::kBodyTooLarge, "body_too_large", 413},
      {ErrorCode::kUnsupportedMediaType, "unsupported_media_type", 415},
      {ErrorCode::kHeaderTooLarge, "header_too_large", 431},
      {ErrorCode::kSenderNotRequester, "sender_not_requester", 403},
      {ErrorCode::kAutoSubmitted, "auto_submitted", 422},
      {ErrorCode::kUnknownRecipient, "unknown_recipient", 422},
      {ErrorCode::kInvalidCredentials, "invalid_credentials", 401},
      {ErrorCode::kCsrfTokenInvalid, "csrf_token_invalid", 403},
      {ErrorCode::kSignInLocked, "sign_in_locked", 429},
      {ErrorCode::kAttachmentTooLarge, "attachment_too_large", 413},
      {ErrorCode::kQuotaExceeded, "attachment_quota_exceeded", 413},
      {ErrorCode::kTypeNotAllowed, "attachment_type_not_allowed", 422},
      {ErrorCode::kIncompleteBody, "incomplete_body", 400},
      {ErrorCode::kRangeNotSatisfiable, "range_not_satisfiable", 416},
      {ErrorCode::kReadSideBehind, "read_side_behind", 503},
      {ErrorCode::kNotReady, "not_ready", 503},
      {ErrorCode::kUnavailable, "unavailable", 503},
      {ErrorCode::kOverloaded, "overloaded", 503},
      {ErrorCode::kTooManyConnections, "too_many_connections", 503},
      {ErrorCode::kInternal, "internal", 500},
  };
  BOOST_TEST(expected.size() == domain::kErrorCodeCount);
  for (const auto& [code, name, status] : expected) {
    BOOST_TEST(domain::to_string(code) == name);
    BOOST_TEST(static_cast<unsigned>(status_for(code)) == status, name);
  }
}

BOOST_AUTO_TEST_CASE(a_problem_answer_comes_from_the_table) {
  const Response r = problem_response(
      domain::make_error(ErrorCode::kPreconditionFailed, "the ticket is at version 3, not 2"));
  BOOST_TEST(r.result_int() == 412u);
  BOOST_TEST(r[http::field::content_type] == "application/problem+json");
  BOOST_TEST(member(r.body(), "type") == "https://ticketd.dev/problems/precondition_failed");
  BOOST_TEST(member(r.body(), "title") == "Precondition Failed");
  BOOST_TEST(member(r.body(), "status") == "412");
  BOOST_TEST(member(r.body(), "detail") == "the ticket is at version 3, not 2");
  BOOST_TEST(member(r.body(), "code") == "precondition_failed");
  BOOST_TEST(member(r.body(), "correlation_id") == "<absent>");

  domain::Error invalid = domain::make_error(ErrorCode::kValidation, "subject: is required");
  invalid.fields.push_back({"subject", "is required"});
  const Response v = problem_response(invalid);
  BOOST_TEST(v.result_int() == 422u);
  BOOST_TEST(member(v.body(), "errors") == R"([{"field":"subject","message":"is required"}])");
}

BOOST_AUTO_TEST_CASE(an_internal_answer_names_a_correlation_id_and_nothing_of_the_failure) {
  const std::string id = new_correlation_id();
  BOOST_TEST(id.size() == 32u);
  BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(new_correlation_id() != id);

  const Response r = internal_error_response(id);
  BOOST_TEST(r.result_int() == 500u);
  BOOST_TEST(r[kCorrelationIdHeader] == id);
  BOOST_TEST(member(r.body(), "code") == "internal");
  BOOST_TEST(member(r.body(), "correlation_id") == id);
  BOOST_TEST(member(r.body(), "detail") == std::string(kInternalDetail));

  // Built from an error value, an internal error's message stays out too.
  const Response leaked = problem_response(domain::make_error(
      ErrorCode::kInternal, "the event store failed: IO error: /data/log/000012.log"));
  BOOST_TEST(leaked.result_int() == 500u);
  BOOST_TEST(leaked.body().find("000012.log") == std::string::npos);
  BOOST_TEST(member(leaked.body(), "detail") == std::string(kInternalDetail));
}

BOOST_AUTO_TEST_CASE(the_log_line_of_a_failed_request_says_what_failed_under_its_id) {
  ExchangeRecord r{"127.0.0.1:5000",
                   http::verb::post,
                   "/admin/v1/tenants",
                   "/admin/v1/tenants",
                   500,
                   200,
                   std::chrono::microseconds(17)};
  const std::string plain = access_log_line(r, std::chrono::system_clock::now());
  BOOST_TEST(member(plain, "correlation_id") == "<absent>");
  BOOST_TEST(member(plain, "error") == "<absent>");

  r.correlation_id = "0123456789abcdef0123456789abcdef";
  r.error = "the event store failed: injected append failure";
  const std::string line = access_log_line(r, std::chrono::system_clock::now());
  BOOST_TEST(member(line, "correlation_id") == "0123456789abcdef0123456789abcdef");
  BOOST_TEST(member(line, "error") == "the event store failed: injected append failure");
  BOOST_TEST(member(line, "route") == "/admin/v1/tenants");
  BOOST_TEST(member(line, "status") == "500");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
