// /reports: what happened in a range of days, for one tenant or all one may
// see (GET /admin/v1/metrics): tickets per day, response and resolution
// times, SLA compliance, satisfaction, the backlog, tickets per tenant and,
// for platform staff, each agent's workload (GET /admin/v1/agents). The
// range and the tenant are in the URL (reports.ts); every chart has its
// figures in a table too, and every table a CSV download.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import { maySeeAgents } from "../access.js";
import { api } from "../api/client.js";
import { TICKET_STATUSES } from "../api/enums.js";
import { ownWrites } from "../api/own_writes.js";
import type { Me, Metrics } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { Chart } from "../components/reports/Chart.js";
import { ReportFilters } from "../components/reports/ReportFilters.js";
import { FigureTable, Headlines, ReportSection } from "../components/reports/ReportParts.js";
import {
  BacklogSection,
  TenantsSection,
  TimesChart,
  WorkloadSection,
  type Loaded,
} from "../components/reports/ReportSections.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { priorityWord } from "../format.js";
import { useNow, usePageTitle } from "../hooks.js";
import {
  apiRange,
  csvFileName,
  dailyCsv,
  dailySeries,
  dailySummary,
  formatAverage,
  formatDay,
  formatRange,
  formatSeconds,
  formatShare,
  openedCsv,
  overallCompliance,
  priorityCounts,
  reportQueryFromSearch,
  resolveRange,
  slaCsv,
  slaRows,
  slaSummary,
  statusCounts,
  timesCsv,
  totals,
  type AgentLoad,
  type ReportRange,
  type Tenant,
} from "../reports.js";
import type { Location } from "../router.js";
import "../styles/reports.css";

const MAX_PAGES = 20; // of 500: more tenants or agents than a page should list

/** What `load` answers for `key`; a newer key makes an older answer be ignored. */
function useLoaded<T>(load: (() => Promise<T>) | null, key: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: load !== null });
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    if (!load) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((data) => {
        if (id === latest.current) setState({ data, error: null, loading: false });
      })
      .catch((e: unknown) => {
        if (id === latest.current) setState({ data: null, error: describeSignedInError(e), loading: false });
      });
  }, [key]);
  return state;
}

async function allTenants(): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const { data } = await api.GET("/admin/v1/tenants", { params: { query: { limit: 500, cursor } } });
    if (!data) break;
    tenants.push(...data.items);
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return tenants;
}

async function metricsFor(tenant: string | null, range: { from: string; to: string } | null): Promise<Metrics> {
  const query = { ...(tenant ? { tenant } : {}), ...(range ? apiRange(range) : {}), ...ownWrites() };
  const { data } = await api.GET("/admin/v1/metrics", { params: { query } });
  if (!data) throw new Error("GET /admin/v1/metrics answered no body");
  return data;
}

