// The pieces the reports page is made of: a section with its heading and
// CSV button, a table of figures, and the row of headline figures.

import type { ComponentChildren } from "preact";

import { CsvButton } from "./CsvButton.js";

export interface SectionCsv {
  what: string;
  fileName: string;
  csv: () => string;
}

interface SectionProps {
  id: string;
  title: string;
  /** A sentence under the heading: what is counted. */
  intro?: ComponentChildren;
  /** The section's "Download CSV" (one table per section has one here). */
  csv?: SectionCsv | undefined;
  wide?: boolean;
  children: ComponentChildren;
}

export function ReportSection({ id, title, intro, csv, wide = false, children }: SectionProps) {
  return (
    <section class={wide ? "report-section report-section--wide" : "report-section"} aria-labelledby={`${id}-title`}>
      <div class="report-section__head">
        <h2 id={`${id}-title`}>{title}</h2>
        {csv && <CsvButton what={csv.what} fileName={csv.fileName} csv={csv.csv} />}
      </div>
      {intro && <p class="muted report-section__intro">{intro}</p>}
      {children}
    </section>
  );
}

export interface Column {
  label: string;
  /** Figures: right-aligned, tabular digits. */
  numeric?: boolean;
}

interface TableProps {
  /** The table's accessible name (its caption, visually hidden). */
  caption: string;
  columns: readonly Column[];
  rows: readonly (readonly ComponentChildren[])[];
  /** A last row in <tfoot> (totals). */
  footer?: readonly ComponentChildren[];
  /** A long table scrolls inside its frame (which the keyboard can then reach). */
  scroll?: boolean;
  class?: string;
}

/** A row of the body or the footer: its first cell names the row (a row header). */
function FigureRow({ values, columns }: { values: readonly ComponentChildren[]; columns: readonly Column[] }) {
  return (
    <tr>
      {values.map((value, j) =>
        j === 0 ? (
          <th key={j} scope="row" class={numClass(columns[j])}>
            {value}
          </th>
        ) : (
          <td key={j} class={numClass(columns[j])}>
            {value}
          </td>
        ),
      )}
    </tr>
  );
}

function numClass(c: Column | undefined): string | undefined {
  return c?.numeric ? "num" : undefined;
}

export function FigureTable({ caption, columns, rows, footer, scroll = false, class: extra }: TableProps) {
  const table = (
    <table class={["table", "report-table", extra ?? ""].filter(Boolean).join(" ")}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" class={numClass(c)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <FigureRow key={i} values={row} columns={columns} />
        ))}
      </tbody>
      {footer && (
        <tfoot>
          <FigureRow values={footer} columns={columns} />
        </tfoot>
      )}
    </table>
  );
  if (!scroll) return <div class="table-wrap">{table}</div>;
  // A frame that scrolls must be reachable by keyboard, and named.
  return (
    <div class="table-wrap table-wrap--scroll" tabIndex={0} role="region" aria-label={`${caption}, table`}>
      {table}
    </div>
  );
}

export interface Headline {
  label: string;
  value: ComponentChildren;
  /** A few words under the value ("of 12 decided"). */
  note?: ComponentChildren;
}

/** The period's main figures, under a heading screen readers find. */
export function Headlines({ items, title }: { items: readonly Headline[]; title: string }) {
  return (
    <section class="report-headlines" aria-labelledby="report-headlines-title">
      <h2 id="report-headlines-title" class="visually-hidden">
        {title}
      </h2>
      <dl class="report-figures">
      {items.map((item) => (
        <div class="report-figure" key={item.label}>
          <dt>{item.label}</dt>
          <dd>
            <span class="report-figure__value">{item.value}</span>
            {item.note && <span class="report-figure__note">{item.note}</span>}
          </dd>
        </div>
      ))}
      </dl>
    </section>
  );
}
