// A tenant's SLA policy (PUT /admin/v1/tenants/{slug}/sla): per priority the
// first-response and resolution targets (a number and a unit, sent in
// seconds), the business hours they count in, and the holidays. The whole
// policy is sent on save; the answer (ticketd's normalised policy: intervals
// sorted and joined, holidays sorted) becomes the form's new state.

import { useEffect, useRef, useState } from "preact/hooks";

import { api, type paths } from "../../api/client.js";
import type { Priority, Tenant } from "../../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../../errors.js";
import { priorityWord } from "../../format.js";
import {
  SLA_PRIORITIES,
  WEEKDAYS,
  aroundTheClockWeek,
  checkDay,
  intervalInput,
  isAroundTheClock,
  parseDuration,
  slaField,
  slaFieldName,
  splitSeconds,
  type ApiInterval,
  type DurationInput,
  type SlaTarget,
} from "../../sla.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { Notice } from "../Notice.js";
import {
  BusinessHoursEditor,
  MODE_ALWAYS_ID,
  TIME_ZONE_ID,
  WEEK_ID,
  intervalId,
  intervalLabel,
  type HoursState,
} from "./BusinessHoursEditor.js";
import { DurationField } from "./DurationField.js";
import { HOLIDAY_INPUT_ID, HolidaysEditor, holidayId } from "./HolidaysEditor.js";

type Targets = Record<Priority, Record<SlaTarget, DurationInput>>;
type SlaBody = NonNullable<paths["/admin/v1/tenants/{slug}/sla"]["put"]["requestBody"]>["content"]["application/json"];

interface FormState {
  targets: Targets;
  hours: HoursState;
  holidays: string[];
}

const TARGET_WORDS: Record<SlaTarget, string> = { first_response: "First response", resolution: "Resolution" };

function targetId(priority: Priority, target: SlaTarget): string {
  return `sla-${priority}-${target}`;
}

function stateOf(tenant: Tenant): FormState {
  const { policies, business_hours: hours } = tenant.sla;
  const targets = {} as Targets;
  for (const p of SLA_PRIORITIES) {
    const t = policies[p];
    targets[p] = {
      first_response: t ? splitSeconds(t.first_response_s) : { amount: "", unit: "hours" },
      resolution: t ? splitSeconds(t.resolution_s) : { amount: "", unit: "hours" },
    };
  }
  const always = isAroundTheClock(hours.weekly);
  return {
    targets,
    hours: {
      timeZone: hours.time_zone,
      mode: always ? "always" : "weekly",
      days: WEEKDAYS.map((_, d) => (always ? [] : (hours.weekly[d] ?? []).map(intervalInput))),
    },
    holidays: [...hours.holidays],
  };
}

/** The body to send, or the client's own messages by ticketd's field names. */
function bodyOf(state: FormState): { ok: true; body: SlaBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const policies = {} as Record<Priority, { first_response_s: number; resolution_s: number }>;
  for (const p of SLA_PRIORITIES) {
    const seconds = {} as Record<SlaTarget, number>;
    for (const target of ["first_response", "resolution"] as const) {
      const parsed = parseDuration(state.targets[p][target]);
      if (parsed.ok) seconds[target] = parsed.value;
      else errors[slaFieldName({ kind: "target", priority: p, target })] = parsed.message;
    }
    policies[p] = { first_response_s: seconds.first_response, resolution_s: seconds.resolution };
  }
  let weekly: ApiInterval[][];
  if (state.hours.mode === "always") {
    weekly = aroundTheClockWeek(state.holidays.length > 0);
  } else {
    weekly = state.hours.days.map((day, d) => {
      const checked = checkDay(day);
      if (checked.ok) return checked.value;
      for (const [index, message] of Object.entries(checked.errors)) {
        errors[slaFieldName({ kind: "interval", day: d, index: Number(index) })] = message;
      }
      return [];
    });
    if (state.hours.days.every((day) => day.length === 0)) {
      errors[slaFieldName({ kind: "week" })] = "Give at least one day opening hours, or choose around the clock";
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: { policies, business_hours: { time_zone: state.hours.timeZone, weekly, holidays: state.holidays } },
  };
}

/** Field name -> [control id, label], for the error summary's links. */
function summaryFields(state: FormState): Record<string, readonly [string, string]> {
  const fields: Record<string, readonly [string, string]> = {};
  for (const p of SLA_PRIORITIES) {
    for (const target of ["first_response", "resolution"] as const) {
      fields[slaFieldName({ kind: "target", priority: p, target })] = [
        targetId(p, target),
        `${priorityWord(p)} ${TARGET_WORDS[target].toLowerCase()}`,
      ];
    }
  }
  fields[slaFieldName({ kind: "timeZone" })] = [TIME_ZONE_ID, "Time zone"];
  fields[slaFieldName({ kind: "week" })] = [state.hours.mode === "weekly" ? WEEK_ID : MODE_ALWAYS_ID, "Business hours"];
  state.hours.days.forEach((day, d) => {
    fields[slaFieldName({ kind: "day", day: d })] = [WEEK_ID, WEEKDAYS[d]!];
    day.forEach((_, i) => {
      fields[slaFieldName({ kind: "interval", day: d, index: i })] = [
        intervalId(d, i, "start"),
        intervalLabel(d, i, "start").replace(" opens", ""),
      ];
    });
  });
  fields[slaFieldName({ kind: "holidays" })] = [HOLIDAY_INPUT_ID, "Holidays"];
  state.holidays.forEach((h, i) => {
    fields[slaFieldName({ kind: "holiday", index: i })] = [holidayId(i), `Holiday ${h}`];
  });
  return fields;
}

/** ticketd names a day's interval by its place in `weekly`; "around the clock" has none on screen. */
function placeServerErrors(shown: ShownError, state: FormState): ShownError {
  if (state.hours.mode === "weekly") return shown;
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(shown.fields)) {
    const place = slaField(field);
    const onWeek = place.kind === "interval" || place.kind === "day";
    fields[onWeek ? slaFieldName({ kind: "week" }) : field] ??= message;
  }
  return { ...shown, fields };
}

