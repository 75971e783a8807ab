// The catalogue of event types the log may hold, with what each records:
// /openapi.json lists it and webhook subscriptions are checked against it.

#include "api/views/event_types.h"

#include <algorithm>

#include "domain/events.h"

namespace ticketd::api {
namespace {

constexpr EventTypeDoc kDescriptions[] = {
    {"TicketOpened",
     "A ticket was opened (number, requester, subject, priority, category, SLA targets)."},
    {"MessagePosted",
     "A public reply or, with data.internal, an internal note (never shown to customers). A held "
     "mail is an internal note with data.held (the claimed sender and why it was not believed); "
     "the reply an agent accepts from it names it in data.accepted_from."},
    {"TicketAssigned", "The ticket was assigned to an agent."},
    {"TicketUnassigned", "The ticket's assignee was removed."},
    {"StatusChanged", "The status moved along the workflow (data.from, data.to, data.reason)."},
    {"PriorityChanged", "The priority changed; SLA due instants were recomputed."},
    {"CategoryChanged", "The category changed."},
    {"TicketEscalated",
     "The ticket was escalated one level (by an agent, or by the system on a breach)."},
    {"TagsChanged", "Tags were added or removed."},
    {"TicketMerged", "This ticket was merged into another of its tenant and closed (data.into)."},
    {"MergeReceived", "Another ticket was merged into this one; its messages were copied here."},
    {"SatisfactionRated", "The customer rated the help (1..5, optional comment)."},
    {"SlaWarning", "80% of an SLA target elapsed (data.target, data.due_at)."},
    {"SlaBreached",
     "An SLA target passed unmet (data.target: first_response or resolution, data.due_at)."},
    {"TenantCreated", "A tenant was created (stream tenants)."},
    {"TenantSlaChanged", "A tenant's SLA targets or business hours changed (stream tenants)."},
    {"TokenIssued",
     "An API token was issued; only the SHA-256 of its secret is stored, and answers leave even "
     "that out (stream tokens)."},
    {"TokenRevoked", "An API token was revoked (stream tokens)."},
    {"TenantSettingsChanged",
     "A tenant's automation settings changed: auto-close span, auto-assign categories (stream "
     "tenants)."},
    {"TenantLogoSet",
     "A tenant's logo was set: the sha256, detected type and size of an image in the blob store, "
     "never its bytes (stream tenants)."},
    {"TenantLogoRemoved", "A tenant's logo was removed (stream tenants)."},
    {"AgentChanged",
     "An agent's auto-assign setting changed: available, open-ticket cap (stream agents)."},
    {"WebhookCreated",
     "A webhook subscription was created: url, events, tenant filter and only a fingerprint of its "
     "secret (stream webhooks)."},
    {"WebhookDeleted", "A webhook subscription was deleted (stream webhooks)."},
    {"NotificationQueued",
     "The outbox decided a notification (data.channel email or webhook, recipient, source event; "
     "emails with subject, text and HTML) on stream notifications-email or webhook-<id>."},
    {"NotificationAttempted",
     "A delivery attempt failed (data.attempt, data.status, data.error, data.next_attempt_at)."},
    {"NotificationDelivered",
     "A notification was delivered (data.attempt, data.status: SMTP reply code or HTTP status)."},
    {"LogLossAccepted",
     "An operator started ticketd with --accept-log-loss: the log continues from the surviving "
     "head (data: surviving head, highest position the evidence showed, findings; stream "
     "operations)."},
    {"NotificationDeadLettered",
     "A notification was given up after its last attempt, or its webhook was deleted "
     "(data.error)."},
    {"AccountInvited",
     "A person was invited: email, name, role, tenant or scope (stream accounts; no secret)."},
    {"AccountRegistered",
     "A customer proved their address with a sign-in link and got an account (stream accounts)."},
    {"AccountActivated", "An invited account set its password and is active (stream accounts)."},
    {"PasswordSet",
     "The account's password was set (data.reason: invitation, reset or change); neither the "
     "password nor its hash is in the log (stream accounts)."},
    {"AccountEmailChanged", "The account's email address changed (stream accounts)."},
    {"AccountRenamed", "The account's display name changed (stream accounts)."},
    {"AlertPreferencesChanged",
     "A staff member's alert preferences: per kind immediately, digest or off (data.staff, "
     "data.kinds, data.via: api or unsubscribe; stream alert-preferences)."},
    {"AccountRoleChanged", "The account's role, tenant or scope changed (stream accounts)."},
    {"AccountDisabled", "The account was disabled: it can no longer sign in (stream accounts)."},
    {"AccountEnabled", "A disabled account was enabled again (stream accounts)."},
    {"SessionsRevoked",
     "Every session of the account that began before this event ended (data.reason: user, "
     "admin, reset, role, disabled; stream accounts)."},
    {"SignedIn",
     "A session began (data.account, data.session id, data.method: password, magic_link, "
     "invitation, reset; data.address) (stream signins)."},
    {"SignedOut", "A session was ended by its holder (stream signins)."},
    {"SignInFailed",
     "A sign-in failed (data.email as typed, data.address, data.reason: invalid_credentials, "
     "disabled, invalid_link) (stream signins)."},
    {"SignInLocked",
     "Too many failures: sign-ins for data.email or from data.address wait until data.until "
     "(stream signins)."},
    {"SignInLinkSent",
     "A single-use link was mailed (data.purpose: magic_link, reset, invitation); the link "
     "itself is not in the log (stream signins)."},
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
    if (std::none_of(docs.begin(), docs.end(),
                     [&](const EventTypeDoc& d) { return d.type == type; })) {
      docs.push_back({type, ""});
    }
  }
  return docs;
}

}  // namespace ticketd::api
