// Inbound email (admin; called by the mail gateway): POST
// /admin/v1/inbound/email with a raw RFC 822 message. A reply to a ticket
// (found by In-Reply-To/References, else "[acme-42]" in the subject)
// becomes the requester's reply; any other message opens a ticket for the
// tenant of the address it was sent to ("support+acme@..." or
// "acme@..."). Only the ticket's requester, or for a new ticket a customer
// of that tenant, may write; anyone else is refused (403).

#include "api/notifications/inbound_email.h"

#include "api/commands/ids.h"
#include "api/notifications/mail_message.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/commands.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kLocation = "/v1/tickets/";

bool same_address(std::string_view a, std::string_view b) { return address_of(a) == address_of(b); }

void refuse(Exchange& ex, std::string_view detail) {
  ex.respond(problem_response(domain::ErrorCode::kSenderNotRequester, detail));
}

void inbound_email(App& app, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kAdmin)) return;
  const Request& req = ex->request();
  if (!has_media_type(req, "message/rfc822") && !has_media_type(req, "text/plain") &&
      !has_media_type(req, "application/octet-stream")) {
    return ex->respond(problem_response(domain::ErrorCode::kUnsupportedMediaType,
                                        "the body must be a raw RFC 822 message (message/rfc822)"));
  }
  auto mail = parse_inbound_email(req.body());
  if (!mail) return ex->fail(mail.error());
  if (!mail->auto_submitted.empty() && mail->auto_submitted != "no") {
    // Auto-replies (and our own notifications bounced back) would loop.
    return ex->respond(problem_response(domain::ErrorCode::kAutoSubmitted,
                                        "automatic messages (Auto-Submitted) are not accepted"));
  }
  const std::string text = strip_quoted_history(mail->text);
  if (text.empty()) {
    return ex->respond(problem_response(domain::ErrorCode::kValidation,
                                        "the message has no text above its quoted history",
                                        {{"body", "is empty once quoted history is removed"}}));
  }
  // A retried delivery of the same message appends nothing new.
  const std::string fingerprint =
      sha256_hex(mail->message_id.empty() ? std::string(req.body()) : mail->message_id);
  // The gateway redelivering the same message is an idempotent repeat:
  // the first answer, nothing appended (App::run_command's Idempotency-Key).
  ex->request().set("Idempotency-Key", "mail/" + fingerprint.substr(0, 40));
  CommandRequest request;
  request.event_id_prefix = "mail/" + fingerprint.substr(0, 32);  // derives ids below

  // 1. The ticket it answers.
  std::string ticket_id;
  for (const std::string* h : {&mail->in_reply_to, &mail->references}) {
    if (!ticket_id.empty()) break;
    if (auto id = ticket_id_in_message_ids(*h)) ticket_id = *id;
  }
  std::optional<CommandPath::Loaded> ticket;
  // A ticket that cannot be read is a failure, not a reason to open a new
  // one (the reply would land on the wrong ticket).
  if (!ticket_id.empty()) {
    auto loaded = app.commands().load(ticket_id);
    if (!loaded) return ex->fail(loaded.error());
    if (loaded->state.exists) ticket = std::move(*loaded);
  }
  if (!ticket) {
    if (auto key = ticket_key_in_subject(mail->subject)) {
      const std::string id = app.resolve_ticket(*key);
      if (!id.empty()) {
        auto loaded = app.commands().load(id);
        if (!loaded) return ex->fail(loaded.error());
        if (loaded->state.exists) ticket = std::move(*loaded);
      }
    }
  }
  if (ticket) {
    const domain::TicketState& t = ticket->state;
    if (!same_address(t.requester.email, mail->from_email)) {
      return refuse(*ex, "the sender is not the requester of " + t.key());
    }
    domain::Actor actor;
    if (auto known = app.directory().customer_by_email(t.tenant, mail->from_email)) {
      actor = *known;
    } else {
      actor = domain::Actor{t.requester.id.empty() ? t.requester.email : t.requester.id,
                            domain::Role::kCustomer, t.tenant, t.requester.email, t.requester.name};
    }
    domain::PostMessage post;
    post.message_id = "m" + sha256_hex(request.event_id_prefix + "/message").substr(0, 20);
    post.body = text;
    request.ticket_id = t.id;
    request.command = std::move(post);
    request.actor = std::move(actor);
    return app.run_command(std::move(ex), std::move(request), kLocation);
  }

  // 2. A new ticket for the tenant of the receiving address.
  std::string tenant;
  for (const std::string& to : mail->recipients) {
    for (const std::string& slug : tenant_candidates(to)) {
      if (app.directory().tenant(slug)) {
        tenant = slug;
        break;
      }
    }
    if (!tenant.empty()) break;
  }
  if (tenant.empty()) {
    return ex->respond(problem_response(
        domain::ErrorCode::kUnknownRecipient,
        "no recipient address names a tenant (support+<tenant>@... or <tenant>@...)",
        {{"To", "no recipient address names a tenant"}}));
  }
  auto actor = app.directory().customer_by_email(tenant, mail->from_email);
  if (!actor) return refuse(*ex, "the sender is not a customer of tenant " + tenant);
  domain::OpenTicket open;
  open.ticket_id = "t" + sha256_hex(request.event_id_prefix + "/ticket").substr(0, 20);
  open.first_message_id = "m" + sha256_hex(request.event_id_prefix + "/message").substr(0, 20);
  open.tenant = tenant;
  open.requester = domain::Requester{actor->id, actor->email, actor->name};
  open.subject = clean_subject(mail->subject);
  open.description = text;
  request.ticket_id = open.ticket_id;
  request.command = std::move(open);
  request.actor = std::move(*actor);
  app.run_command(std::move(ex), std::move(request), kLocation);
}

}  // namespace

void add_inbound_email_routes(Router& router, App& app) {
  router.add(
      http::verb::post, "/admin/v1/inbound/email",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        inbound_email(app, std::move(ex));
      },
      with_audience(
          RouteDoc{.operation_id = "receiveEmail",
                   .summary = "Receive an email (raw RFC 822): a requester's reply (200), or a new "
                              "ticket (201)",
                   .tag = "Mail",
                   .request_schema = R"({"type":"string","contentMediaType":"message/rfc822"})",
                   .response_schema = docs::ref("Ticket"),
                   .other_success_status = 201,
                   .errors = {409},
                   .request_media_type = "message/rfc822"},
          Audience::kAdmin));
}

}  // namespace ticketd::api
