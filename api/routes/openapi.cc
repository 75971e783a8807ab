// /openapi.json is generated from the route table, so a route cannot exist
// without its description (tests/api/openapi_test.cc checks both ways, and
// the Redocly lint in the test suite checks it as integrators would).

#include "api/routes/openapi.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/http/error_table.h"
#include "api/routes/app.h"
#include "api/routes/openapi_schemas.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

struct TagDoc {
  std::string_view name;
  std::string_view description;
};

// RouteDoc::tag is one of these, in the order documentation shows them.
constexpr TagDoc kTags[] = {
    {"Portal", "Customers: their own tickets (and their organisation's for customer admins)"},
    {"Tickets", "Staff: the queue, a ticket and every command on it"},
    {"Attachments", "Files on messages: uploads (streamed into the blob store) and downloads"},
    {"Events", "The log itself: the events feed and its live stream"},
    {"Reports", "Metrics and agents' workload"},
    {"Tenants", "Tenants, their SLA policy with business hours, and settings"},
    {"Agents", "Agents' auto-assign availability and cap"},
    {"Accounts", "People who sign in: invitations, roles, disabling"},
    {"Auth", "Signing in and out, one's own sessions, password and personal tokens"},
    {"Tokens", "API tokens issued by the platform admin"},
    {"Webhooks", "Webhook subscriptions and their delivery log"},
    {"Mail", "Inbound email from the mail server"},
    {"Audit", "The log's integrity: whole-log verification and signed checkpoints"},
    {"Operations", "Health, metrics, this document, projections and automation"},
};

// Header parameters a RouteDoc may name.
constexpr std::pair<std::string_view, std::string_view> kHeaders[] = {
    {"If-Match",
     R"({"name":"If-Match","in":"header","description":"The ticket's version (its ETag): the command is refused with 412 when the ticket has changed since","schema":{"type":"string"}})"},
    {"Idempotency-Key",
     R"({"name":"Idempotency-Key","in":"header","description":"Makes a retry safe: the same key with the same request answers the first outcome; with another request 422","schema":{"type":"string","maxLength":128}})"},
    {"Last-Event-ID",
     R"({"name":"Last-Event-ID","in":"header","description":"The last position received (EventSource sends it when reconnecting); wins over after","schema":{"type":"integer","minimum":0}})"},
};

// The response component of each error status.
std::string_view response_name(unsigned status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 413:
      return "PayloadTooLarge";
    case 416:
      return "RangeNotSatisfiable";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "UnprocessableEntity";
    case 429:
      return "TooManyRequests";
    case 503:
      return "ServiceUnavailable";
    default:
      return {};
  }
}

// What a path parameter names, by the segment before it.
std::string path_parameter_description(std::string_view path, std::size_t brace) {
  const std::size_t end = brace - 1;  // the '/' before '{'
  const std::size_t start = path.rfind('/', end - 1) + 1;
  const std::string_view segment = path.substr(start, end - start);
  if (segment == "tickets") return "The ticket's id, or its key <tenant>-<number>";
  if (segment == "tenants") return "The tenant's slug";
  if (segment == "projections") return "The projection: queue, tenant or metrics";
  return "The " + std::string(segment.substr(0, segment.size() - 1)) + "'s id";
}

// Whether every role may call the route (one's own account, sessions,
// tokens): then only a change can be refused with 403 (its CSRF token).
bool any_role(const RouteDoc& doc) {
  static const std::vector<std::string> kEveryRole =
      with_audience(RouteDoc{}, Audience::kAnyone).roles;
  return doc.roles == kEveryRole;
}

void write_success(domain::JsonWriter& w, const RouteDoc& doc, unsigned status) {
  w.key(std::to_string(status));
  w.begin_object();
  w.member("description", status == 204   ? "Done; no content"
                          : status == 201 ? "Created"
                          : status == 202 ? "Accepted"
                          : status == 304 ? "Not modified: If-None-Match named it; no content"
                                          : "Success");
  if (!doc.response_schema.empty() && status != 304) {
    w.key("content");
    w.begin_object();
    w.key(doc.response_media_type);
    w.begin_object();
    w.key("schema");
    w.raw(doc.response_schema);
    if (!doc.response_example.empty()) {
      w.key("example");
      w.raw(doc.response_example);
    }
    w.end_object();
    w.end_object();
  }
  w.end_object();
}

