#include "api/component_metrics.h"

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
    gauge(out, "ticketd_automation_tickets", "Non-closed tickets the automation follows.", s.tickets);
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

}  // namespace ticketd::api
