// Beside the assignee: the agents' workload (GET /admin/v1/agents), so the
// one who assigns sees who has room. Each agent is a button that assigns the
// ticket to them. ticketd lists every agent who was ever an assignee, by id
// (the answer has no names: the signed-in agent's own name is known from
// /auth/me). The workload spans every tenant, so ticketd answers it to
// platform staff only (agents and admins without a tenant scope); for
// anyone else the panel is not offered at all.

import { useEffect, useState } from "preact/hooks";

import { maySeeAgents } from "../../access.js";
import { api } from "../../api/client.js";
import { ownWrites } from "../../api/own_writes.js";
import type { AgentLoad, Me, Ticket } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";

const PAGE = 100;

export function openWords(count: number): string {
  if (count === 0) return "no open tickets";
  return count === 1 ? "1 open ticket" : `${count} open tickets`;
}

/** Whether the agent takes auto-assigned tickets, and their cap. */
export function availabilityWords(load: AgentLoad): string {
  const setting = load.auto_assign;
  if (setting === null) return "availability not set";
  if (!setting.available) return "not available";
  if (setting.max_open === null) return "available";
  if (load.open_assigned >= setting.max_open) return `available, at its cap of ${setting.max_open}`;
  return `available, up to ${setting.max_open}`;
}

interface Props {
  ticket: Ticket;
  me: Me;
  assign(agent: string): void;
}

export function WorkloadPicker({ ticket, me, assign }: Props) {
  const [open, setOpen] = useState(false);
  const [loads, setLoads] = useState<AgentLoad[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const fetchPage = async (cursor: string | null) => {
    try {
      const query = { limit: PAGE, ...(cursor ? { cursor } : {}), ...ownWrites() };
      const { data } = await api.GET("/admin/v1/agents", { params: { query } });
      if (!data) return;
      setLoads((shown) => (cursor && shown ? [...shown, ...data.items] : data.items));
      setNext(data.next_cursor);
      setError(null);
    } catch (e) {
      const shown = describeSignedInError(e);
      // Not ours to see after all (a scope given since sign-in): no panel.
      if (shown.status === 403) setRefused(true);
      else setError(shown);
    }
  };
  // Read again on every assignment: the counts move with it.
  useEffect(() => {
    if (open) void fetchPage(null);
  }, [open, ticket.assignee]);

  if (refused || !maySeeAgents(me.actor)) return null;

  // An agent by name when ticketd knows one (their account's, or their
  // token holder's), else by id.
  const label = (load: AgentLoad) =>
    load.agent === me.actor.id ? `${me.actor.name || load.agent} (you)` : load.name || load.agent;
  return (
    <div class="workload">
      <button
        id="workload-toggle"
        type="button"
        class="button button--quiet workload__toggle"
        aria-expanded={open}
        aria-controls="workload-panel"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" class="workload__marker">
          {open ? "▾" : "▸"}
        </span>
        Agents' workload
      </button>
      {open && (
        <section id="workload-panel" class="workload__panel" aria-labelledby="workload-toggle">
          <p class="field__hint">Open tickets assigned to each agent now. Pick one to assign this ticket.</p>
          {error && (
            <p class="field__error" role="alert">
              {error.summary}
            </p>
          )}
          {loads === null && !error && <p class="loading">Loading the workload…</p>}
          {loads?.length === 0 && <p class="field__hint">No agent has been assigned a ticket yet.</p>}
          {loads && loads.length > 0 && (
            <ul class="workload__list">
              {loads.map((load) => {
                const current = load.agent === ticket.assignee;
                return (
                  <li key={load.agent}>
                    <button
                      type="button"
                      class="workload__pick"
                      disabled={current}
                      onClick={() => assign(load.agent)}
                    >
                      <span class="visually-hidden">Assign to </span>
                      <span class="workload__name">{label(load)}</span>
                      <span class="workload__count">{openWords(load.open_assigned)}</span>
                      <span class="workload__availability">
                        {availabilityWords(load)}
                        {current && " · assigned this ticket"}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {next && (
            <button type="button" class="button button--quiet" onClick={() => void fetchPage(next)}>
              More agents
            </button>
          )}
        </section>
      )}
    </div>
  );
}
