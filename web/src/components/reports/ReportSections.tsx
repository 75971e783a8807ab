// The reports page's sections that are more than a table and a chart
// side by side (screens/Reports.tsx has those): the times chart with its
// unit, the backlog, tickets by tenant and the agents' workload.

import type { Metrics } from "../../api/types.js";
import type { ShownError } from "../../errors.js";
import {
  BACKLOG_STATUSES,
  agentsCsv,
  backlogTotal,
  countsCsv,
  formatSeconds,
  formatShare,
  statusCounts,
  tenantCounts,
  tenantsCsv,
  timesSummary,
  type AgentLoad,
} from "../../reports.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { Chart } from "./Chart.js";
import { FigureTable, ReportSection } from "./ReportParts.js";

/** What a request answered, or why not, and whether one is under way. */
export interface Loaded<T> {
  data: T | null;
  error: ShownError | null;
  loading: boolean;
}

const COUNT = { numeric: true } as const;

export function TimesChart({ metrics }: { metrics: Metrics }) {
  const { first_response_s: first, resolution_s: resolution } = metrics;
  // One unit for the axis: minutes below two hours, hours below two days, days above.
  const max = Math.max(first.p90 ?? 0, resolution.p90 ?? 0, first.p50 ?? 0, resolution.p50 ?? 0);
  const [unit, word] = max < 7_200 ? [60, "minutes"] : max < 172_800 ? [3_600, "hours"] : [86_400, "days"];
  const scaled = (v: number | null) => (v === null ? null : Math.round((v / unit) * 100) / 100);
  return (
    <Chart
      title="Median and 90th percentile"
      summary={timesSummary(metrics)}
      x={{ kind: "categories", labels: ["First response", "Resolution"] }}
      bars
      height={200}
      yLabel={word}
      yValue={(v) => String(Math.round(v * 100) / 100)}
      series={[
        { label: "Median", tone: 1, values: [scaled(first.p50), scaled(resolution.p50)] },
        { label: "90th percentile", tone: 3, values: [scaled(first.p90), scaled(resolution.p90)] },
      ]}
    />
  );
}

export function BacklogSection({ backlog, error, file }: { backlog: Metrics | null; error: ShownError | null; file: string }) {
  const rows = backlog ? statusCounts(backlog.tickets.by_status, BACKLOG_STATUSES) : [];
  const total = backlog ? backlogTotal(backlog.tickets.by_status) : 0;
  return (
    <ReportSection
      id="report-backlog"
      title="Backlog now"
      intro="Tickets not resolved or closed, whenever they were opened."
      csv={
        backlog ? { what: "the backlog", fileName: file, csv: () => countsCsv(["status", "tickets"], rows) } : undefined
      }
    >
      {error ? (
        <ErrorSummary error={error} />
      ) : !backlog ? (
        <p class="loading">Loading…</p>
      ) : (
        <FigureTable
          caption="Backlog by status"
          columns={[{ label: "Status" }, { label: "Tickets", ...COUNT }]}
          rows={rows}
          footer={["Open in all", total]}
        />
      )}
    </ReportSection>
  );
}

export interface TenantsProps {
  metrics: Metrics;
  names: ReadonlyMap<string, string>;
  file: string;
}

export function TenantsSection({ metrics, names, file }: TenantsProps) {
  const rows = tenantCounts(metrics.tickets.by_tenant, names);
  const total = rows.reduce((n, r) => n + r.count, 0);
  return (
    <ReportSection
      id="report-tenants"
      title="Tickets by tenant"
      intro="Tickets opened in this period."
      csv={{ what: "tickets by tenant", fileName: file, csv: () => tenantsCsv(rows) }}
    >
      {rows.length === 0 ? (
        <p class="empty">No tickets were opened in this period.</p>
      ) : (
        <FigureTable
          caption="Tickets by tenant"
          columns={[{ label: "Tenant" }, { label: "Tickets", ...COUNT }, { label: "Share", ...COUNT }]}
          rows={rows.map((r) => [
            r.name === r.slug ? r.slug : `${r.name} (${r.slug})`,
            r.count,
            formatShare(total > 0 ? r.count / total : null),
          ])}
          footer={["Total", total, total > 0 ? "100%" : ""]}
        />
      )}
    </ReportSection>
  );
}

export interface WorkloadProps {
  agents: Loaded<AgentLoad[]>;
  file: string;
  /** The report's tenant: the workload is of every tenant all the same. */
  tenant: string | null;
}

export function WorkloadSection({ agents, file, tenant }: WorkloadProps) {
  // Refused (the route is for platform staff): nothing to show, and nothing wrong.
  if (agents.error?.status === 403) return null;
  // agent-2 before agent-10.
  const rows = [...(agents.data ?? [])].sort((a, b) => a.agent.localeCompare(b.agent, undefined, { numeric: true }));
  return (
    <ReportSection
      id="report-agents"
      title="Agent workload"
      intro={
        tenant
          ? "Across all tenants (workload is not kept per tenant): open tickets assigned now; " +
            "tickets resolved and the median handle time in this period."
          : "Open tickets assigned now; tickets resolved and the median handle time in this period."
      }
      csv={agents.data ? { what: "agent workload", fileName: file, csv: () => agentsCsv(rows) } : undefined}
    >
      {agents.error ? (
        <ErrorSummary error={agents.error} />
      ) : agents.data === null ? (
        <p class="loading">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">No agent has been assigned a ticket yet.</p>
      ) : (
        <FigureTable
          caption="Agent workload"
          columns={[
            { label: "Agent" },
            { label: "Open assigned", ...COUNT },
            { label: "Resolved", ...COUNT },
            { label: "Median handle time", ...COUNT },
          ]}
          rows={rows.map((a) => [a.agent, a.open_assigned, a.resolved, formatSeconds(a.median_handle_s)])}
        />
      )}
    </ReportSection>
  );
}
