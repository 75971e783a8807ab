// The log's integrity for platform admins: GET /admin/v1/audit (the chain
// head, the last whole-store verification, the signing key and the newest
// signed checkpoints, each checked now) and POST /admin/v1/audit/verify
// (starts a verification; the answer says it runs). api/audit/log_audit.h
// does the work.

#include "api/audit/log_audit.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

// How many checkpoints the answer lists (the newest): a server writes one
// every --checkpoint-interval, so there may be thousands.
constexpr std::size_t kCheckpointsShown = 20;

// An empty string as null: fields that exist only in some states.
void text_or_null(domain::JsonWriter& w, std::string_view name, const std::string& text) {
  w.key(name);
  text.empty() ? w.value(nullptr) : w.value(text);
}

void write_verification(domain::JsonWriter& w, const Verification& v) {
  w.begin_object();
  w.member("state", to_string(v.state));
  text_or_null(w, "requested_by", v.requested_by);
  w.member("started_at", v.started_at);
  w.member("finished_at", v.finished_at);
  w.member("checked", v.checked);
  w.member("head", v.head);
  text_or_null(w, "head_hash", v.head_hash);
  w.member("first_bad_position", v.first_bad_position);
  text_or_null(w, "problem", v.problem);
  w.end_object();
}

void write_checkpoint(domain::JsonWriter& w, const CheckpointStatus& s) {
  w.begin_object();
  w.member("position", s.position);
  const Checkpoint* c = s.checkpoint ? &*s.checkpoint : nullptr;
  w.key("hash");
  c ? w.value(c->hash) : w.value(nullptr);
  w.key("time");
  c ? w.value(c->time) : w.value(nullptr);
  w.key("key");
  c ? w.value(c->key) : w.value(nullptr);
  w.key("signature");
  c ? w.value(c->signature) : w.value(nullptr);
  w.member("signature_valid", s.signature_valid);
  w.member("agrees_with_log", s.agrees_with_log);
  text_or_null(w, "problem", s.problem);
  w.end_object();
}

void get_audit(App& app, const LogAudit& audit, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kAdmin)) return;
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("head", app.store().head());
  w.key("verification");
  write_verification(w, audit.verification());
  w.key("signing_key");
  w.begin_object();
  text_or_null(w, "fingerprint", audit.key_fingerprint());
  text_or_null(w, "public_key", audit.public_key_pem());
  w.end_object();
  w.member("checkpoint_count", static_cast<std::uint64_t>(audit.checkpoint_count()));
  w.key("checkpoints");
  w.begin_array();
  for (const CheckpointStatus& s : audit.checkpoints(kCheckpointsShown)) write_checkpoint(w, s);
  w.end_array();
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

void start_verification(App& app, LogAudit& audit, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kAdmin);
  if (!actor) return;
  if (!audit.start_verification(actor->id)) {
    return ex->respond(
        problem_response(domain::ErrorCode::kConflict, "a verification is already running"));
  }
  std::string out;
  domain::JsonWriter w(out);
  write_verification(w, audit.verification());
  Response r = json_response(http::status::accepted, std::move(out));
  r.set(http::field::location, "/admin/v1/audit");
  ex->respond(std::move(r));
}

}  // namespace

void add_audit_routes(Router& router, App& app, LogAudit& audit) {
  router.add(
      http::verb::get, "/admin/v1/audit",
      [&app, &audit](std::shared_ptr<Exchange> ex, const PathParams&) {
        get_audit(app, audit, std::move(ex));
      },
      with_audience(RouteDoc{.operation_id = "getAudit",
                             .summary = "The log's integrity: the last whole-log verification and "
                                        "the newest signed checkpoints, each checked now",
                             .tag = "Audit",
                             .response_schema = docs::ref("Audit")},
                    Audience::kAdmin));
  router.add(
      http::verb::post, "/admin/v1/audit/verify",
      [&app, &audit](std::shared_ptr<Exchange> ex, const PathParams&) {
        start_verification(app, audit, std::move(ex));
      },
      with_audience(RouteDoc{.operation_id = "verifyLog",
                             .summary = "Start verifying the whole log (hash chain and indexes) "
                                        "while ticketd serves; 409 while one runs",
                             .tag = "Audit",
                             .response_schema = docs::ref("Verification"),
                             .success_status = 202,
                             .errors = {409}},
                    Audience::kAdmin));
}

}  // namespace ticketd::api
