#include "domain/webhooks.h"

#include <utility>

namespace ticketd::domain {

std::string_view webhook_event_type(const WebhookEventBody& body) {
  return std::holds_alternative<WebhookCreated>(body) ? "WebhookCreated" : "WebhookDeleted";
}

FieldErrors webhook_field_errors(const CreateWebhook& c) {
  FieldErrors errors;
  if (!(c.url.starts_with("http://") || c.url.starts_with("https://")) ||
      c.url.size() > kMaxWebhookUrlBytes || c.url.find_first_of(" \r\n\t") != std::string::npos) {
    errors.push_back({"url", "must be an http:// or https:// URL (at most 2048 characters)"});
  }
  if (c.events.empty()) errors.push_back({"events", "must list event types or \"*\""});
  return errors;
}

bool webhook_in_scope(const Webhook& hook, const Actor& actor) {
  return hook.tenant.empty() ? may_administer(actor) : in_scope(actor, hook.tenant);
}

Result<std::vector<WebhookEvent>> decide(const CreateWebhook& c, const WebhooksState& s,
                                         const Context& ctx) {
  // A webhook of every tenant is the platform's; one tenant's, its admins'.
  if (c.tenant.empty() ? !may_administer(ctx.actor) : !administers_tenants(ctx.actor))
    return make_error(ErrorCode::kForbidden, "only an admin may manage webhooks");
  if (!c.tenant.empty() && !in_scope(ctx.actor, c.tenant)) {
    return *validation_error(FieldErrors{FieldError{"tenant", "no such tenant"}});
  }
  if (std::optional<Error> invalid = validation_error(webhook_field_errors(c)))
    return std::move(*invalid);
  if (c.id.empty() || s.hooks.contains(c.id))
    return make_error(ErrorCode::kConflict, "the webhook id is in use");
  std::vector<WebhookEvent> out;
  out.push_back(
      WebhookEvent{EventMeta{ctx.now, ctx.actor.id, ctx.actor.role}, 0,
                   WebhookCreated{c.id, c.url, c.events, c.tenant, c.secret_fingerprint}});
  return out;
}

Result<std::vector<WebhookEvent>> decide(const DeleteWebhook& c, const WebhooksState& s,
                                         const Context& ctx) {
  if (!administers_tenants(ctx.actor))
    return make_error(ErrorCode::kForbidden, "only an admin may manage webhooks");
  auto it = s.hooks.find(c.id);
  // Another tenant's webhook, or the platform's, is as missing as any.
  if (it == s.hooks.end() || it->second.deleted || !webhook_in_scope(it->second, ctx.actor))
    return make_error(ErrorCode::kNotFound, "no such webhook");
  std::vector<WebhookEvent> out;
  out.push_back(WebhookEvent{EventMeta{ctx.now, ctx.actor.id, ctx.actor.role}, 0,
                             WebhookDeleted{c.id, it->second.tenant}});
  return out;
}

WebhooksState evolve(WebhooksState s, const WebhookEvent& e) {
  if (const auto* created = std::get_if<WebhookCreated>(&e.body)) {
    Webhook h;
    h.id = created->id;
    h.url = created->url;
    h.events = created->events;
    h.tenant = created->tenant;
    h.secret_fingerprint = created->secret_fingerprint;
    h.created_at = e.meta.occurred_at;
    h.created_position = e.position;
    s.hooks[h.id] = std::move(h);
  } else if (const auto* deleted = std::get_if<WebhookDeleted>(&e.body)) {
    if (auto it = s.hooks.find(deleted->id); it != s.hooks.end()) it->second.deleted = true;
  }
  return s;
}

}  // namespace ticketd::domain
