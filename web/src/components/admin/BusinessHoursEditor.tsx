// A tenant's business hours: the time zone their wall-clock times are in,
// and either "around the clock" or, per weekday (Monday first, as the API's
// `weekly`), zero or more intervals "09:00–17:00" (a day without one is
// closed). Controlled: SlaForm holds the state and checks it on save; the
// errors come keyed by ticketd's field names (sla.ts slaFieldName), the
// client's own and the server's 422 alike.

import { useMemo } from "preact/hooks";

import {
  ALL_DAY,
  WEEKDAYS,
  WORKING_DAYS,
  nextInterval,
  slaFieldName,
  timeZoneChoices,
  type IntervalInput,
} from "../../sla.js";
import { FieldError } from "../Field.js";

export interface HoursState {
  timeZone: string;
  mode: "always" | "weekly";
  /** Seven days, Monday first; kept while "around the clock" is chosen, so switching back restores them. */
  days: IntervalInput[][];
}

interface Props {
  value: HoursState;
  onChange(value: HoursState): void;
  /** Messages by ticketd's field name: business_hours.time_zone, .weekly, .weekly[d], .weekly[d][i]. */
  errors: Record<string, string>;
}

export const TIME_ZONE_ID = "sla-time-zone";
export const WEEK_ID = "sla-week";
export const MODE_ALWAYS_ID = "sla-hours-always";

export function intervalId(day: number, index: number, end: "start" | "end"): string {
  return `sla-day-${day}-${index}-${end}`;
}

/** The label of an interval's time: "Monday opens", "Monday closes, interval 2". */
export function intervalLabel(day: number, index: number, end: "start" | "end"): string {
  return `${WEEKDAYS[day]} ${end === "start" ? "opens" : "closes"}${index > 0 ? `, interval ${index + 1}` : ""}`;
}

/** One end of an interval: "09:00" typed (a placeholder shows the shape), its label for screen readers. */
function TimeInput(props: {
  day: number;
  index: number;
  edge: "start" | "end";
  value: string;
  /** The interval's error, when it has one. */
  errorId: string | undefined;
  onInput(time: string): void;
}) {
  const { day, index, edge, errorId } = props;
  return (
    <>
      <label class="visually-hidden" for={intervalId(day, index, edge)}>
        {intervalLabel(day, index, edge)}
      </label>
      <input
        id={intervalId(day, index, edge)}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        class="interval__time"
        placeholder={edge === "start" ? "09:00" : "17:00"}
        value={props.value}
        aria-describedby={errorId}
        aria-invalid={errorId ? "true" : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </>
  );
}

function supportedTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return []; // an older browser: the current zone and UTC are still offered
  }
}

