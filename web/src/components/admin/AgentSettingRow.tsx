// One agent's auto-assign setting (PUT /admin/v1/agents/{id}): whether they
// receive auto-assigned tickets, and how many open tickets they may hold
// before auto-assign passes over them (empty: no cap). As a row of the
// agents' table (AgentSettingRow; its controls belong to a form in the last
// cell through the `form` attribute, a form cannot wrap a <tr>), or as a
// form of its own for an agent the table does not list (AgentSettingForm).

import { useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { AgentLoad, AgentSetting } from "../../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../../errors.js";
import { formatDuration } from "../../format.js";
import { parseCap } from "../../sla.js";
import { FieldError } from "../Field.js";

type Setting = Pick<AgentSetting, "available" | "max_open">;

type SettingForm = ReturnType<typeof useAgentSetting>;

/** The open-ticket cap as typed (empty: no cap), `${id}-cap`; invalid while the setting's error names it. */
function CapInput(props: {
  id: string;
  form: SettingForm;
  /** The form it belongs to when it is outside it (a table row). */
  inForm?: string;
  placeholder?: string;
  describedBy: string | undefined;
}) {
  const { id, form } = props;
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      class="agent__cap"
      id={`${id}-cap`}
      form={props.inForm}
      placeholder={props.placeholder}
      value={form.cap}
      aria-describedby={props.describedBy}
      aria-invalid={form.error?.fields["max_open"] ? "true" : undefined}
      onInput={(e) => form.setCap(e.currentTarget.value)}
    />
  );
}

function useAgentSetting(agent: string, initial: Setting, onSaved?: (setting: AgentSetting) => void) {
  const [available, setAvailable] = useState(initial.available);
  const [cap, setCap] = useState(initial.max_open === null ? "" : String(initial.max_open));
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const max = parseCap(cap);
    if (!max.ok) return setError(fieldErrors({ max_open: max.message }));
    setBusy(true);
    try {
      const { data } = await api.PUT("/admin/v1/agents/{id}", {
        params: { path: { id: agent } },
        body: { available, max_open: max.value },
      });
      if (!data) throw new Error("ticketd answered no setting");
      setAvailable(data.available);
      setCap(data.max_open === null ? "" : String(data.max_open));
      setError(null);
      setSaved(true);
      onSaved?.(data);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };
  const change = () => setSaved(false);
  return {
    available,
    setAvailable: (v: boolean) => (change(), setAvailable(v)),
    cap,
    setCap: (v: string) => (change(), setCap(v)),
    error,
    saved,
    busy,
    submit,
  };
}

function slugOf(agent: string): string {
  return agent.replace(/[^A-Za-z0-9_-]/g, "_");
}

function Counts({ load }: { load: AgentLoad }) {
  return (
    <>
      <td class="num">{load.open_assigned}</td>
      <td class="num">{load.resolved}</td>
      <td>{load.median_handle_s === null ? "—" : formatDuration(load.median_handle_s * 1000)}</td>
    </>
  );
}

/** A row of the agents' table; `editable` false shows the setting as text (a platform agent). */
export function AgentSettingRow({ load, editable }: { load: AgentLoad; editable: boolean }) {
  const setting = load.auto_assign ?? { available: false, max_open: null };
  if (!editable) {
    return (
      <tr>
        <th scope="row" class="key">
          {load.agent}
        </th>
        <Counts load={load} />
        <td>{load.auto_assign === null ? "not set up" : setting.available ? "yes" : "no"}</td>
        <td>{setting.max_open === null ? "no cap" : setting.max_open}</td>
        <td />
      </tr>
    );
  }
  return <EditableRow load={load} setting={setting} />;
}

function EditableRow({ load, setting }: { load: AgentLoad; setting: Setting }) {
  const form = useAgentSetting(load.agent, setting);
  const id = `agent-${slugOf(load.agent)}`;
  const capError = form.error?.fields["max_open"];
  const otherError = form.error && !capError ? form.error.summary : null;
  return (
    <tr>
      <th scope="row" class="key">
        {load.agent}
        {load.auto_assign === null && <span class="muted agent__note">not set up</span>}
      </th>
      <Counts load={load} />
      <td>
        <div class="checkbox">
          <input
            type="checkbox"
            id={`${id}-available`}
            form={`${id}-form`}
            checked={form.available}
            onChange={(e) => form.setAvailable(e.currentTarget.checked)}
          />
          <label for={`${id}-available`}>
            <span class="visually-hidden">{load.agent}: </span>Available
          </label>
        </div>
      </td>
      <td class={capError ? "field--error" : undefined}>
        <label class="visually-hidden" for={`${id}-cap`}>
          {load.agent}: open-ticket cap
        </label>
        <FieldError id={`${id}-cap-error`} error={capError} />
        <CapInput
          id={id}
          form={form}
          inForm={`${id}-form`}
          placeholder="no cap"
          describedBy={capError ? `${id}-cap-error` : undefined}
        />
      </td>
      <td>
        <form id={`${id}-form`} class="agent__save" noValidate onSubmit={form.submit}>
          <button type="submit" class="button button--small" disabled={form.busy} aria-label={`Save ${load.agent}`}>
            Save
          </button>
          <span role="status" class="agent__status">
            {form.saved ? "Saved" : ""}
          </span>
          {otherError && (
            <span role="alert" class="field__error">
              {otherError}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

/** The setting of an agent by id, as a form of its own (an agent with no tickets is in no list). */
export function AgentSettingForm(props: { agent: string; initial: Setting; configured: boolean }) {
  const { agent, initial, configured } = props;
  const form = useAgentSetting(agent, initial);
  const id = `other-agent-${slugOf(agent)}`;
  const capError = form.error?.fields["max_open"];
  const otherError = form.error && !capError ? form.error.summary : null;
  return (
    <form class="form agent-setting-form" noValidate onSubmit={form.submit} aria-label={`Auto-assign of ${agent}`}>
      <p>
        <strong class="key">{agent}</strong>{" "}
        <span class="muted">{configured ? "" : "(not set up yet: saving sets them up)"}</span>
      </p>
      {otherError && (
        <p class="error-summary" role="alert">
          {otherError}
        </p>
      )}
      <div class="checkbox field">
        <input
          type="checkbox"
          id={`${id}-available`}
          checked={form.available}
          onChange={(e) => form.setAvailable(e.currentTarget.checked)}
        />
        <label for={`${id}-available`}>Available for auto-assign</label>
      </div>
      <div class={capError ? "field field--error" : "field"}>
        <label for={`${id}-cap`}>Open-ticket cap</label>
        <p class="field__hint" id={`${id}-cap-hint`}>
          Open tickets at most before auto-assign passes over them; empty for no cap.
        </p>
        <FieldError id={`${id}-cap-error`} error={capError} />
        <CapInput
          id={id}
          form={form}
          describedBy={capError ? `${id}-cap-hint ${id}-cap-error` : `${id}-cap-hint`}
        />
      </div>
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={form.busy}>
          Save {agent}
        </button>
        <span role="status">{form.saved ? "Saved" : ""}</span>
      </div>
    </form>
  );
}
