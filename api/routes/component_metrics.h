#pragma once
// /metrics sections of the background components: the automation (SLA
// timers, auto-close, auto-assign) and the outbox (notifications), so that
// an operator sees a stuck or lagging one without reading logs; and of the
// HTTP server's connections, so that one sees a connection flood.

#include "api/automation/automation.h"
#include "api/http/http_server.h"
#include "api/notifications/outbox.h"
#include "api/routes/request_metrics.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// All references must outlive `metrics`.
void add_automation_metrics(RequestMetrics& metrics, const Automation& automation,
                            const eventstore::EventStore& store);
void add_outbox_metrics(RequestMetrics& metrics, const Outbox& outbox,
                        const eventstore::EventStore& store);
void add_connection_metrics(RequestMetrics& metrics, const HttpServer& server);

}  // namespace ticketd::api
