// The admin API's ticket commands (API.md, "Admin API"): open for a
// requester, reply or note, accept a held mail, assign, status, priority,
// category, escalate, tags, merge.

#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/commands.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kLocation = "/admin/v1/tickets/";

// A route whose body becomes one command on ticket {id}: `build` reads the
// body into the command (recording field errors).
template <class Build>
RouteHandler ticket_command(App& app, Build build, bool allow_empty = false) {
  return [&app, build, allow_empty](std::shared_ptr<Exchange> ex, const PathParams& params) {
    auto actor = app.authorize(*ex, Audience::kStaff);
    if (!actor) return;
    auto body = command_body(*ex, allow_empty);
    if (!body) return;
    std::optional<domain::Command> command = build(app, *body);
    if (!fields_ok(*ex, *body) || !command) return;
    run_ticket_command(app, std::move(ex), params, *actor, std::move(*command), kLocation);
  };
}

void open_ticket(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::OpenTicket open;
  open.tenant = body->string("tenant", true).value_or("");
  if (auto requester = body->object("requester", true)) {
    open.requester.email = requester->string("email", true).value_or("");
    open.requester.name = requester->string("name").value_or("");
    open.requester.id = requester->string("id").value_or("");
  }
  open.subject = body->string("subject", true).value_or("");
  std::vector<std::string> files = attachment_ids(*body);
  open.description = body->string("description", files.empty()).value_or("");
  open.category = enum_field(*body, "category", domain::parse_category);
  open.priority = enum_field(*body, "priority", domain::parse_priority);
  open.assignee = body->string("assignee");
  // A tenant outside the caller's scope answers as an unknown one.
  if (!open.tenant.empty() &&
      (!domain::in_scope(*actor, open.tenant) || !app.directory().tenant(open.tenant))) {
    body->fail("tenant", "no such tenant");
  }
  if (!fields_ok(*ex, *body)) return;
  if (open.requester.id.empty()) open.requester.id = open.requester.email;
  run_open_ticket(app, std::move(ex), *actor, std::move(open), kLocation, std::move(files));
}

void post_message(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::PostMessage post;
  std::vector<std::string> files = attachment_ids(*body);
  post.body = body->string("body", files.empty()).value_or("");
  post.internal = body->boolean("internal").value_or(false);
  if (!fields_ok(*ex, *body)) return;
  post.message_id = new_message_id();
  auto request = ticket_request(app, *ex, params, *actor, std::move(post));
  if (request)
    run_with_attachments(app, std::move(ex), std::move(files), std::move(*request), kLocation);
}

// The held mail {message} becomes the requester's reply. The body may be
// empty (or {}): there is nothing to choose.
void accept_held(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  auto body = command_body(*ex, true);
  if (!body || !fields_ok(*ex, *body)) return;
  run_ticket_command(
      app, std::move(ex), params, *actor,
      domain::AcceptHeldMessage{std::string(params.get("message")), new_message_id()}, kLocation);
}

std::optional<domain::Command> assign(App&, JsonBody& body) {
  if (!body.has("assignee")) {
    body.fail("assignee", "is required (an agent id, or null to unassign)");
    return std::nullopt;
  }
  if (body.is_null("assignee")) return domain::Unassign{};
  std::optional<std::string> assignee = body.string("assignee");
  if (!assignee) return std::nullopt;
  return domain::Assign{*assignee};
}

std::optional<domain::Command> change_status(App&, JsonBody& body) {
  auto status = enum_field(body, "status", domain::parse_status, true);
  std::optional<std::string> note = body.string("note");
  if (!status) return std::nullopt;
  domain::ChangeStatus change;
  change.status = *status;
  change.note = note;
  if (note) change.note_message_id = new_message_id();
  return change;
}

std::optional<domain::Command> change_priority(App&, JsonBody& body) {
  auto priority = enum_field(body, "priority", domain::parse_priority, true);
  if (!priority) return std::nullopt;
  return domain::ChangePriority{*priority};
}

std::optional<domain::Command> change_category(App&, JsonBody& body) {
  auto category = enum_field(body, "category", domain::parse_category, true);
  if (!category) return std::nullopt;
  return domain::ChangeCategory{*category};
}

std::optional<domain::Command> escalate(App&, JsonBody& body) {
  return domain::Escalate{body.string("reason", true).value_or("")};
}

std::optional<domain::Command> tag(App&, JsonBody& body) {
  domain::Tag tags;
  tags.add = body.strings("add").value_or(std::vector<std::string>{});
  tags.remove = body.strings("remove").value_or(std::vector<std::string>{});
  return tags;
}

std::optional<domain::Command> merge(App& app, JsonBody& body) {
  std::optional<std::string> into = body.string("into", true);
  if (!into) return std::nullopt;
  std::string id = app.resolve_ticket(*into);
  if (id.empty()) {
    body.fail("into", "no such ticket");
    return std::nullopt;
  }
  domain::Merge merge;
  merge.into_ticket_id = std::move(id);
  return merge;
}

