// /openapi.json is generated from the route table, so a route cannot exist
// without its description (tests/api/openapi_test.cc checks both ways).

#include "api/openapi.h"

#include <algorithm>

#include "domain/events.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

constexpr EventTypeDoc kDescriptions[] = {
    {"TicketOpened", "A ticket was opened (number, requester, subject, priority, category, SLA targets)."},
    {"MessagePosted", "A public reply or, with data.internal, an internal note (never shown to customers)."},
    {"TicketAssigned", "The ticket was assigned to an agent."},
    {"TicketUnassigned", "The ticket's assignee was removed."},
    {"StatusChanged", "The status moved along the workflow (data.from, data.to, data.reason)."},
    {"PriorityChanged", "The priority changed; SLA due instants were recomputed."},
    {"CategoryChanged", "The category changed."},
    {"TicketEscalated", "The ticket was escalated one level (by an agent, or by the system on a breach)."},
    {"TagsChanged", "Tags were added or removed."},
    {"TicketMerged", "This ticket was merged into another of its tenant and closed (data.into)."},
    {"MergeReceived", "Another ticket was merged into this one; its messages were copied here."},
    {"SatisfactionRated", "The customer rated the help (1..5, optional comment)."},
    {"SlaWarning", "80% of an SLA target elapsed (data.target, data.due_at)."},
    {"SlaBreached", "An SLA target passed unmet (data.target: first_response or resolution, data.due_at)."},
    {"TenantCreated", "A tenant was created (stream tenants)."},
    {"TenantSlaChanged", "A tenant's SLA targets or business hours changed (stream tenants)."},
    {"TokenIssued", "An API token was issued; only the SHA-256 of its secret is stored, and answers leave even that out (stream tokens)."},
    {"TokenRevoked", "An API token was revoked (stream tokens)."},
    {"TenantSettingsChanged", "A tenant's automation settings changed: auto-close span, auto-assign categories (stream tenants)."},
    {"AgentChanged", "An agent's auto-assign setting changed: available, open-ticket cap (stream agents)."},
    {"WebhookCreated", "A webhook subscription was created: url, events, tenant filter and only a fingerprint of its secret (stream webhooks)."},
    {"WebhookDeleted", "A webhook subscription was deleted (stream webhooks)."},
    {"NotificationQueued", "The outbox decided a notification (data.channel email or webhook, recipient, source event; emails with subject, text and HTML) on stream notifications-email or webhook-<id>."},
    {"NotificationAttempted", "A delivery attempt failed (data.attempt, data.status, data.error, data.next_attempt_at)."},
    {"NotificationDelivered", "A notification was delivered (data.attempt, data.status: SMTP reply code or HTTP status)."},
    {"LogLossAccepted", "An operator started ticketd with --accept-log-loss: the log continues from the surviving head (data: surviving head, highest position the evidence showed, findings; stream operations)."},
    {"NotificationDeadLettered", "A notification was given up after its last attempt, or its webhook was deleted (data.error)."},
};

template <class... Ts>
std::vector<std::string_view> domain_event_types(std::variant<Ts...>*) {
  return {Ts::kType...};
}

}  // namespace

std::vector<EventTypeDoc> event_type_docs() {
  std::vector<EventTypeDoc> docs(std::begin(kDescriptions), std::end(kDescriptions));
  // A domain event added without a description is still listed.
  for (std::string_view type : domain_event_types(static_cast<domain::EventBody*>(nullptr))) {
    if (std::none_of(docs.begin(), docs.end(), [&](const EventTypeDoc& d) { return d.type == type; })) {
      docs.push_back({type, ""});
    }
  }
  return docs;
}

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
        w.raw(R"([{"bearer":[]}])");
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
      w.raw(R"({"description":"an error","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}})");
      w.end_object();
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
  w.key("components");
  std::string components = R"({"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},"schemas":{)"
        R"("Problem":{"type":"object","required":["type","title","status","code"],"properties":{"type":{"type":"string"},"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":"string"},"code":{"type":"string"},"errors":{"type":"array","items":{"type":"object","properties":{"field":{"type":"string"},"message":{"type":"string"}}}}}},)"
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