export function BusinessHoursEditor({ value, onChange, errors }: Props) {
  const zones = useMemo(() => timeZoneChoices(supportedTimeZones(), value.timeZone), [value.timeZone]);
  const setDay = (day: number, intervals: IntervalInput[]) =>
    onChange({ ...value, days: value.days.map((d, i) => (i === day ? intervals : d)) });
  const tzError = errors[slaFieldName({ kind: "timeZone" })];
  const weekError = errors[slaFieldName({ kind: "week" })];

  return (
    <div class="business-hours">
      <div class={tzError ? "field field--error" : "field"}>
        <label for={TIME_ZONE_ID}>Time zone</label>
        <p class="field__hint" id={`${TIME_ZONE_ID}-hint`}>
          Opening hours and holidays are wall-clock times and dates there; daylight saving time is followed.
        </p>
        <FieldError id={`${TIME_ZONE_ID}-error`} error={tzError} />
        <select
          id={TIME_ZONE_ID}
          class="time-zone-select"
          value={value.timeZone}
          aria-describedby={tzError ? `${TIME_ZONE_ID}-hint ${TIME_ZONE_ID}-error` : `${TIME_ZONE_ID}-hint`}
          aria-invalid={tzError ? "true" : undefined}
          onChange={(e) => onChange({ ...value, timeZone: e.currentTarget.value })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </select>
      </div>

      <fieldset class="field">
        <legend>When support is open</legend>
        <div class="choices">
          <div class="choice">
            <input
              type="radio"
              id={MODE_ALWAYS_ID}
              name="sla-hours-mode"
              checked={value.mode === "always"}
              onChange={() => onChange({ ...value, mode: "always" })}
            />
            <label for={MODE_ALWAYS_ID}>Around the clock, every day (24/7)</label>
          </div>
          <div class="choice">
            <input
              type="radio"
              id="sla-hours-weekly"
              name="sla-hours-mode"
              checked={value.mode === "weekly"}
              onChange={() =>
                onChange({
                  ...value,
                  mode: "weekly",
                  // A first start: Monday to Friday, 09:00-17:00.
                  days: value.days.every((d) => d.length === 0)
                    ? WEEKDAYS.map((_, i) => (WORKING_DAYS.includes(i) ? [nextInterval([])] : []))
                    : value.days,
                })
              }
            />
            <label for="sla-hours-weekly">During business hours</label>
          </div>
        </div>
      </fieldset>

      {value.mode === "weekly" && (
        <fieldset
          class={weekError ? "field week field--error" : "field week"}
          id={WEEK_ID}
          tabIndex={-1}
          aria-describedby={weekError ? `${WEEK_ID}-error` : `${WEEK_ID}-hint`}
        >
          <legend>Business hours</legend>
          <p class="field__hint" id={`${WEEK_ID}-hint`}>
            On a 24-hour clock; 24:00 is the end of the day. A day without hours is closed. SLA targets count only
            the time open.
          </p>
          <FieldError id={`${WEEK_ID}-error`} error={weekError} />
          <ul class="week__days">
            {WEEKDAYS.map((name, day) => (
              <Day
                key={name}
                day={day}
                intervals={value.days[day] ?? []}
                errors={errors}
                onChange={(intervals) => setDay(day, intervals)}
              />
            ))}
          </ul>
          <div class="actions">
            <button
              type="button"
              class="button"
              onClick={() =>
                onChange({
                  ...value,
                  days: value.days.map((d, i) =>
                    i > 0 && WORKING_DAYS.includes(i) ? (value.days[0] ?? []).map((x) => ({ ...x })) : d,
                  ),
                })
              }
            >
              Copy Monday to Tuesday–Friday
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}

function Day({
  day,
  intervals,
  errors,
  onChange,
}: {
  day: number;
  intervals: IntervalInput[];
  errors: Record<string, string>;
  onChange(intervals: IntervalInput[]): void;
}) {
  const name = WEEKDAYS[day];
  const dayError = errors[slaFieldName({ kind: "day", day })];
  const set = (index: number, interval: IntervalInput) =>
    onChange(intervals.map((x, i) => (i === index ? interval : x)));
  const allDay = intervals.length === 1 && intervals[0]!.start === ALL_DAY.start && intervals[0]!.end === ALL_DAY.end;
  return (
    <li>
      <div class="week__day" role="group" aria-labelledby={`sla-day-${day}-name`}>
        <span class="week__name" id={`sla-day-${day}-name`}>
          {name}
        </span>
        <div class="week__intervals">
          <FieldError error={dayError} />
          {intervals.length === 0 && <p class="week__closed">Closed</p>}
          {intervals.map((interval, index) => {
            const error = errors[slaFieldName({ kind: "interval", day, index })];
            const errorId = `sla-day-${day}-${index}-error`;
            return (
              <div key={index} class={error ? "interval interval--error" : "interval"}>
                <FieldError id={errorId} error={error} />
                <div class="interval__controls">
                  <TimeInput
                    day={day}
                    index={index}
                    edge="start"
                    value={interval.start}
                    errorId={error ? errorId : undefined}
                    onInput={(time) => set(index, { ...interval, start: time })}
                  />
                  <span aria-hidden="true">–</span>
                  <TimeInput
                    day={day}
                    index={index}
                    edge="end"
                    value={interval.end}
                    errorId={error ? errorId : undefined}
                    onInput={(time) => set(index, { ...interval, end: time })}
                  />
                  <button
                    type="button"
                    class="button button--quiet button--small"
                    aria-label={`Remove ${name} hours${intervals.length > 1 ? ` ${index + 1}` : ""}`}
                    onClick={() => onChange(intervals.filter((_, i) => i !== index))}
                  >
                    Remove
                  </button>
                </div>
              </div>
            );
          })}
        </div>
        <div class="week__actions">
          <button
            type="button"
            class="button button--small"
            aria-label={`Add hours on ${name}`}
            onClick={() => onChange([...intervals, nextInterval(intervals)])}
          >
            Add hours
          </button>
          {!allDay && (
            <button
              type="button"
              class="button button--quiet button--small"
              aria-label={`Open all day on ${name}`}
              onClick={() => onChange([{ ...ALL_DAY }])}
            >
              All day
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