void write_responses(domain::JsonWriter& w, const Route& r) {
  w.key("responses");
  w.begin_object();
  write_success(w, r.doc, r.doc.success_status);
  if (r.doc.other_success_status != 0) write_success(w, r.doc, r.doc.other_success_status);
  for (unsigned status : error_statuses(r)) {
    w.key(std::to_string(status));
    w.raw(R"({"$ref":"#/components/responses/)" + std::string(response_name(status)) + R"("})");
  }
  w.key("default");
  w.raw(R"({"$ref":"#/components/responses/ServerError"})");
  w.end_object();
}

void write_parameters(domain::JsonWriter& w, const Route& r) {
  const std::string& path = r.pattern;
  w.key("parameters");
  w.begin_array();
  for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
    w.begin_object();
    w.member("name", path.substr(at + 1, path.find('}', at) - at - 1));
    w.member("in", "path");
    w.member("required", true);
    w.member("description", path_parameter_description(path, at));
    w.key("schema");
    w.raw(R"({"type":"string"})");
    w.end_object();
  }
  for (const QueryDoc& q : r.doc.query) {
    w.begin_object();
    w.member("name", q.name);
    w.member("in", "query");
    if (!q.description.empty()) w.member("description", q.description);
    w.key("schema");
    w.raw(q.schema);
    w.end_object();
  }
  for (const std::string& h : r.doc.headers) {
    for (const auto& [name, parameter] : kHeaders)
      if (name == h) w.raw(parameter);
  }
  w.end_array();
}

void write_operation(domain::JsonWriter& w, const Route& r) {
  w.begin_object();
  w.member("operationId", r.doc.operation_id);
  w.member("summary", r.doc.summary);
  if (!r.doc.description.empty()) w.member("description", r.doc.description);
  w.key("tags");
  w.begin_array();
  w.value(r.doc.tag);
  w.end_array();
  // The document's security (a token or a session) holds unless a route
  // is open to anyone.
  if (!r.doc.authenticated) {
    w.key("security");
    w.raw("[]");
  }
  if (!r.doc.roles.empty()) {
    w.key("x-roles");
    w.begin_array();
    for (const std::string& role : r.doc.roles) w.value(role);
    w.end_array();
    w.member("x-platform-only", r.doc.platform_only);
  }
  write_parameters(w, r);
  if (!r.doc.request_schema.empty()) {
    w.key("requestBody");
    w.begin_object();
    w.member("required", true);
    w.key("content");
    w.begin_object();
    w.key(r.doc.request_media_type);
    w.begin_object();
    w.key("schema");
    w.raw(r.doc.request_schema);
    if (!r.doc.request_example.empty()) {
      w.key("example");
      w.raw(r.doc.request_example);
    }
    w.end_object();
    for (const auto& [media_type, schema] : r.doc.other_request_media_types) {
      w.key(media_type);
      w.begin_object();
      w.key("schema");
      w.raw(schema);
      w.end_object();
    }
    w.end_object();
    w.end_object();
  }
  write_responses(w, r);
  w.end_object();
}

// components/responses: one per error status an operation uses, naming the
// codes (error_table.h) that come with it.
void write_error_responses(domain::JsonWriter& w, const std::set<unsigned>& used) {
  std::map<unsigned, std::vector<std::string_view>> codes;
  for (const ProblemType& p : problem_types())
    codes[static_cast<unsigned>(p.status)].push_back(domain::to_string(p.code));
  for (unsigned status : used) {
    w.key(response_name(status));
    w.begin_object();
    // The title every code of the status shares, then its codes.
    std::string description(std::find_if(problem_types().begin(), problem_types().end(),
                                         [status](const ProblemType& p) {
                                           return static_cast<unsigned>(p.status) == status;
                                         })
                                ->title);
    description += ": code ";
    for (std::size_t i = 0; i < codes[status].size(); ++i) {
      if (i > 0) description += i + 1 == codes[status].size() ? " or " : ", ";
      description += codes[status][i];
    }
    w.member("description", description);
    if (status == 429 || status == 503) {
      w.key("headers");
      w.raw(
          R"({"Retry-After":{"description":"Seconds to wait before trying again","schema":{"type":"integer"}}})");
    }
    w.key("content");
    w.begin_object();
    w.key("application/problem+json");
    w.begin_object();
    w.key("schema");
    w.begin_object();
    w.key("allOf");
    w.begin_array();
    w.raw(R"({"$ref":"#/components/schemas/Problem"})");
    w.begin_object();
    w.key("properties");
    w.begin_object();
    w.key("code");
    w.begin_object();
    w.key("enum");
    w.begin_array();
    for (std::string_view code : codes[status]) w.value(code);
    w.end_array();
    w.end_object();
    w.end_object();
    w.end_object();
    w.end_array();
    w.end_object();
    w.end_object();
    w.end_object();
    w.end_object();
  }
  w.key("ServerError");
  w.raw(
      R"json({"description":"The server failed (500, with a correlation_id for its log) or cannot serve now (503)","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}})json");
}

}  // namespace

