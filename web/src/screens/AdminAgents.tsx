// /admin/agents: each agent's workload (GET /admin/v1/agents: open tickets
// assigned, resolved, median handle time) and auto-assign setting, which a
// platform admin edits per row (PUT /admin/v1/agents/{id}). Both operations
// are platform-only (x-platform-only): listing is for agents and admins
// without a scope, editing for admins without one; App shows this screen to
// no one else. ticketd lists only agents who have had tickets, so an agent
// not yet in the list is set up by id below the table.

import { useState } from "preact/hooks";

import { mayEditAgents } from "../access.js";
import { api } from "../api/client.js";
import { ownWrites } from "../api/own_writes.js";
import type { AgentSetting, Me } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { TextField } from "../components/Field.js";
import { AgentSettingForm, AgentSettingRow } from "../components/admin/AgentSettingRow.js";
import { LoadMore } from "../components/LoadMore.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";
import { usePagedList } from "../paging.js";

export function AdminAgents({ me }: { me: Me }) {
  usePageTitle("Agents");
  const editable = mayEditAgents(me.actor);
  const list = usePagedList(async (page) => {
    const { data } = await api.GET("/admin/v1/agents", { params: { query: { ...page, ...ownWrites() } } });
    return data ?? { items: [], next_cursor: null };
  }, "agents");

  return (
    <>
      <h1 tabIndex={-1}>Agents</h1>
      <p class="lede">
        Who has how many tickets. New tickets in a tenant's auto-assign categories go in turn to the agents marked
        available here, passing over anyone who holds as many open tickets as their cap.
        {!editable && " Only a platform admin changes these settings."}
      </p>
      <ErrorSummary error={list.error} />
      {list.loading === "first" ? (
        <p class="loading">Loading the agents…</p>
      ) : list.items.length === 0 ? (
        <p>No agent has had a ticket yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table agents-table">
            <caption class="visually-hidden">Agents</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col" class="num">
                  Open assigned
                </th>
                <th scope="col" class="num">
                  Resolved
                </th>
                <th scope="col">Median handle time</th>
                <th scope="col">Auto-assign</th>
                <th scope="col">Open-ticket cap</th>
                <th scope="col">
                  <span class="visually-hidden">Save</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((load) => (
                <AgentSettingRow key={load.agent} load={load} editable={editable} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
      {editable && <OtherAgent />}
    </>
  );
}

/** An agent by id: their setting (GET /admin/v1/agents/{id}; 404 is "never set up"), to edit. */
function OtherAgent() {
  const [id, setId] = useState("");
  const [found, setFound] = useState<{ agent: string; setting: AgentSetting | null } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const find = async (event: Event) => {
    event.preventDefault();
    const agent = id.trim();
    if (!agent) return setError(fieldErrors({ id: "Enter the agent's id" }));
    setFound(null);
    try {
      const { data } = await api.GET("/admin/v1/agents/{id}", { params: { path: { id: agent } } });
      setFound({ agent, setting: data ?? null });
      setError(null);
    } catch (e) {
      const shown = describeSignedInError(e);
      if (shown.status === 404) {
        setFound({ agent, setting: null });
        setError(null);
      } else {
        setError(shown);
      }
    }
  };

  return (
    <section class="panel other-agent" aria-labelledby="other-agent-heading">
      <h2 id="other-agent-heading">Another agent</h2>
      <p class="field__hint">
        The table lists agents who have had tickets. Set up a new agent's auto-assign here, by the id on their account
        or token.
      </p>
      <ErrorSummary error={error} fields={{ id: ["other-agent-id", "Agent id"] }} />
      <form class="form other-agent__find" noValidate onSubmit={find}>
        <TextField
          id="other-agent-id"
          label="Agent id"
          autoComplete="off"
          spellcheck={false}
          value={id}
          error={error?.fields["id"]}
          onInput={(e) => setId(e.currentTarget.value)}
        />
        <button type="submit" class="button">
          Show setting
        </button>
      </form>
      {found && (
        <AgentSettingForm
          key={found.agent}
          agent={found.agent}
          configured={found.setting !== null}
          initial={found.setting ?? { available: false, max_open: null }}
        />
      )}
    </section>
  );
}
