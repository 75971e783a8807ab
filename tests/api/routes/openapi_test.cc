// /openapi.json and the route table must describe the same API: every
// route appears in the document, every documented operation is a route,
// and the routes API.md lists are all there.

#include "api/routes/openapi.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>

#include "api/http/error_table.h"
#include "api/routes/app.h"
#include "api/routes/request_metrics.h"

namespace ticketd::api {
namespace {

struct Fixture {
  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("ticketd-openapi-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(dir);
    store = std::move(eventstore::EventStore::open(dir / "log").value());
    projections = std::move(projections::Projections::open(*store, dir / "projections").value());
    directory = std::move(Directory::open(*store, "").value());
    app = std::make_unique<App>(*store, *projections, *directory, io, App::Options{});
    add_all_routes(router, *app, metrics);
  }
  ~Fixture() {
    projections->stop();
    projections.reset();
    store->close();
    std::filesystem::remove_all(dir);
  }
  static inline int counter = 0;
  std::filesystem::path dir;
  boost::asio::io_context io;
  std::unique_ptr<eventstore::EventStore> store;
  std::unique_ptr<projections::Projections> projections;
  std::unique_ptr<Directory> directory;
  std::unique_ptr<App> app;
  RequestMetrics metrics;
  Router router;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// (method, path) of every operation in the document.
std::set<std::pair<std::string, std::string>> documented(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(json);
  BOOST_REQUIRE(std::string_view(doc["openapi"]) == "3.1.0");
  std::set<std::pair<std::string, std::string>> ops;
  for (auto [path, item] : simdjson::dom::object(doc["paths"])) {
    for (auto [method, op] : simdjson::dom::object(item)) {
      BOOST_TEST(!std::string_view(op["summary"]).empty());
      ops.emplace(std::string(method), std::string(path));
    }
  }
  return ops;
}

BOOST_AUTO_TEST_SUITE(openapi_test)

BOOST_FIXTURE_TEST_CASE(every_route_is_documented_and_every_operation_is_a_route, Fixture) {
  const auto ops = documented(openapi_document(router, ""));
  std::set<std::pair<std::string, std::string>> routes;
  for (const Route& r : router.routes()) {
    routes.emplace(lower(std::string(http::to_string(r.method))), r.pattern);
  }
  BOOST_TEST(ops.size() == routes.size());
  for (const auto& r : routes)
    BOOST_TEST(ops.contains(r), r.first << " " << r.second << " undocumented");
  for (const auto& o : ops)
    BOOST_TEST(routes.contains(o), o.first << " " << o.second << " is no route");
}

BOOST_FIXTURE_TEST_CASE(the_routes_of_api_md_are_all_served, Fixture) {
  const auto ops = documented(openapi_document(router, ""));
  // API.md's tables.
  const std::pair<std::string, std::string> expected[] = {
      {"post", "/v1/tickets"},
      {"get", "/v1/tickets"},
      {"get", "/v1/tickets/{id}"},
      {"post", "/v1/tickets/{id}/messages"},
      {"post", "/v1/tickets/{id}/close"},
      {"post", "/v1/tickets/{id}/satisfaction"},
      {"post", "/admin/v1/tickets"},
      {"get", "/admin/v1/tickets"},
      {"get", "/admin/v1/tickets/{id}"},
      {"post", "/admin/v1/tickets/{id}/messages"},
      {"post", "/admin/v1/tickets/{id}/assign"},
      {"post", "/admin/v1/tickets/{id}/status"},
      {"post", "/admin/v1/tickets/{id}/priority"},
      {"post", "/admin/v1/tickets/{id}/category"},
      {"post", "/admin/v1/tickets/{id}/escalate"},
      {"post", "/admin/v1/tickets/{id}/tags"},
      {"post", "/admin/v1/tickets/{id}/merge"},
      {"get", "/admin/v1/tickets/{id}/history"},
      {"get", "/admin/v1/metrics"},
      {"get", "/admin/v1/agents"},
      {"get", "/admin/v1/events"},
      {"get", "/admin/v1/events/stream"},
      {"post", "/admin/v1/tenants"},
      {"get", "/admin/v1/tenants"},
      {"put", "/admin/v1/tenants/{slug}/sla"},
      {"post", "/admin/v1/tokens"},
      {"delete", "/admin/v1/tokens/{id}"},
      {"post", "/admin/v1/projections/{name}/rebuild"},
      {"post", "/admin/v1/webhooks"},
      {"get", "/admin/v1/webhooks"},
      {"delete", "/admin/v1/webhooks/{id}"},
      {"get", "/admin/v1/webhooks/{id}/deliveries"},
      {"post", "/admin/v1/inbound/email"},
      {"get", "/healthz"},
      {"get", "/metrics"},
      {"get", "/openapi.json"},
  };
  for (const auto& e : expected)
    BOOST_TEST(ops.contains(e), e.first << " " << e.second << " missing");
}

BOOST_FIXTURE_TEST_CASE(every_event_type_is_described, Fixture) {
  simdjson::dom::parser parser;
  const std::string json = openapi_document(router, "");
  simdjson::dom::element doc = parser.parse(json);
  std::set<std::string> described;
  for (simdjson::dom::element t :
       simdjson::dom::array(doc["components"]["schemas"]["EventType"]["oneOf"])) {
    BOOST_TEST(!std::string_view(t["description"]).empty(), std::string_view(t["const"]));
    described.emplace(std::string_view(t["const"]));
  }
  for (const char* type : {"TicketOpened",          "MessagePosted",
                           "TicketAssigned",        "TicketUnassigned",
                           "StatusChanged",         "PriorityChanged",
                           "CategoryChanged",       "TicketEscalated",
                           "TagsChanged",           "TicketMerged",
                           "SatisfactionRated",     "SlaWarning",
                           "SlaBreached",           "TenantCreated",
                           "TokenIssued",           "TokenRevoked",
                           "WebhookCreated",        "WebhookDeleted",
                           "NotificationQueued",    "NotificationAttempted",
                           "NotificationDelivered", "NotificationDeadLettered"}) {
    BOOST_TEST(described.contains(type), type << " undescribed");
  }
}

BOOST_FIXTURE_TEST_CASE(operation_ids_are_unique_camel_case_and_tags_are_declared, Fixture) {
  simdjson::dom::parser parser;
  const std::string json = openapi_document(router, "");
  simdjson::dom::element doc = parser.parse(json);
  std::set<std::string> tags;
  for (simdjson::dom::element t : simdjson::dom::array(doc["tags"]))
    tags.emplace(std::string_view(t["name"]));
  std::set<std::string> ids;
  for (auto [path, item] : simdjson::dom::object(doc["paths"])) {
    for (auto [method, op] : simdjson::dom::object(item)) {
      const std::string id{std::string_view(op["operationId"])};
      BOOST_TEST(ids.insert(id).second, id << " is not unique");
      BOOST_TEST(
          (!id.empty() && std::islower(static_cast<unsigned char>(id[0])) &&
           id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") ==
               std::string::npos),
          id << " is not camelCase");
      for (simdjson::dom::element tag : simdjson::dom::array(op["tags"]))
        BOOST_TEST(tags.contains(std::string(std::string_view(tag))), id << ": undeclared tag");
    }
  }
}

// Every "$ref" names something the document has.
void check_refs(simdjson::dom::element doc, simdjson::dom::element at, int& count) {
  if (at.is_object()) {
    for (auto [key, value] : simdjson::dom::object(at)) {
      if (key == "$ref") {
        const std::string_view ref(value);
        BOOST_REQUIRE(ref.starts_with("#/"));
        ++count;
        BOOST_TEST(doc.at_pointer(ref.substr(1)).error() == simdjson::SUCCESS, ref << " dangles");
      } else {
        check_refs(doc, value, count);
      }
    }
  } else if (at.is_array()) {
    for (simdjson::dom::element e : simdjson::dom::array(at)) check_refs(doc, e, count);
  }
}

BOOST_FIXTURE_TEST_CASE(every_reference_resolves, Fixture) {
  simdjson::dom::parser parser;
  const std::string json = openapi_document(router, "");
  simdjson::dom::element doc = parser.parse(json);
  int count = 0;
  check_refs(doc, doc, count);
  BOOST_TEST(count > 100);
}

BOOST_FIXTURE_TEST_CASE(error_answers_follow_what_each_route_does, Fixture) {
  simdjson::dom::parser parser;
  const std::string json = openapi_document(router, "https://help.example.com");
  simdjson::dom::element doc = parser.parse(json);
  BOOST_TEST(std::string_view(doc["servers"].at(0)["url"]) == "https://help.example.com");
  for (const Route& r : router.routes()) {
    simdjson::dom::element op =
        doc["paths"][r.pattern][lower(std::string(http::to_string(r.method)))];
    simdjson::dom::object responses = op["responses"];
    auto has = [&](unsigned status) {
      return responses[std::to_string(status)].error() == simdjson::SUCCESS;
    };
    const std::string name = r.pattern + " " + std::string(http::to_string(r.method));
    BOOST_TEST(has(r.doc.success_status), name);
    BOOST_TEST(has(400), name);
    // A public route says so; the others inherit the document's security.
    BOOST_TEST((op["security"].error() == simdjson::SUCCESS) == !r.doc.authenticated, name);
    if (r.doc.authenticated) BOOST_TEST((has(401) && has(429)), name);
    if (r.pattern.find('{') != std::string::npos) BOOST_TEST(has(404), name);
    if (!r.doc.request_schema.empty()) BOOST_TEST((has(413) && has(415) && has(422)), name);
    for (unsigned status : r.doc.errors) BOOST_TEST(has(status), name << " " << status);
    // If-Match goes with 412, and the other way round.
    bool if_match = false;
    for (simdjson::dom::element p : simdjson::dom::array(op["parameters"]))
      if_match |= std::string_view(p["name"]) == "If-Match";
    BOOST_TEST(if_match == has(412), name);
  }
}

BOOST_FIXTURE_TEST_CASE(each_error_response_names_exactly_the_codes_of_its_status, Fixture) {
  simdjson::dom::parser parser;
  const std::string json = openapi_document(router, "");
  simdjson::dom::element doc = parser.parse(json);
  std::set<std::string> all;
  for (simdjson::dom::element c :
       simdjson::dom::array(doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]))
    all.emplace(std::string_view(c));
  BOOST_TEST(all.size() == problem_types().size());
  for (auto [name, response] : simdjson::dom::object(doc["components"]["responses"])) {
    if (name == "ServerError") continue;
    simdjson::dom::element schema = response["content"]["application/problem+json"]["schema"];
    for (simdjson::dom::element code :
         simdjson::dom::array(schema["allOf"].at(1)["properties"]["code"]["enum"])) {
      const std::string_view wire(code);
      BOOST_TEST(all.contains(std::string(wire)), wire);
      bool status_matches = false;
      for (const ProblemType& p : problem_types()) {
        if (domain::to_string(p.code) == wire)
          status_matches = response["description"].get_string().value().starts_with(p.title);
      }
      BOOST_TEST(status_matches, name << ": " << wire);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
