// /openapi.json is generated from the route table, so a route cannot exist
// without its description (tests/api/openapi_test.cc checks both ways).

#include "api/routes/openapi.h"

#include <algorithm>

#include "api/views/event_types.h"
#include "domain/json_writer.h"

namespace ticketd::api {

std::string openapi_document(const Router& router) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("openapi", "3.1.0");
  w.key("info");
  w.begin_object();
  w.member("title", "ticketd");
  w.member("version", "1");
  w.end_object();
  w.key("paths");
  w.begin_object();
  // Routes of one path are adjacent once grouped.
  std::vector<const Route*> routes;
  for (const Route& r : router.routes()) routes.push_back(&r);
  std::stable_sort(routes.begin(), routes.end(),
                   [](const Route* a, const Route* b) { return a->pattern < b->pattern; });
  for (std::size_t i = 0; i < routes.size();) {
    const std::string& path = routes[i]->pattern;
    w.key(path);
    w.begin_object();
    for (; i < routes.size() && routes[i]->pattern == path; ++i) {
      const Route& r = *routes[i];
      std::string method(http::to_string(r.method));
      std::transform(method.begin(), method.end(), method.begin(), ::tolower);
      w.key(method);
      w.begin_object();
      w.member("summary", r.doc.summary);
      w.key("tags");
      w.begin_array();
      w.value(r.doc.tag);
      w.end_array();
      if (r.doc.authenticated) {
        w.key("security");
        w.raw(R"([{"bearer":[]},{"session":[]}])");
      }
      if (!r.doc.roles.empty()) {
        w.key("x-roles");
        w.begin_array();
        for (const std::string& role : r.doc.roles) w.value(role);
        w.end_array();
        w.member("x-platform-only", r.doc.platform_only);
      }
      w.key("parameters");
      w.begin_array();
      for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
        w.begin_object();
        w.member("name", path.substr(at + 1, path.find('}', at) - at - 1));
        w.member("in", "path");
        w.member("required", true);
        w.key("schema");
        w.raw(R"({"type":"string"})");
        w.end_object();
      }
      for (const std::string& q : r.doc.query) {
        w.begin_object();
        w.member("name", q);
        w.member("in", "query");
        w.key("schema");
        w.raw(R"({"type":"string"})");
        w.end_object();
      }
      w.end_array();
      if (!r.doc.request_schema.empty()) {
        w.key("requestBody");
        // A schema naming its contentMediaType (raw email) is that media type.
        const bool rfc822 = r.doc.request_schema.find("message/rfc822") != std::string::npos;
        w.raw(std::string(R"({"content":{")") + (rfc822 ? "message/rfc822" : "application/json") +
              R"(":{"schema":)" + r.doc.request_schema + "}}}");
      }
      w.key("responses");
      w.begin_object();
      w.key(std::to_string(r.doc.success_status));
      w.begin_object();
      w.member("description", "success");
      if (!r.doc.response_schema.empty()) {
        w.key("content");
        w.raw(R"({"application/json":{"schema":)" + r.doc.response_schema + "}}");
      }
      w.end_object();
      w.key("default");
      w.raw(
          R"({"description":"an error","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}})");
      w.end_object();
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
  w.key("components");
  std::string components =
      R"({"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"},"session":{"type":"apiKey","in":"cookie","name":"ticketd_session","description":"A browser session (POST /auth/sign-in); requests that change state also send X-CSRF-Token"}},"schemas":{)"
      R"("Account":{"type":"object","properties":{"id":{"type":"string"},"email":{"type":"string"},"name":{"type":"string"},"role":{"enum":["customer","customer_admin","agent","tenant_admin","admin"]},"tenant":{"type":["string","null"]},"scope":{"type":"array","items":{"type":"string"}},"status":{"enum":["invited","active","disabled"]},"has_password":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}},)"
      R"("Problem":{"type":"object","required":["type","title","status","code"],"properties":{"type":{"type":"string"},"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":"string"},"code":{"type":"string"},"correlation_id":{"type":"string","description":"Only on 500, and in X-Correlation-Id: names the failure in the server log"},"errors":{"type":"array","items":{"type":"object","properties":{"field":{"type":"string"},"message":{"type":"string"}}}}}},)"
      R"("Envelope":{"type":"object","properties":{"position":{"type":"integer"},"stream":{"type":"string"},"version":{"type":"integer"},"type":{"$ref":"#/components/schemas/EventType"},"event_id":{"type":"string"},"tenant":{"type":"string"},"actor":{"type":"object","properties":{"id":{"type":"string"},"role":{"type":"string"}}},"occurred_at":{"type":"string","format":"date-time"},"data":{"type":"object"},"prev_hash":{"type":"string"},"hash":{"type":"string"}}},)"
      R"("Ticket":{"type":"object","properties":{"id":{"type":"string"},"number":{"type":"integer"},"key":{"type":"string"},"tenant":{"type":"string"},"subject":{"type":"string"},"status":{"enum":["open","in_progress","waiting_on_customer","on_hold","resolved","closed"]},"priority":{"enum":["low","medium","high","urgent"]},"category":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"requester":{"type":"object"},"assignee":{"type":["string","null"]},"escalation_level":{"type":"integer"},"created_at":{"type":"string"},"updated_at":{"type":"string"},"sla":{"type":"object"},"message_count":{"type":"integer"},"version":{"type":"integer"},"merged_into":{"type":["string","null"]},"follow_up_of":{"type":["string","null"]},"messages":{"type":"array"}}},)";
  // Each event type as a constant with its meaning (API.md: "each described
  // in /openapi.json").
  components += R"("EventType":{"oneOf":[)";
  domain::JsonWriter types(components);
  for (const EventTypeDoc& d : event_type_docs()) {
    types.begin_object();
    types.member("const", d.type);
    types.member("description", d.description);
    types.end_object();
  }
  components += "]}}}";
  w.raw(components);
  w.end_object();
  return out;
}

}  // namespace ticketd::api
