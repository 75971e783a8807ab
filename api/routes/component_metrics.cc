#include "api/routes/component_metrics.h"

#include <algorithm>

namespace ticketd::api {
namespace {

std::uint64_t behind(std::uint64_t head, std::uint64_t position) {
  return head - std::min(head, position);
}

}  // namespace

void add_automation_metrics(RequestMetrics& metrics, const Automation& automation,
                            const eventstore::EventStore& store) {
  metrics.add_section([&automation, &store](std::string& out) {
    const Automation::Status s = automation.status();
    gauge(out, "ticketd_automation_ready", "1 once the automation has loaded the open tickets.",
          s.ready ? 1 : 0);
    gauge(out, "ticketd_automation_lag", "Events committed but not yet read by the automation.",
          behind(store.head(), s.position));
    gauge(out, "ticketd_automation_tickets", "Non-closed tickets the automation follows.",
          s.tickets);
    gauge(out, "ticketd_automation_timers", "Pending SLA and auto-close timers.", s.timers);
    gauge(out, "ticketd_automation_pending_assign", "Tickets waiting for an agent to be free.",
          s.pending_assign);
    counter(out, "ticketd_automation_actions_total", "System commands carried out.", s.actions);
    counter(out, "ticketd_automation_refused_total",
            "System commands decide() refused because the ticket moved on.", s.refused);
    counter(out, "ticketd_automation_failures_total", "System commands the store failed (retried).",
            s.failures);
  });
}

void add_outbox_metrics(RequestMetrics& metrics, const Outbox& outbox,
                        const eventstore::EventStore& store) {
  metrics.add_section([&outbox, &store](std::string& out) {
    gauge(out, "ticketd_outbox_lag", "Events committed but not yet decided by the outbox.",
          behind(store.head(), outbox.decided()));
    gauge(out, "ticketd_outbox_pending",
          "Notifications queued and neither delivered nor dead-lettered yet.", outbox.pending());
  });
}

void add_connection_metrics(RequestMetrics& metrics, const HttpServer& server) {
  metrics.add_section([&server](std::string& out) {
    const ConnectionLimits& limits = server.limits();
    const ConnectionLimits::Counts c = limits.counts();
    out +=
        "# HELP ticketd_connections_open Open connections, by kind (reserve: accepted over "
        "the cap for operational requests).\n";
    out += "# TYPE ticketd_connections_open gauge\n";
    out += "ticketd_connections_open{kind=\"regular\"} " + std::to_string(c.regular) + "\n";
    out += "ticketd_connections_open{kind=\"reserve\"} " + std::to_string(c.reserve) + "\n";
    gauge(out, "ticketd_connections_idle",
          "Open connections waiting for a next request with nothing of it received.",
          server.idle_connections());
    gauge(out, "ticketd_connections_addresses", "Client addresses with an open connection.",
          c.addresses);
    gauge(out, "ticketd_connections_busiest_address",
          "Open connections of the client address that holds most (cap: "
          "ticketd_connections_per_address_limit).",
          c.busiest_address);
    gauge(out, "ticketd_connections_per_address_limit", "Open connections one address may hold.",
          limits.per_address_cap());
    out +=
        "# HELP ticketd_connections_refused_total Connections answered 503 and closed, by "
        "reason (address: its address was at its cap; capacity: the server and its reserve "
        "were full).\n";
    out += "# TYPE ticketd_connections_refused_total counter\n";
    out += "ticketd_connections_refused_total{reason=\"address\"} " +
           std::to_string(c.refused_address) + "\n";
    out += "ticketd_connections_refused_total{reason=\"capacity\"} " +
           std::to_string(c.refused_capacity) + "\n";
    counter(out, "ticketd_connections_idle_closed_total",
            "Idle keep-alive connections closed early because the server was near its cap.",
            c.idle_closed);
  });
}

}  // namespace ticketd::api
