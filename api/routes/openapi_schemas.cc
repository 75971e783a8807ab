// The named schemas of /openapi.json: what ticketd answers, once, so that
// every operation refers to the same Ticket, Account or page and a
// generated client has one type for each.

#include "api/routes/openapi_schemas.h"

#include "api/http/error_table.h"
#include "api/views/event_types.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

// R"(...)" fragments reused below.
#define TD_TIME R"({"type":"string","format":"date-time"})"
#define TD_TIME_OR_NULL R"({"type":["string","null"],"format":"date-time"})"
#define TD_PAGE(item)                                                                                                                        \
  R"({"type":"object","required":["items","next_cursor"],"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/)" item \
  R"("}},"next_cursor":{"type":["string","null"],"description":"Pass as cursor for the next page; null on the last"}}})"

// The table is long raw strings: laid out by hand, one schema per entry.
// clang-format off
constexpr SchemaDoc kSchemas[] = {
    {"Role",
     R"({"type":"string","enum":["customer","customer_admin","agent","tenant_admin","admin"]})"},
    {"TicketStatus",
     R"({"type":"string","enum":["open","in_progress","waiting_on_customer","on_hold","resolved","closed"]})"},
    {"Priority", R"({"type":"string","enum":["low","medium","high","urgent"]})"},
    {"Category",
     R"({"type":"string","enum":["billing","technical","account","bug","feature_request","general"]})"},
    {"Requester",
     R"({"type":"object","required":["id","email","name"],"properties":{"id":{"type":"string"},"email":{"type":"string"},"name":{"type":"string"}}})"},
    {"Message",
     R"({"type":"object","required":["id","author","internal","body","created_at","attachments"],"properties":{"id":{"type":"string"},"author":{"type":"object","required":["id","name","role"],"properties":{"id":{"type":"string"},"name":{"type":"string"},"role":{"type":"string","description":"a role, or system for automations"}}},"internal":{"type":"boolean","description":"An internal note: never shown to customers"},"body":{"type":"string","description":"May be empty when the message has attachments"},"created_at":)" TD_TIME
     R"(,"attachments":{"type":"array","items":{"$ref":"#/components/schemas/Attachment"}})"
     R"(,"held":{"$ref":"#/components/schemas/HeldMail"})"
     R"(,"accepted_from":{"type":"string","description":"Staff only: on a reply accepted from a held mail, the held mail's id"})"
     R"(,"quoted":{"type":"string","description":"A message that came by mail: the quoted history and signature below the new words (body), kept whole and folded away by the console"})"
     R"json(,"original":{"type":"object","description":"Staff only, a message that came by mail: the mail as it came (message/rfc822), downloaded from url","required":["size","url"],"properties":{"size":{"type":"integer","minimum":0},"url":{"type":"string"}}}}})json"},
    {"HeldMail",
     R"json({"type":"object","description":"Staff only, on an internal note: a reply by mail whose sender the trusted receiving server could not verify, held until an agent accepts it (acceptHeldMessage)","required":["email","name","reason","accepted_as"],"properties":{"email":{"type":"string","description":"The address the mail claims to be from"},"name":{"type":"string"},"reason":{"type":"string","description":"Why it was not believed, e.g. dmarc=fail (mx.example.com)"},"accepted_as":{"type":["string","null"],"description":"The reply it became once accepted; null before"}}})json"},
    {"Attachment",
     R"json({"type":"object","description":"A file on a message; its bytes are downloaded from url","required":["id","name","size","type","sha256","url"],"properties":{"id":{"type":"string"},"name":{"type":"string","description":"The file name, sanitised"},"size":{"type":"integer","minimum":0},"type":{"type":"string","description":"The media type detected from the content (libmagic), not the uploader's claim"},"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$"},"url":{"type":"string","description":"Where the viewer downloads it: /v1/tickets/{id}/attachments/{attachment} for customers, /admin/v1/... for staff"}}})json"},
    {"Upload",
     R"json({"type":"object","description":"An uploaded file, waiting for a message to reference it by id until expires_at","required":["id","name","size","type","sha256","expires_at"],"properties":{"id":{"type":"string"},"name":{"type":"string"},"size":{"type":"integer","minimum":0},"type":{"type":"string"},"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$"},"expires_at":{"type":"string","format":"date-time"}}})json"},
    {"SlaState",
     R"({"type":"object","required":["first_response_due","resolution_due","first_response_breached","resolution_breached","paused"],"properties":{"first_response_due":)" TD_TIME_OR_NULL R"(,"resolution_due":)" TD_TIME_OR_NULL R"(,"first_response_breached":{"type":"boolean"},"resolution_breached":{"type":"boolean"},"paused":{"type":"boolean","description":"The clock is stopped: waiting on the customer, or on hold"}}})"},
    {"Satisfaction",
     R"({"type":"object","required":["rating","rated_at"],"properties":{"rating":{"type":"integer","minimum":1,"maximum":5},"comment":{"type":"string"},"rated_at":)" TD_TIME
     R"(}})"},
    {"TicketSummary",
     R"({"type":"object","description":"A ticket without its messages, as lists show it","required":["id","number","key","tenant","subject","status","priority","category","tags","requester","assignee","escalation_level","created_at","updated_at","sla","message_count","version","merged_into","follow_up_of"],"properties":{"id":{"type":"string"},"number":{"type":"integer","minimum":1},"key":{"type":"string","description":"<tenant>-<number>: accepted wherever an id is"},"tenant":{"type":"string"},"subject":{"type":"string"},"status":{"$ref":"#/components/schemas/TicketStatus"},"priority":{"$ref":"#/components/schemas/Priority"},"category":{"$ref":"#/components/schemas/Category"},"tags":{"type":"array","items":{"type":"string"}},"requester":{"$ref":"#/components/schemas/Requester"},"assignee":{"type":["string","null"]},"escalation_level":{"type":"integer","minimum":0},"created_at":)" TD_TIME
     R"(,"updated_at":)" TD_TIME R"(,"first_response_at":)" TD_TIME_OR_NULL
     R"(,"resolved_at":)" TD_TIME_OR_NULL R"(,"closed_at":)" TD_TIME_OR_NULL
     R"(,"sla":{"$ref":"#/components/schemas/SlaState"},"message_count":{"type":"integer","minimum":0},"version":{"type":"integer","minimum":1,"description":"Also the ETag; send it as If-Match"},"merged_into":{"type":["string","null"]},"follow_up_of":{"type":["string","null"]},"satisfaction":{"$ref":"#/components/schemas/Satisfaction"}}})"},
    {"Ticket",
     R"({"description":"A ticket with its messages; a customer sees no internal notes","allOf":[{"$ref":"#/components/schemas/TicketSummary"},{"type":"object","required":["messages"],"properties":{"messages":{"type":"array","items":{"$ref":"#/components/schemas/Message"}}}}]})"},
    {"TicketPage", TD_PAGE("TicketSummary")},
    {"Envelope",
     R"({"type":"object","description":"One event of the log with its place in the hash chain","required":["position","stream","version","type","event_id","tenant","actor","occurred_at","data","prev_hash","hash"],"properties":{"position":{"type":"integer","minimum":1},"stream":{"type":"string"},"version":{"type":"integer","minimum":1},"type":{"$ref":"#/components/schemas/EventType"},"event_id":{"type":"string"},"tenant":{"type":"string"},"actor":{"type":"object","required":["id","role"],"properties":{"id":{"type":"string"},"role":{"type":"string"}}},"occurred_at":)" TD_TIME
     R"(,"data":{"type":"object"},"prev_hash":{"type":"string"},"hash":{"type":"string"},)"
     R"("attachments":{"type":"array","items":{"$ref":"#/components/schemas/Attachment"},)"
     R"("description":"A MessagePosted with files: data's attachments, each with the url )"
     R"(staff download it from; data itself stays the bytes the hash covers"}}})"},
    {"EventPage",
     R"({"type":"object","required":["items","next_after"],"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Envelope"}},"next_after":{"type":"integer","minimum":0,"description":"Pass as after for the next page"}}})"},
    {"TicketHistory",
     R"({"type":"object","required":["ticket","events"],"properties":{"ticket":{"description":"The ticket as it was; null before it was opened","oneOf":[{"$ref":"#/components/schemas/Ticket"},{"type":"null"}]},"events":{"type":"array","items":{"$ref":"#/components/schemas/Envelope"}}}})"},
    {"SlaTargets",
     R"({"type":"object","required":["first_response_s","resolution_s"],"properties":{"first_response_s":{"type":"integer","minimum":1},"resolution_s":{"type":"integer","minimum":1}}})"},
    {"BusinessHours",
     R"({"type":"object","required":["time_zone","weekly","holidays"],"properties":{"time_zone":{"type":"string","description":"An IANA time zone","examples":["Europe/Berlin"]},"weekly":{"type":"array","minItems":7,"maxItems":7,"description":"Monday first; no interval on any day is around the clock","items":{"type":"array","items":{"type":"object","required":["start_minute","end_minute"],"properties":{"start_minute":{"type":"integer","minimum":0,"maximum":1440},"end_minute":{"type":"integer","minimum":0,"maximum":1440}}}}},"holidays":{"type":"array","items":{"type":"string","format":"date"}}}})"},
    {"SlaPolicy",
     R"({"type":"object","required":["policies","business_hours"],"properties":{"policies":{"type":"object","properties":{"urgent":{"$ref":"#/components/schemas/SlaTargets"},"high":{"$ref":"#/components/schemas/SlaTargets"},"medium":{"$ref":"#/components/schemas/SlaTargets"},"low":{"$ref":"#/components/schemas/SlaTargets"}}},"business_hours":{"$ref":"#/components/schemas/BusinessHours"}}})"},
    {"TenantSettings",
     R"({"type":"object","required":["auto_close_after_s","auto_assign","attachment_types","unverified_mail","language","brand_color"])"
     R"(,"properties":{"auto_close_after_s":{"type":"integer","minimum":0,"description":"A resolved ticket closes after this long; 0 never"},"auto_assign":{"type":"array","items":{"$ref":"#/components/schemas/Category"},"description":"Categories whose new tickets go to the least loaded available agent"})"
     R"(,"attachment_types":{"type":"array","items":{"type":"string"},"description":"Media types (application/pdf) or families (image/*) people may attach, sorted; empty: any type"})"
     R"(,"unverified_mail":{"type":"string","enum":["hold","open_ticket"],"description":"Inbound mail whose sender the trusted mail server could not verify: held on its ticket as an internal note, or a ticket of its own marked unverified"})"
     R"(,"language":{"type":"string","enum":["en","de"],"description":"The language of its notification mail"},"brand_color":{"type":"string","pattern":"^(#[0-9a-f]{6})?$","description":"The colour of its mail's header bar as #rrggbb; empty for the default"}}})"},
    {"TenantLogo",
     R"({"type":"object","required":["sha256","type","size","url"],"properties":{"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$","description":"Of the image's bytes; also its ETag"},"type":{"type":"string","enum":["image/png","image/jpeg","image/gif","image/webp"],"description":"Detected from the bytes"},"size":{"type":"integer","minimum":1,"maximum":262144},"url":{"type":"string","description":"Where anyone fetches it (GET /v1/tenants/{slug}/logo), with ?v= the first 12 hex digits of sha256"}}})"},
    {"Tenant",
     R"({"type":"object","required":["slug","name","created_at","sla","settings","logo"],"properties":{"slug":{"type":"string"},"name":{"type":"string"},"created_at":)" TD_TIME
     R"(,"sla":{"$ref":"#/components/schemas/SlaPolicy"},"settings":{"$ref":"#/components/schemas/TenantSettings"})"
     R"(,"logo":{"description":"Shown in its mail's header and its portal; null: none","oneOf":[{"$ref":"#/components/schemas/TenantLogo"},{"type":"null"}]}}})"},
    {"TenantPage", TD_PAGE("Tenant")},
    {"PortalTenant",
     R"({"type":"object","required":["slug","name","logo"],"properties":{"slug":{"type":"string"},"name":{"type":"string"},"logo":{"description":"null: none","oneOf":[{"$ref":"#/components/schemas/TenantLogo"},{"type":"null"}]}}})"},
    {"Percentiles",
     R"({"type":"object","required":["count","p50","p90","p99"],"properties":{"count":{"type":"integer","minimum":0},"p50":{"type":["number","null"]},"p90":{"type":["number","null"]},"p99":{"type":["number","null"]}}})"},
    {"Metrics",
     R"({"type":"object","required":["tickets","daily","first_response_s","resolution_s","sla","satisfaction"],"properties":{"tickets":{"type":"object","required":["by_status","by_priority","by_category","by_tenant"],"properties":{"by_status":{"type":"object","additionalProperties":{"type":"integer"}},"by_priority":{"type":"object","additionalProperties":{"type":"integer"}},"by_category":{"type":"object","additionalProperties":{"type":"integer"}},"by_tenant":{"type":"object","additionalProperties":{"type":"integer"}}}},"daily":{"type":"array","items":{"type":"object","required":["date","created","resolved"],"properties":{"date":{"type":"string","format":"date"},"created":{"type":"integer"},"resolved":{"type":"integer"}}}},"first_response_s":{"$ref":"#/components/schemas/Percentiles"},"resolution_s":{"$ref":"#/components/schemas/Percentiles"},"sla":{"type":"object","additionalProperties":{"type":"object","required":["met","breached","compliance"],"properties":{"met":{"type":"integer"},"breached":{"type":"integer"},"compliance":{"type":["number","null"]}}}},"satisfaction":{"type":"object","required":["count","average"],"properties":{"count":{"type":"integer"},"average":{"type":["number","null"]}}}}})"},
    {"AgentSetting",
     R"({"type":"object","required":["id","available","max_open","updated_at"],"properties":{"id":{"type":"string"},"available":{"type":"boolean","description":"Receives auto-assigned tickets"},"max_open":{"type":["integer","null"],"minimum":1,"description":"Open tickets at most before auto-assign passes over the agent; null is no cap"},"updated_at":)" TD_TIME
     R"(}})"},
    {"AgentLoad",
     R"({"type":"object","required":["agent","name","open_assigned","resolved","median_handle_s","auto_assign"],"properties":{"agent":{"type":"string"},"name":{"type":["string","null"],"description":"The agent's account name, or their API token's holder name; null when unknown"},"open_assigned":{"type":"integer","minimum":0},"resolved":{"type":"integer","minimum":0},"median_handle_s":{"type":["number","null"]},"auto_assign":{"type":["object","null"],"description":"The agent's auto-assign setting; null for an agent never configured","required":["available","max_open"],"properties":{"available":{"type":"boolean"},"max_open":{"type":["integer","null"],"minimum":1}}}}})"},
    {"AgentPage", TD_PAGE("AgentLoad")},
    {"IssuedToken",
     R"({"type":"object","required":["id","token","role","tenant"],"properties":{"id":{"type":"string"},"token":{"type":"string","description":"The secret: shown this once, stored only as a hash"},"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":["string","null"]},"scope":{"type":"array","items":{"type":"string"},"description":"Staff tokens only; [] is platform-wide"}}})"},
    {"Webhook",
     R"({"type":"object","required":["id","url","events","tenant","secret_fingerprint","created_at"],"properties":{"id":{"type":"string"},"url":{"type":"string","format":"uri"},"events":{"type":"array","items":{"type":"string"}},"tenant":{"type":["string","null"]},"secret_fingerprint":{"type":"string","description":"Names the signing secret without revealing it"},"created_at":)" TD_TIME
     R"(}})"},
    {"WebhookPage", TD_PAGE("Webhook")},
    {"Delivery",
     R"({"type":"object","required":["id","status","event_id","event_type","position","stream","recipient","queued_at","attempt_count","attempts"],"properties":{"id":{"type":"string"},"status":{"type":"string","enum":["pending","delivered","dead_lettered"]},"event_id":{"type":"string"},"event_type":{"type":"string"},"position":{"type":"integer"},"stream":{"type":"string"},"recipient":{"type":"string"},"queued_at":)" TD_TIME
     R"(,"next_attempt_at":)" TD_TIME_OR_NULL
     R"(,"attempt_count":{"type":"integer","minimum":0},"attempts":{"type":"array","items":{"type":"object","required":["attempt","at","outcome"],"properties":{"attempt":{"type":"integer","minimum":1},"at":)" TD_TIME
     R"(,"outcome":{"type":"string"},"status":{"type":["integer","null"]},"error":{"type":["string","null"]}}}}}})"},
    {"DeliveryPage", TD_PAGE("Delivery")},
    {"ProjectionRebuild",
     R"({"type":"object","required":["projection","status"],"properties":{"projection":{"type":"string"},"status":{"type":"string","enum":["rebuilding"]}}})"},
    {"AutomationStatus",
     R"({"type":"object","required":["ready","position","tickets","timers","next_at","pending_assign","actions","refused","failures","now"],"properties":{"ready":{"type":"boolean"},"position":{"type":"integer"},"tickets":{"type":"integer"},"timers":{"type":"integer"},"next_at":)" TD_TIME_OR_NULL
     R"(,"pending_assign":{"type":"integer"},"actions":{"type":"integer"},"refused":{"type":"integer"},"failures":{"type":"integer"},"now":)" TD_TIME
     R"(}})"},
    {"Verification",
     R"json({"type":"object","required":["state","requested_by","started_at","finished_at","checked","head","head_hash","first_bad_position","problem"],"properties":{"state":{"type":"string","enum":["never","running","passed","failed","error"],"description":"never: none since ticketd started; failed: damage found; error: the walk could not finish"},"requested_by":{"type":["string","null"]},"started_at":)json" TD_TIME_OR_NULL
     R"json(,"finished_at":)json" TD_TIME_OR_NULL
     R"json(,"checked":{"type":"integer","minimum":0,"description":"Records walked"},"head":{"type":"integer","minimum":0,"description":"The chain head the walk goes to"},"head_hash":{"type":["string","null"]},"first_bad_position":{"type":["integer","null"]},"problem":{"type":["string","null"]}}})json"},
    {"CheckpointStatus",
     R"json({"type":"object","required":["position","hash","time","key","signature","signature_valid","agrees_with_log","problem"],"properties":{"position":{"type":"integer","minimum":0},"hash":{"type":["string","null"],"description":"The hash of the record at position, which commits to every record before it"},"time":{"type":["string","null"]},"key":{"type":["string","null"],"description":"Fingerprint of the signing key"},"signature":{"type":["string","null"],"description":"Ed25519, hex"},"signature_valid":{"type":["boolean","null"],"description":"null: not checked, as there is no public key"},"agrees_with_log":{"type":"boolean","description":"The log's record at position has this hash now"},"problem":{"type":["string","null"]}}})json"},
    {"Audit",
     R"json({"type":"object","required":["head","verification","signing_key","checkpoint_count","checkpoints"],"properties":{"head":{"type":"integer","minimum":0},"verification":{"$ref":"#/components/schemas/Verification"},"signing_key":{"type":"object","required":["fingerprint","public_key"],"properties":{"fingerprint":{"type":["string","null"]},"public_key":{"type":["string","null"],"description":"PEM: what auditors check checkpoints with, as ticketctl verify --public-key"}}},"checkpoint_count":{"type":"integer","minimum":0},"checkpoints":{"type":"array","description":"The newest 20, newest first","items":{"$ref":"#/components/schemas/CheckpointStatus"}}}})json"},
    {"Health",
     R"({"type":"object","required":["status","log_position","projections"],"properties":{"status":{"type":"string","enum":["ok"]},"log_position":{"type":"integer","minimum":0},"projections":{"type":"object","description":"Each view's applied log position","additionalProperties":{"type":"integer"}}}})"},
    {"Account",
     R"({"type":"object","required":["id","email","name","role","tenant","scope","status","has_password","created_at","updated_at","language"],"properties":{"id":{"type":"string"},"email":{"type":"string","format":"email"},"name":{"type":"string"},"language":{"type":"string","enum":["","en","de"],"description":"The language of the account's mail; empty: the tenant's language for customers, English for staff"},"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":["string","null"]},"scope":{"type":"array","items":{"type":"string"}},"status":{"type":"string","enum":["invited","active","disabled"]},"has_password":{"type":"boolean"},"created_at":)" TD_TIME
     R"(,"updated_at":)" TD_TIME R"(}})"},
    {"AccountPage", TD_PAGE("Account")},
    {"Invitation",
     R"({"type":"object","required":["account","invitation_sent"],"properties":{"account":{"$ref":"#/components/schemas/Account"},"invitation_sent":{"type":"boolean","description":"false when no mail could be sent: no SMTP is configured"}}})"},
    {"Session", R"({"type":"object","required":["id","created_at","last_seen_at","expires_at","address","user_agent","current"],"properties":{"id":{"type":"string"},"created_at":)" TD_TIME R"(,"last_seen_at":)" TD_TIME
                R"(,"expires_at":)" TD_TIME
                R"(,"address":{"type":"string"},"user_agent":{"type":"string"},"current":{"type":"boolean","description":"The session of this request"}}})"},
    {"SessionPage", TD_PAGE("Session")},
    {"AlertDelivery",
     R"({"type":"string","enum":["immediately","digest","off"],"description":"immediately: one email per alert; digest: listed in one email per period (digest_period_seconds); off: none"})"},
    {"AlertKinds",
     R"({"type":"object","additionalProperties":false,"properties":{"new_ticket":{"$ref":"#/components/schemas/AlertDelivery"},"assigned":{"$ref":"#/components/schemas/AlertDelivery"},"customer_reply":{"$ref":"#/components/schemas/AlertDelivery"},"sla_warning":{"$ref":"#/components/schemas/AlertDelivery"},"sla_breached":{"$ref":"#/components/schemas/AlertDelivery"}}})"},
    {"AlertPreferences",
     R"({"type":"object","required":["staff_id","kinds","digest_period_seconds"],"properties":{"staff_id":{"type":"string"},"kinds":{"type":"object","required":["new_ticket","assigned","customer_reply","sla_warning","sla_breached"],"properties":{"new_ticket":{"$ref":"#/components/schemas/AlertDelivery"},"assigned":{"$ref":"#/components/schemas/AlertDelivery"},"customer_reply":{"$ref":"#/components/schemas/AlertDelivery"},"sla_warning":{"$ref":"#/components/schemas/AlertDelivery"},"sla_breached":{"$ref":"#/components/schemas/AlertDelivery"}}},"digest_period_seconds":{"type":"integer","minimum":1,"description":"The digest's period in seconds, counted from the Unix epoch: an hour ends on the UTC hour"}}})"},
    {"SignedIn",
     R"({"type":"object","required":["account","session","csrf_token"],"properties":{"account":{"$ref":"#/components/schemas/Account"},"session":{"$ref":"#/components/schemas/Session"},"csrf_token":{"type":"string","description":"Send as X-CSRF-Token with every change made with the session cookie"}}})"},
    {"Me",
     R"({"type":"object","required":["actor","account","session","csrf_token"],"properties":{"actor":{"type":"object","required":["id","role","tenant","scope","email","name"],"properties":{"id":{"type":"string"},"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":["string","null"]},"scope":{"type":"array","items":{"type":"string"}},"email":{"type":"string"},"name":{"type":"string"}}},"account":{"oneOf":[{"$ref":"#/components/schemas/Account"},{"type":"null"}]},"session":{"oneOf":[{"$ref":"#/components/schemas/Session"},{"type":"null"}]},"csrf_token":{"type":["string","null"]}}})"},
    {"Accepted",
     R"({"type":"object","required":["status","detail"],"properties":{"status":{"type":"string","enum":["accepted"]},"detail":{"type":"string"}}})"},
    {"Token",
     R"json({"type":"object","required":["id","role","tenant","scope","holder","created_at"],"properties":{"id":{"type":"string"},"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":["string","null"],"description":"Customer roles: their tenant"},"scope":{"type":"array","items":{"type":"string"},"description":"Staff: the tenants they reach; [] is platform-wide"},"holder":{"type":"object","required":["id","email","name"],"properties":{"id":{"type":"string"},"email":{"type":"string"},"name":{"type":"string"}}},"created_at":)json" TD_TIME
     R"json(}})json"},
    {"TokenPage", TD_PAGE("Token")},
    {"PersonalToken",
     R"({"type":"object","required":["id","role","created_at"],"properties":{"id":{"type":"string"},"role":{"$ref":"#/components/schemas/Role"},"created_at":)" TD_TIME
     R"(}})"},
    {"IssuedPersonalToken",
     R"({"allOf":[{"$ref":"#/components/schemas/PersonalToken"},{"type":"object","required":["token"],"properties":{"token":{"type":"string","description":"The secret: shown this once"}}}]})"},
    {"PersonalTokenPage", TD_PAGE("PersonalToken")},
};
// clang-format on

#undef TD_TIME
#undef TD_TIME_OR_NULL
#undef TD_PAGE

}  // namespace

std::span<const SchemaDoc> schema_docs() { return kSchemas; }

void write_problem_schema(domain::JsonWriter& w) {
  w.begin_object();
  w.member("type", "object");
  w.member("description", "An error answer (RFC 9457), application/problem+json");
  w.key("required");
  w.raw(R"(["type","title","status","code"])");
  w.key("properties");
  w.begin_object();
  w.key("type");
  w.raw(R"({"type":"string","format":"uri"})");
  w.key("title");
  w.raw(R"({"type":"string"})");
  w.key("status");
  w.raw(R"({"type":"integer"})");
  w.key("detail");
  w.raw(R"({"type":"string"})");
  w.key("code");
  w.begin_object();
  w.member("type", "string");
  w.member("description", "Stable: branch on it, never on title or detail");
  w.key("enum");
  w.begin_array();
  for (const ProblemType& p : problem_types()) w.value(domain::to_string(p.code));
  w.end_array();
  w.end_object();
  w.key("correlation_id");
  w.raw(
      R"({"type":"string","description":"Only on 500, and in X-Correlation-Id: names the failure in the server log"})");
  w.key("errors");
  w.raw(
      R"({"type":"array","description":"The fields at fault, on 422","items":{"type":"object","required":["field","message"],"properties":{"field":{"type":"string"},"message":{"type":"string"}}}})");
  w.end_object();
  w.end_object();
}

void write_event_type_schema(domain::JsonWriter& w) {
  w.begin_object();
  w.key("oneOf");
  w.begin_array();
  for (const EventTypeDoc& d : event_type_docs()) {
    w.begin_object();
    w.member("const", d.type);
    w.member("description", d.description);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace ticketd::api
