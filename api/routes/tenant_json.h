#pragma once
// A tenant as the admin API shows it: {slug, name, created_at, sla:
// {policies, business_hours}, settings: {auto_close_after_s, auto_assign},
// logo: {sha256, type, size, url} | null}.

#include <functional>
#include <memory>
#include <string_view>

#include "api/commands/directory.h"
#include "api/http/exchange.h"
#include "api/routes/app.h"
#include "domain/json_writer.h"

namespace ticketd::api {

void write_tenant_json(domain::JsonWriter& w, const Tenant& t);
// The member "logo": {sha256, type, size, url} (the public path with its
// version), or null.
void write_tenant_logo(domain::JsonWriter& w, const Tenant& t);
Response tenant_response(http::status status, const Tenant& t);

// PUT of one part of the tenant {slug} (its admins: tenant_admin or
// admin, Audience::kTenantAdmin): reads the JSON body, calls `change` with
// its text, the tenant as it is and the caller, and answers the changed
// tenant that `change` passes to `done` (404 for an unknown tenant or one
// outside the caller's scope, before the body is read; the problem it
// passes otherwise).
using TenantChange = std::function<void(std::string_view body, const Tenant& tenant,
                                        const domain::Actor& by, Answer<Tenant> done)>;
void put_tenant_part(App& app, std::shared_ptr<Exchange> ex, const PathParams& p,
                     const TenantChange& change);

}  // namespace ticketd::api
