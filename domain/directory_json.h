#pragma once
// The JSON forms of the directory: a tenant's SLA policy and settings (as
// the API takes and shows them, and as their events store them), and the
// stored data of the directory's and webhooks' events. Pure functions.

#include <string>
#include <string_view>

#include "domain/directory.h"
#include "domain/result.h"
#include "domain/sla_policy.h"
#include "domain/webhooks.h"

namespace ticketd::domain {

// {"policies": {"urgent": {"first_response_s", "resolution_s"}, ...},
//  "business_hours": {"time_zone", "weekly": [7 x [{"start_minute",
//  "end_minute"}]], "holidays": ["YYYY-MM-DD"]}}
void write_sla_policy(std::string& out, const SlaPolicy& policy);
// Reads that form over `base`: priorities and business_hours left out keep
// base's. kValidation with field errors ("policies.urgent.resolution_s").
Result<SlaPolicy> parse_sla_policy(std::string_view json, SlaPolicy base);

// {"auto_close_after_s": 259200, "auto_assign": ["billing", ...]}
void write_tenant_settings(std::string& out, const TenantSettings& settings);
// Reads that form over `base`; members left out keep base's.
// "auto_close_days" (whole days) may be given instead of
// "auto_close_after_s" (seconds), not both; 0 turns auto-close off.
// kValidation with field errors.
Result<TenantSettings> parse_tenant_settings(std::string_view json, TenantSettings base);

// Stored event data:
//   TenantCreated {"slug", "name"}
//   TenantSlaChanged {"slug", policy members...}
//   TenantSettingsChanged {"slug", settings members...}
//   AgentChanged {"id", "available", "max_open": n | null}
//   TokenIssued {"id", "role", "tenant", "user_id", "email", "name", "scope"?,
//                "secret_sha256"}; "scope" (tenant slugs) only for scoped staff:
//                absent is platform-wide, as every token issued before scopes
//                existed reads
//   TokenRevoked {"id"}
//   TenantLogoSet {"slug", "sha256", "type", "size"}
//   TenantLogoRemoved {"slug"}
//   WebhookCreated {"id", "url", "events", "tenant": s | null, "secret_fingerprint"}
//   WebhookDeleted {"id"}
std::string encode_directory_event_data(const DirectoryEventBody& body);
std::string encode_webhook_event_data(const WebhookEventBody& body);
// kInternal naming what is missing when `data` is not the form of `type`,
// or `type` is not one of the stream's.
Result<DirectoryEventBody> decode_directory_event_data(std::string_view type,
                                                       std::string_view data);
// WebhookDeleted's tenant is not in its data: it is left empty here.
Result<WebhookEventBody> decode_webhook_event_data(std::string_view type, std::string_view data);

}  // namespace ticketd::domain