export function SlaForm({ tenant, onSaved }: { tenant: Tenant; onSaved(tenant: Tenant): void }) {
  const [state, setState] = useState(() => stateOf(tenant));
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = error?.fields ?? {};
  const summary = useRef<HTMLDivElement>(null);
  // The form is long: a refused save brings its summary into view.
  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const checked = bodyOf(state);
    if (!checked.ok) {
      setError(fieldErrors(checked.errors));
      return;
    }
    setBusy(true);
    try {
      const { data } = await api.PUT("/admin/v1/tenants/{slug}/sla", {
        params: { path: { slug: tenant.slug } },
        body: checked.body,
      });
      if (!data) throw new Error("ticketd answered no tenant");
      setState(stateOf(data));
      setError(null);
      setSaved(true);
      onSaved(data);
    } catch (e) {
      setError(placeServerErrors(describeSignedInError(e), state));
    } finally {
      setBusy(false);
    }
  };

  const setTarget = (p: Priority, target: SlaTarget, value: DurationInput) =>
    setState((s) => ({ ...s, targets: { ...s.targets, [p]: { ...s.targets[p], [target]: value } } }));

  return (
    <form class="form sla-form" noValidate onSubmit={submit}>
      <h2 id="sla-heading">SLA policy</h2>
      <p class="sla-form__when">
        New targets apply to tickets opened from now on. A ticket already open keeps the targets and business hours
        it was opened with; when its priority changes, it takes that priority's targets from this policy, still
        counted in the business hours it was opened with.
      </p>
      <div ref={summary} tabIndex={-1} class="sla-form__summary">
        <ErrorSummary error={error} fields={summaryFields(state)} />
      </div>

      <h3>Targets</h3>
      <p class="field__hint">How long until the first reply from an agent, and until the ticket is resolved.</p>
      <div class="sla-targets">
        {SLA_PRIORITIES.map((p) => (
          <fieldset key={p} class="sla-targets__priority">
            <legend>{priorityWord(p)}</legend>
            {(["first_response", "resolution"] as const).map((target) => (
              <DurationField
                key={target}
                id={targetId(p, target)}
                label={TARGET_WORDS[target]}
                value={state.targets[p][target]}
                error={fields[slaFieldName({ kind: "target", priority: p, target })]}
                onChange={(value) => setTarget(p, target, value)}
              />
            ))}
          </fieldset>
        ))}
      </div>

      <h3>Business hours</h3>
      <BusinessHoursEditor
        value={state.hours}
        errors={fields}
        onChange={(hours) => setState((s) => ({ ...s, hours }))}
      />
      <HolidaysEditor
        holidays={state.holidays}
        errors={fields}
        onChange={(holidays) => setState((s) => ({ ...s, holidays }))}
      />

      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          Save SLA policy
        </button>
        {saved && <Notice>SLA policy saved</Notice>}
      </div>
    </form>
  );
}
