// The customer API's commands (API.md, "Customer API"): open, reply,
// confirm close, rate. Lists and detail are in ticket_queries.cc.

#include "api/commands/ids.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/commands.h"
#include "domain/validation.h"

namespace ticketd::api {

std::string new_message_id() { return "m" + random_hex(10); }

namespace {

constexpr std::string_view kLocation = "/v1/tickets/";

void open_ticket(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kCustomer);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::OpenTicket open;
  open.subject = body->string("subject", true).value_or("");
  std::vector<std::string> files = attachment_ids(*body);
  open.description = body->string("description", files.empty()).value_or("");
  open.category = enum_field(*body, "category", domain::parse_category);
  open.priority = enum_field(*body, "priority", domain::parse_priority);
  if (!fields_ok(*ex, *body)) return;
  open.tenant = actor->tenant;
  open.requester = domain::Requester{actor->id, actor->email, actor->name};
  run_open_ticket(app, std::move(ex), *actor, std::move(open), kLocation, std::move(files));
}

void reply(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kCustomer);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::PostMessage post;
  std::vector<std::string> files = attachment_ids(*body);
  post.body = body->string("body", files.empty()).value_or("");
  if (!fields_ok(*ex, *body)) return;
  post.message_id = new_message_id();
  auto request = ticket_request(app, *ex, params, *actor, std::move(post));
  if (request)
    run_with_attachments(app, std::move(ex), std::move(files), std::move(*request), kLocation);
}

void close(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kCustomer);
  if (!actor) return;
  auto body = command_body(*ex, true);
  if (!body) return;
  domain::ChangeStatus change;
  change.status = domain::Status::kClosed;
  run_ticket_command(app, std::move(ex), params, *actor, std::move(change), kLocation);
}

void rate(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kCustomer);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::RateSatisfaction rating;
  rating.rating = static_cast<int>(
      body->integer("rating", true, domain::kMinRating, domain::kMaxRating).value_or(0));
  rating.comment = body->string("comment").value_or("");
  if (!fields_ok(*ex, *body)) return;
  run_ticket_command(app, std::move(ex), params, *actor, std::move(rating), kLocation);
}

}  // namespace

void add_customer_ticket_routes(Router& router, App& app) {
  router.add(
      http::verb::post, "/v1/tickets",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { open_ticket(app, std::move(ex)); },
      with_audience(
          RouteDoc{
              .operation_id = "openMyTicket",
              .summary = "Open a ticket",
              .tag = "Portal",
              .request_schema =
                  R"json({"type":"object","required":["subject"],"properties":{"subject":{"type":"string","minLength":1},"description":{"type":"string","description":"Required unless attachments are given"},"category":{"$ref":"#/components/schemas/Category"},"priority":{"$ref":"#/components/schemas/Priority"},"attachments":{"type":"array","maxItems":10,"items":{"type":"string"},"description":"Ids of your uploads (POST /v1/attachments)"}}})json",
              .response_schema = docs::ref("Ticket"),
              .success_status = 201,
              .headers = {"Idempotency-Key"},
              .request_example =
                  R"({"subject":"Invoice 1042 charged twice","description":"My card was charged twice for invoice 1042.","category":"billing","priority":"high"})"},
          Audience::kCustomer));
  RouteDoc reply_doc = docs::ticket_command(
      "replyToMyTicket", "Reply to a ticket (a closed one gets a follow-up, 201)", "Portal",
      R"json({"type":"object","properties":{"body":{"type":"string","description":"Required unless attachments are given"},"attachments":{"type":"array","maxItems":10,"items":{"type":"string"},"description":"Ids of your uploads (POST /v1/attachments)"}}})json",
      R"({"body":"It happened again this morning."})");
  reply_doc.other_success_status = 201;
  router.add(
      http::verb::post, "/v1/tickets/{id}/messages",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) { reply(app, std::move(ex), p); },
      with_audience(std::move(reply_doc), Audience::kCustomer));
  router.add(
      http::verb::post, "/v1/tickets/{id}/close",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) { close(app, std::move(ex), p); },
      with_audience(docs::ticket_command("closeMyTicket", "Confirm a resolved ticket is closed",
                                         "Portal", ""),
                    Audience::kCustomer));
  router.add(
      http::verb::post, "/v1/tickets/{id}/satisfaction",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) { rate(app, std::move(ex), p); },
      with_audience(
          docs::ticket_command(
              "rateMyTicket", "Rate a resolved or closed ticket", "Portal",
              R"({"type":"object","required":["rating"],"properties":{"rating":{"type":"integer","minimum":1,"maximum":5},"comment":{"type":"string"}}})",
              R"({"rating":5,"comment":"Quick and kind, thank you."})"),
          Audience::kCustomer));
}

}  // namespace ticketd::api
