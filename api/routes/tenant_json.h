#pragma once
// A tenant as the admin API shows it: {slug, name, created_at, sla:
// {policies, business_hours}, settings: {auto_close_after_s, auto_assign}}.

#include "api/app.h"
#include "api/directory.h"
#include "domain/json_writer.h"

namespace ticketd::api {

void write_tenant_json(domain::JsonWriter& w, const Tenant& t);
Response tenant_response(http::status status, const Tenant& t);

}  // namespace ticketd::api
