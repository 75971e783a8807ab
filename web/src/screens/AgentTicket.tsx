// /tickets/:key: a ticket as an agent works it. Every change is a command
// sent with If-Match (the version on screen): when someone else changed the
// ticket first, ticketd refuses it (412) and the screen reloads and says so
// (ticket/useAgentTicket.ts). Events of this ticket's stream reload it while
// it is shown. Beside the conversation: the properties, the tags, the
// escalation and the merge.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Me } from "../api/types.js";
import { Composer, MESSAGE_BOX_ID } from "../components/Composer.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { FlashNotice } from "../components/FlashNotice.js";
import { LocalTime } from "../components/LocalTime.js";
import { Notice } from "../components/Notice.js";
import { RelatedTickets } from "../components/RelatedTickets.js";
import { SlaDue } from "../components/SlaDue.js";
import { STATUS_ID, TicketProperties, type PropertyChanges } from "../components/TicketProperties.js";
import { TicketNotFound } from "../components/TicketNotFound.js";
import { TicketThread } from "../components/TicketThread.js";
import { EscalateButton, REASON_ID, REASON_LABEL } from "../components/ticket/EscalateButton.js";
import { MergeDialog } from "../components/ticket/MergeDialog.js";
import { TAG_INPUT_ID, TAG_INPUT_LABEL, TagsEditor } from "../components/ticket/TagsEditor.js";
import { STALE, useAgentTicket, type IfMatch } from "../components/ticket/useAgentTicket.js";
import { historyPath } from "../history.js";
import { useNow, usePageTitle } from "../hooks.js";
import { navigate, ticketPath } from "../router.js";
import { useShortcuts } from "../shortcuts.js";
import { isTagField } from "../tags.js";

export { STALE };

// The fields a refusal may name, and where each is on this screen.
const FIELDS: Record<string, readonly [string, string]> = {
  status: [STATUS_ID, "Status"],
  priority: ["prop-priority", "Priority"],
  category: ["prop-category", "Category"],
  assignee: ["prop-assignee", "Assignee"],
  reason: [REASON_ID, REASON_LABEL],
};

function summaryFields(fields: Record<string, string>): Record<string, readonly [string, string]> {
  const tags = Object.keys(fields).filter(isTagField);
  return { ...FIELDS, ...Object.fromEntries(tags.map((f) => [f, [TAG_INPUT_ID, TAG_INPUT_LABEL] as const])) };
}

export function AgentTicket({ ticketKey, me }: { ticketKey: string; me: Me }) {
  const now = useNow();
  const { ticket, setTicket, loadError, error, stale, revision, command } = useAgentTicket(ticketKey);
  const [intent, setIntent] = useState<"reply" | "note">("reply");
  const [escalateAsked, setEscalateAsked] = useState(0);
  usePageTitle(ticket ? `${ticket.key}: ${ticket.subject}` : ticketKey);

  const params = (id: string, header: IfMatch) => ({ path: { id }, header });
  const change: PropertyChanges = {
    status: (status) =>
      void command((id, h) => api.POST("/admin/v1/tickets/{id}/status", { params: params(id, h), body: { status } })),
    priority: (priority) =>
      void command((id, h) =>
        api.POST("/admin/v1/tickets/{id}/priority", { params: params(id, h), body: { priority } }),
      ),
    category: (category) =>
      void command((id, h) =>
        api.POST("/admin/v1/tickets/{id}/category", { params: params(id, h), body: { category } }),
      ),
    assign: (assignee) =>
      void command((id, h) => api.POST("/admin/v1/tickets/{id}/assign", { params: params(id, h), body: { assignee } })),
    assignToMe: () => {
      if (ticket?.assignee !== me.actor.id) change.assign(me.actor.id);
    },
  };
  const changeTags = (body: { add?: string[]; remove?: string[] }) =>
    command((id, h) => api.POST("/admin/v1/tickets/{id}/tags", { params: params(id, h), body }));
  const escalate = (reason: string) =>
    command((id, h) => api.POST("/admin/v1/tickets/{id}/escalate", { params: params(id, h), body: { reason } }));
  const acceptHeld = (message: string) =>
    command((id, h) =>
      api.POST("/admin/v1/tickets/{id}/messages/{message}/accept", {
        params: { path: { id, message }, header: h },
        body: {},
      }),
    );
  // The answer is the target; its errors are the dialog's to show.
  const merge = (into: string) =>
    command((id, h) => api.POST("/admin/v1/tickets/{id}/merge", { params: params(id, h), body: { into } }), {
      answersOther: true,
      local: true,
    });

  const focusMessage = (wanted: "reply" | "note") => {
    setIntent(wanted);
    document.getElementById(MESSAGE_BOX_ID)?.focus();
  };
  useShortcuts({
    r: () => focusMessage("reply"),
    n: () => focusMessage("note"),
    a: () => change.assignToMe(),
    s: () => document.getElementById(STATUS_ID)?.focus(),
    t: () => document.getElementById(TAG_INPUT_ID)?.focus(),
    e: () => setEscalateAsked((n) => n + 1),
    h: () => navigate(historyPath(ticket?.key ?? ticketKey)),
  });

  if (!ticket) {
    if (loadError?.status === 404) {
      return <TicketNotFound ticketKey={ticketKey} forCustomer={false} />;
    }
    return (
      <>
        <ErrorSummary error={loadError} />
        {!loadError && <p class="loading">Loading the ticket…</p>}
      </>
    );
  }

  return (
    <>
      <p class="eyebrow">
        {ticket.key} · {ticket.tenant} · <a href={historyPath(ticket.key)}>History</a>
      </p>
      <h1 tabIndex={-1}>{ticket.subject}</h1>
      <FlashNotice />
      {ticket.merged_into && (
        <Notice>
          This ticket was merged into another and closed; the conversation goes on there.{" "}
          <a href={ticketPath(ticket.merged_into, false)}>Go to the ticket it was merged into</a>
        </Notice>
      )}
      {stale && (
        <p class="error-summary" role="alert">
          {STALE}
        </p>
      )}
      <ErrorSummary error={error ?? loadError} fields={summaryFields(error?.fields ?? {})} />
      <div class="ticket-layout">
        <div class="ticket-layout__main">
          <dl class="facts">
            <div>
              <dt>Requester</dt>
              <dd>
                {ticket.requester.name || ticket.requester.id}{" "}
                <a href={`mailto:${ticket.requester.email}`}>{ticket.requester.email}</a>
              </dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>
                <LocalTime iso={ticket.created_at} />
              </dd>
            </div>
            <div>
              <dt>SLA</dt>
              <dd>
                <SlaDue ticket={ticket} now={now} />
              </dd>
            </div>
            <RelatedTickets ticket={ticket} forCustomer={false} />
          </dl>
          <TicketThread
            messages={ticket.messages}
            audience="staff"
            acceptHeld={ticket.status === "closed" ? undefined : acceptHeld}
          />
          {/* One per ticket: a draft and its files (uploaded into this tenant) stay with their ticket. */}
          <Composer key={ticket.id} ticket={ticket} intent={intent} onSent={setTicket} />
        </div>
        <aside class="ticket-layout__side ticket-layout__side--tools" aria-labelledby="properties-heading">
          <h2 id="properties-heading">Properties</h2>
          <TicketProperties key={revision} ticket={ticket} me={me} error={error} change={change} />
          <TagsEditor ticket={ticket} error={error} changeTags={changeTags} />
          <EscalateButton ticket={ticket} error={error} openRequest={escalateAsked} escalate={escalate} />
          <MergeDialog ticket={ticket} merge={merge} />
        </aside>
      </div>
    </>
  );
}