async function workloadFor(range: { from: string; to: string }): Promise<AgentLoad[]> {
  const agents: AgentLoad[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const query = { ...apiRange(range), limit: 500, ...(cursor ? { cursor } : {}), ...ownWrites() };
    const { data } = await api.GET("/admin/v1/agents", { params: { query } });
    if (!data) break;
    agents.push(...data.items);
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return agents;
}

export function Reports({ location, me }: { location: Location; me: Me }) {
  usePageTitle("Reports");
  const now = useNow(60_000);
  const query = useMemo(() => reportQueryFromSearch(location.search), [location.search]);
  const range = resolveRange(query, now);
  const rangeKey = `${range.tenant ?? ""}|${range.from}|${range.to}`;
  const platform = maySeeAgents(me.actor);

  const tenants = useLoaded(allTenants, "tenants");
  // The figures keep the range they were asked for: while a new range loads, the old
  // figures stay shown (busy) with their own days, never the old figures cut to the new days.
  const report = useLoaded(async () => ({ metrics: await metricsFor(range.tenant, range), range }), rangeKey);
  // The backlog is what is open now, whenever it was opened: no range.
  const backlog = useLoaded(() => metricsFor(range.tenant, null), range.tenant ?? "");
  const workload = useLoaded(platform ? () => workloadFor(range) : null, `${platform}|${range.from}|${range.to}`);

  const tenantList = tenants.data;
  // Without the list (it failed), "All tenants" stays a choice: the API scopes it anyway.
  const manyTenants = platform || (tenantList ? tenantList.length > 1 : tenants.error !== null);
  const names = useMemo(() => new Map((tenantList ?? []).map((t) => [t.slug, t.name || t.slug])), [tenantList]);
  const tenantName = range.tenant ? (names.get(range.tenant) ?? range.tenant) : null;
  const scopeWords = tenantName ?? (manyTenants ? "All tenants" : tenantList?.[0]?.name || "Your tenant");

  return (
    <>
      <h1 tabIndex={-1}>Reports</h1>
      <ReportFilters range={range} query={query} tenants={tenantList} manyTenants={manyTenants} now={now} />
      <p class="report-scope" aria-live="polite">
        <strong>{scopeWords}</strong>, {formatRange(range)} <span class="muted">(days in UTC, both included)</span>
      </p>
      <ErrorSummary error={report.error} />
      {report.data === null ? (
        report.loading && <p class="loading">Loading the report…</p>
      ) : (
        <div class="report" aria-busy={report.loading ? "true" : "false"}>
          <Report
            metrics={report.data.metrics}
            range={report.data.range}
            backlog={backlog.data}
            backlogError={backlog.error}
            agents={platform ? workload : null}
            byTenant={report.data.range.tenant === null && manyTenants}
            names={names}
          />
        </div>
      )}
    </>
  );
}

interface ReportProps {
  metrics: Metrics;
  range: ReportRange;
  backlog: Metrics | null;
  backlogError: ShownError | null;
  /** null: not one's to read (the section is left out). */
  agents: Loaded<AgentLoad[]> | null;
  byTenant: boolean;
  names: ReadonlyMap<string, string>;
}

const COUNT = { numeric: true } as const;

function Report({ metrics, range, backlog, backlogError, agents, byTenant, names }: ReportProps) {
  const days = useMemo(() => dailySeries(metrics.daily, range.from, range.to), [metrics, range.from, range.to]);
  const sum = totals(days);
  const sla = slaRows(metrics.sla);
  const compliance = overallCompliance(sla);
  const decided = sla.reduce((n, r) => n + r.met + r.breached, 0);
  const { first_response_s: first, resolution_s: resolution, satisfaction } = metrics;
  const file = (table: string) => csvFileName(table, range);

  return (
    <>
      <Headlines
        title="This period at a glance"
        items={[
          { label: "Created", value: sum.created },
          { label: "Resolved", value: sum.resolved },
          {
            label: "First response, median",
            value: formatSeconds(first.p50),
            note: first.count > 0 ? `p90 ${formatSeconds(first.p90)}` : undefined,
          },
          {
            label: "Resolution, median",
            value: formatSeconds(resolution.p50),
            note: resolution.count > 0 ? `p90 ${formatSeconds(resolution.p90)}` : undefined,
          },
          {
            label: "SLA compliance",
            value: formatShare(compliance),
            note: decided > 0 ? `of ${decided} target${decided === 1 ? "" : "s"}` : undefined,
          },
          {
            label: "Satisfaction",
            value: satisfaction.count > 0 ? `${formatAverage(satisfaction.average)} / 5` : "no ratings",
            note:
              satisfaction.count > 0 ? `${satisfaction.count} rating${satisfaction.count === 1 ? "" : "s"}` : undefined,
          },
        ]}
      />

      <div class="report-grid">
        <ReportSection
          id="report-daily"
          title="Tickets per day"
          wide
          intro="Created on the day; resolved: tickets resolved that day that are still resolved."
          csv={{ what: "tickets per day", fileName: file("daily"), csv: () => dailyCsv(days) }}
        >
          <div class="report-pair">
            <Chart
              title="Created and resolved per day"
              summary={dailySummary(days)}
              x={{ kind: "days", values: days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000) }}
              bars={days.length <= 31}
              series={[
                { label: "Created", tone: 1, values: days.map((d) => d.created) },
                { label: "Resolved", tone: 2, values: days.map((d) => d.resolved) },
              ]}
            />
            <FigureTable
              caption="Tickets per day"
              scroll
              class="report-table--daily"
              columns={[{ label: "Day" }, { label: "Created", ...COUNT }, { label: "Resolved", ...COUNT }]}
              // Newest first: the days one looks for first need no scrolling.
              rows={[...days].reverse().map((d) => [
                <time dateTime={d.date}>{formatDay(d.date)}</time>,
                d.created,
                d.resolved,
              ])}
              footer={["Total", sum.created, sum.resolved]}
            />
          </div>
        </ReportSection>

        <ReportSection
          id="report-times"
          title="Response and resolution times"
          intro={
            "First responses given and tickets resolved in this period; " +
            "the 90th percentile is the time 9 in 10 stayed within."
          }
          csv={{ what: "response and resolution times", fileName: file("times"), csv: () => timesCsv(metrics) }}
        >
          <FigureTable
            caption="Response and resolution times"
            columns={[
              { label: "Measure" },
              { label: "Tickets", ...COUNT },
              { label: "Median", ...COUNT },
              { label: "90th percentile", ...COUNT },
            ]}
            rows={[
              ["First response", first.count, formatSeconds(first.p50), formatSeconds(first.p90)],
              ["Resolution", resolution.count, formatSeconds(resolution.p50), formatSeconds(resolution.p90)],
            ]}
          />
          <TimesChart metrics={metrics} />
        </ReportSection>

        <ReportSection
          id="report-sla"
          title="SLA compliance"
          intro={
            "Each ticket's first-response and resolution targets, by its priority, for tickets opened " +
            "in this period; targets still running count in neither."
          }
          csv={{ what: "SLA compliance", fileName: file("sla"), csv: () => slaCsv(sla) }}
        >
          <FigureTable
            caption="SLA compliance by priority"
            columns={[
              { label: "Priority" },
              { label: "Met", ...COUNT },
              { label: "Breached", ...COUNT },
              { label: "Compliance", ...COUNT },
            ]}
            rows={sla.map((r) => [priorityWord(r.priority), r.met, r.breached, formatShare(r.compliance)])}
            footer={[
              "All",
              sla.reduce((n, r) => n + r.met, 0),
              sla.reduce((n, r) => n + r.breached, 0),
              formatShare(compliance),
            ]}
          />
          <Chart
            title="Targets met and breached by priority"
            summary={slaSummary(sla)}
            x={{ kind: "categories", labels: sla.map((r) => priorityWord(r.priority)) }}
            bars
            height={200}
            series={[
              { label: "Met", tone: 3, values: sla.map((r) => r.met) },
              { label: "Breached", tone: 4, values: sla.map((r) => r.breached) },
            ]}
          />
        </ReportSection>

        <ReportSection id="report-csat" title="Customer satisfaction" intro="Ratings given in this period (1 to 5).">
          <dl class="report-figures report-figures--small">
            <div class="report-figure">
              <dt>Ratings</dt>
              <dd>
                <span class="report-figure__value">{satisfaction.count}</span>
              </dd>
            </div>
            <div class="report-figure">
              <dt>Average</dt>
              <dd>
                <span class="report-figure__value">
                  {satisfaction.count > 0 ? `${formatAverage(satisfaction.average)} / 5` : "no ratings"}
                </span>
              </dd>
            </div>
          </dl>
        </ReportSection>

        <BacklogSection backlog={backlog} error={backlogError} file={file("backlog")} />

        <ReportSection
          id="report-opened"
          title="Tickets opened in this period"
          intro="By where they stand now."
          csv={{
            what: "tickets opened in this period",
            fileName: file("opened"),
            csv: () => openedCsv(metrics),
          }}
        >
          <div class="report-pair report-pair--even">
            <FigureTable
              caption="Opened in this period, by status"
              columns={[{ label: "Status" }, { label: "Tickets", ...COUNT }]}
              rows={statusCounts(metrics.tickets.by_status, TICKET_STATUSES)}
              footer={["Total", Object.values(metrics.tickets.by_status).reduce((n, c) => n + c, 0)]}
            />
            <FigureTable
              caption="Opened in this period, by priority"
              columns={[{ label: "Priority" }, { label: "Tickets", ...COUNT }]}
              rows={priorityCounts(metrics.tickets.by_priority)}
            />
          </div>
        </ReportSection>

        {byTenant && <TenantsSection metrics={metrics} names={names} file={file("tenants")} />}
        {agents && <WorkloadSection agents={agents} file={file("agents")} tenant={range.tenant} />}
      </div>
    </>
  );
}