// A staff command on one ticket, its request body described by `schema`.
RouteDoc doc(std::string operation_id, std::string summary, std::string schema,
             std::string example) {
  return with_audience(docs::ticket_command(std::move(operation_id), std::move(summary), "Tickets",
                                            std::move(schema), std::move(example)),
                       Audience::kStaff);
}

}  // namespace

void add_admin_ticket_routes(Router& router, App& app) {
  router.add(
      http::verb::post, "/admin/v1/tickets",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { open_ticket(app, std::move(ex)); },
      with_audience(
          RouteDoc{
              .operation_id = "openTicket",
              .summary = "Open a ticket for a requester",
              .tag = "Tickets",
              .request_schema =
                  R"({"type":"object","required":["tenant","requester","subject"],"properties":{"tenant":{"type":"string"},"requester":{"type":"object","required":["email"],"properties":{"email":{"type":"string","format":"email"},"name":{"type":"string"},"id":{"type":"string","description":"defaults to the email address"}}},"subject":{"type":"string","minLength":1},"description":{"type":"string","description":"Required unless attachments are given"},"category":{"$ref":"#/components/schemas/Category"},"priority":{"$ref":"#/components/schemas/Priority"},"assignee":{"type":"string"},"attachments":{"type":"array","maxItems":10,"items":{"type":"string"},"description":"Ids of uploads (POST /admin/v1/attachments) for the tenant"}}})",
              .response_schema = docs::ref("Ticket"),
              .success_status = 201,
              .headers = {"Idempotency-Key"},
              .request_example =
                  R"({"tenant":"acme","requester":{"email":"ann@example.com","name":"Ann Lee"},"subject":"Printer on fire","description":"The office printer smokes when it prints.","category":"technical","priority":"urgent"})"},
          Audience::kStaff));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/messages",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        post_message(app, std::move(ex), p);
      },
      doc("postMessage", "Post a public reply or an internal note",
          R"json({"type":"object","properties":{"body":{"type":"string","description":"Required unless attachments are given"},"internal":{"type":"boolean","default":false,"description":"An internal note: never shown, mailed or sent to the customer, nor its files"},"attachments":{"type":"array","maxItems":10,"items":{"type":"string"},"description":"Ids of uploads (POST /admin/v1/attachments) of the ticket's tenant"}}})json",
          R"({"body":"We have ordered a new fuser; it arrives Tuesday.","internal":false})"));
  RouteDoc accept =
      doc("acceptHeldMessage", "Accept a held mail as the requester's reply",
          R"({"type":"object","description":"Nothing to choose: {} or no body"})", "{}");
  accept.description =
      "A reply by mail whose sender the trusted receiving server could not verify "
      "(--mail-authserv-id) is held: an internal note with `held` (the claimed sender and why). "
      "Accepting it posts its words and files as the requester's public reply (`accepted_from` "
      "names the note; the note's `held.accepted_as` the reply), which reopens a ticket waiting "
      "on the customer or resolved, as their own reply would. 404 when the ticket has no held "
      "mail with this id; 409 when it was accepted already.";
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/messages/{message}/accept",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        accept_held(app, std::move(ex), p);
      },
      std::move(accept));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/assign", ticket_command(app, assign),
      doc("assignTicket", "Assign to an agent, or unassign with null",
          R"({"type":"object","required":["assignee"],"properties":{"assignee":{"type":["string","null"]}}})",
          R"({"assignee":"agent-7"})"));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/status", ticket_command(app, change_status),
      doc("changeStatus", "Change the status along the workflow",
          R"({"type":"object","required":["status"],"properties":{"status":{"$ref":"#/components/schemas/TicketStatus"},"note":{"type":"string","description":"Recorded as an internal note"}}})",
          R"({"status":"resolved","note":"Fuser replaced."})"));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/priority", ticket_command(app, change_priority),
      doc("changePriority", "Change the priority (recomputes SLA due instants)",
          R"({"type":"object","required":["priority"],"properties":{"priority":{"$ref":"#/components/schemas/Priority"}}})",
          R"({"priority":"high"})"));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/category", ticket_command(app, change_category),
      doc("changeCategory", "Change the category",
          R"({"type":"object","required":["category"],"properties":{"category":{"$ref":"#/components/schemas/Category"}}})",
          R"({"category":"billing"})"));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/escalate", ticket_command(app, escalate),
      doc("escalateTicket", "Escalate one level",
          R"({"type":"object","required":["reason"],"properties":{"reason":{"type":"string","minLength":1}}})",
          R"({"reason":"Customer is blocked from paying"})"));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/tags", ticket_command(app, tag),
      doc("changeTags", "Add and remove tags",
          R"({"type":"object","properties":{"add":{"type":"array","items":{"type":"string"}},"remove":{"type":"array","items":{"type":"string"}}}})",
          R"({"add":["vip"],"remove":["new"]})"));
  router.add(
      http::verb::post, "/admin/v1/tickets/{id}/merge", ticket_command(app, merge),
      doc("mergeTicket", "Merge into another ticket of the same tenant; answers the target",
          R"({"type":"object","required":["into"],"properties":{"into":{"type":"string","description":"The target's id or key"}}})",
          R"({"into":"acme-41"})"));
}

}  // namespace ticketd::api