std::vector<unsigned> error_statuses(const Route& route) {
  const RouteDoc& doc = route.doc;
  std::set<unsigned> s{400};  // a malformed query string, on any route
  if (doc.authenticated) {
    s.insert({401, 429});
    // A role outside the route's, or a change by cookie without its CSRF
    // token.
    if (!any_role(doc) || route.method != http::verb::get) s.insert(403);
  }
  if (route.pattern.find('{') != std::string::npos) s.insert(404);
  if (!doc.request_schema.empty()) s.insert({413, 415, 422});
  if (!doc.query.empty()) s.insert(422);
  s.insert(doc.errors.begin(), doc.errors.end());
  return {s.begin(), s.end()};
}

std::string openapi_document(const Router& router, std::string_view server_url) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("openapi", "3.1.0");
  w.key("info");
  w.begin_object();
  w.member("title", "ticketd");
  w.member("version", "1");
  w.member("summary", "An event-sourced helpdesk");
  w.member("description",
           "Every change is a command that appends events to a hash-chained log; the read "
           "models are rebuilt from it. Errors are application/problem+json with a stable "
           "`code`. A route is called with a bearer token or a browser session (cookie plus "
           "X-CSRF-Token on changes); x-roles names who may call it.");
  w.end_object();
  w.key("servers");
  w.begin_array();
  w.begin_object();
  w.member("url", server_url.empty() ? std::string_view("/") : server_url);
  w.member("description", "This ticketd");
  w.end_object();
  w.end_array();
  w.key("security");
  w.raw(R"([{"bearer":[]},{"session":[]}])");
  w.key("tags");
  w.begin_array();
  for (const TagDoc& t : kTags) {
    w.begin_object();
    w.member("name", t.name);
    w.member("description", t.description);
    w.end_object();
  }
  w.end_array();
  w.key("paths");
  w.begin_object();
  // Routes of one path are adjacent once grouped.
  std::vector<const Route*> routes;
  std::set<unsigned> statuses;
  for (const Route& r : router.routes()) {
    routes.push_back(&r);
    for (unsigned s : error_statuses(r)) statuses.insert(s);
  }
  std::stable_sort(routes.begin(), routes.end(),
                   [](const Route* a, const Route* b) { return a->pattern < b->pattern; });
  for (std::size_t i = 0; i < routes.size();) {
    const std::string& path = routes[i]->pattern;
    w.key(path);
    w.begin_object();
    for (; i < routes.size() && routes[i]->pattern == path; ++i) {
      std::string method(http::to_string(routes[i]->method));
      std::transform(method.begin(), method.end(), method.begin(), ::tolower);
      w.key(method);
      write_operation(w, *routes[i]);
    }
    w.end_object();
  }
  w.end_object();
  w.key("components");
  w.begin_object();
  w.key("securitySchemes");
  w.raw(
      R"json({"bearer":{"type":"http","scheme":"bearer","description":"An API token (POST /admin/v1/tokens) or a personal token (POST /auth/tokens)"},"session":{"type":"apiKey","in":"cookie","name":"ticketd_session","description":"A browser session (POST /auth/sign-in); requests that change state also send X-CSRF-Token"}})json");
  w.key("schemas");
  w.begin_object();
  for (const SchemaDoc& s : schema_docs()) {
    w.key(s.name);
    w.raw(s.schema);
  }
  w.key("Problem");
  write_problem_schema(w);
  w.key("EventType");
  write_event_type_schema(w);
  w.end_object();
  w.key("responses");
  w.begin_object();
  write_error_responses(w, statuses);
  w.end_object();
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace ticketd::api
