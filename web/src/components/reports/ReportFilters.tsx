// What the report is about: the tenant (for those who see more than one),
// the days from and to (both included), and presets. All of it is in the
// URL (reports.ts), so a report is a link to bookmark or share. The tenant
// and the presets apply at once; a typed date when it is a whole, sensible
// range and the person stops typing (or presses Enter).

import { useEffect, useRef, useState } from "preact/hooks";

import {
  PRESET_DAYS,
  isDay,
  presetOf,
  presetRange,
  reportQueryToSearch,
  type ReportQuery,
  type ReportRange,
  type Tenant,
} from "../../reports.js";
import { navigate } from "../../router.js";
import { SelectField, TextField } from "../Field.js";

const TYPING_MS = 600;

interface Props {
  range: ReportRange;
  query: ReportQuery;
  /** The tenants one may see; null while they load. */
  tenants: Tenant[] | null;
  /** Whether "All tenants" is a choice (more than one tenant, or platform staff). */
  manyTenants: boolean;
  now: number;
}

export function ReportFilters({ range, query, tenants, manyTenants, now }: Props) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<{ field: "from" | "to"; message: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  // The URL changed (a preset, the back button): show it.
  useEffect(() => {
    setFrom(range.from);
    setTo(range.to);
    setError(null);
  }, [range.from, range.to]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (next: ReportQuery) => navigate(`/reports${reportQueryToSearch(next)}`);

  const check = (f: string, t: string): typeof error => {
    if (!isDay(f)) return { field: "from", message: "Enter the first day as a date" };
    if (!isDay(t)) return { field: "to", message: "Enter the last day as a date" };
    if (f > t) return { field: "to", message: "The last day must be on or after the first day" };
    return null;
  };

  const applyDates = (f: string, t: string) => {
    clearTimeout(timer.current);
    const problem = check(f, t);
    setError(problem);
    if (problem) return;
    if (f !== range.from || t !== range.to) go({ ...query, from: f, to: t });
  };

  const typed = (f: string, t: string) => {
    setFrom(f);
    setTo(t);
    clearTimeout(timer.current);
    // Half-typed dates (a year being typed) are not applied; a whole one soon.
    if (check(f, t) === null) timer.current = setTimeout(() => applyDates(f, t), TYPING_MS);
  };

  const current = presetOf(range, now);
  const tenantOptions = [
    ...(manyTenants ? [{ value: "", label: "All tenants" }] : []),
    ...(tenants ?? []).map((t) => ({ value: t.slug, label: t.name || t.slug })),
  ];
  // A tenant the URL names that is not in the list (still loading, or not one's own).
  if (range.tenant && !tenantOptions.some((o) => o.value === range.tenant)) {
    tenantOptions.push({ value: range.tenant, label: tenants === null ? range.tenant : `${range.tenant} (unknown)` });
  }
  const single = !manyTenants && tenants !== null && tenants.length === 1 ? tenants[0] : null;

  return (
    <form
      class="report-filters"
      aria-label="Report"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        applyDates(from, to);
      }}
    >
      <div class="report-filters__fields">
        {single && !range.tenant ? (
          <p class="field report-filters__tenant report-filters__only">
            <span class="report-filters__only-label">Tenant</span>{" "}
            <span class="report-filters__only-name">{single.name || single.slug}</span>
          </p>
        ) : (
          <SelectField
            id="report-tenant"
            label="Tenant"
            wrapperClass="report-filters__tenant"
            options={tenantOptions}
            value={range.tenant ?? ""}
            onChange={(e) => {
              const tenant = e.currentTarget.value;
              const next: ReportQuery = { ...query };
              if (tenant) next.tenant = tenant;
              else delete next.tenant;
              go(next);
            }}
          />
        )}
        <TextField
          id="report-from"
          label="From"
          type="date"
          required
          value={from}
          max={to || undefined}
          error={error?.field === "from" ? error.message : undefined}
          onInput={(e) => typed(e.currentTarget.value, to)}
        />
        <TextField
          id="report-to"
          label="To"
          type="date"
          required
          value={to}
          min={from || undefined}
          error={error?.field === "to" ? error.message : undefined}
          onInput={(e) => typed(from, e.currentTarget.value)}
        />
        <div class="report-filters__apply">
          <button type="submit" class="button">
            Show
          </button>
        </div>
      </div>
      <div class="report-presets" role="group" aria-label="Preset ranges">
        {PRESET_DAYS.map((days) => (
          <button
            key={days}
            type="button"
            class={current === days ? "button report-preset is-current" : "button report-preset"}
            aria-pressed={current === days ? "true" : "false"}
            onClick={() => go({ ...query, ...presetRange(days, now) })}
          >
            Last {days} days
          </button>
        ))}
      </div>
    </form>
  );
}
