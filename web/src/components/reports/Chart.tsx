// A chart of the reports page, drawn by uPlot on a canvas. uPlot is loaded
// only when a chart is first shown (a chunk of its own: scripts/build.mjs
// splits dynamic imports), so the other pages do not carry it.
//
// A canvas says nothing to a screen reader: the figure is named by its
// caption, the canvas is role="img" with a sentence summing it up, and the
// same figures are in a table next to it. The colours come from the theme's
// custom properties, read through getComputedStyle from the legend's swatches
// (a custom property's own value may be light-dark(), which only a used
// colour resolves), so the chart is drawn again when the theme changes, and
// resized with its frame.

import { useEffect, useRef, useState } from "preact/hooks";
import type uPlot from "uplot";

import { useTheme } from "../../theme.js";

type UPlot = typeof uPlot;

let loading: Promise<UPlot> | null = null;

/** uPlot, loaded once. */
function loadUplot(): Promise<UPlot> {
  loading ??= import("uplot").then(
    (m) => m.default,
    (e: unknown) => {
      loading = null; // try again next time
      throw e;
    },
  );
  return loading;
}

/** A colour of the theme's chart palette (reports.css: --chart-1 ... --chart-4). */
export type Tone = 1 | 2 | 3 | 4;

export interface ChartSeries {
  label: string;
  tone: Tone;
  values: (number | null)[];
}

interface Props {
  /** The figure's caption, its accessible name. */
  title: string;
  /** What the chart shows, in sentences: the canvas's aria-label. */
  summary: string;
  /**
   * `days`: x is a UTC day (seconds since the epoch), `categories`: x is
   * 0..n-1 named by `categories`.
   */
  x: { kind: "days"; values: number[] } | { kind: "categories"; labels: string[] };
  series: ChartSeries[];
  /** Bars side by side at each x (else lines with points). */
  bars?: boolean;
  /** How the y axis writes a value; whole numbers when absent. */
  yValue?: (value: number) => string;
  /** The y axis's label, drawn along it. */
  yLabel?: string;
  height?: number;
}

export function Chart({ title, summary, x, series, bars = false, yValue, yLabel, height = 240 }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const legend = useRef<HTMLUListElement>(null);
  const figure = useRef<HTMLElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useTheme();
  const [failed, setFailed] = useState(false);

  // Built anew whenever what it shows or the theme changes: uPlot takes its
  // colours when it is made.
  useEffect(() => {
    let cancelled = false;
    loadUplot()
      .then((UPlot) => {
        if (cancelled || !frame.current || !legend.current || !figure.current) return;
        plot.current?.destroy();
        const options = chartOptions(UPlot, {
          figure: figure.current,
          swatches: Array.from(legend.current.querySelectorAll<HTMLElement>(".chart__swatch")),
          width: Math.max(200, frame.current.clientWidth),
          height,
          x,
          series,
          bars,
          yValue,
          yLabel,
        });
        const xs = x.kind === "days" ? x.values : x.labels.map((_, i) => i);
        const data: uPlot.AlignedData = [xs, ...series.map((s) => s.values)];
        const made = new UPlot(options, data, frame.current);
        made.ctx.canvas.setAttribute("role", "img");
        made.ctx.canvas.setAttribute("aria-label", summary);
        plot.current = made;
        setFailed(false);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [theme, summary, JSON.stringify(x), JSON.stringify(series), bars, height, yLabel]);

  // The frame's width follows the page's; the chart follows the frame.
  useEffect(() => {
    const el = frame.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      const next = el.clientWidth;
      if (next === width || !plot.current) return;
      width = next;
      plot.current.setSize({ width: Math.max(200, next), height });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [height]);

  useEffect(
    () => () => {
      plot.current?.destroy();
      plot.current = null;
    },
    [],
  );

  return (
    <figure class="chart" ref={figure}>
      <figcaption class="chart__title">{title}</figcaption>
      <ul class="chart__legend" ref={legend} aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span class={`chart__swatch chart__swatch--${s.tone}`} />
            {s.label}
          </li>
        ))}
      </ul>
      <div class="chart__frame" ref={frame}>
        {failed && <p class="muted chart__failed">The chart could not be drawn; the table has the same figures.</p>}
      </div>
    </figure>
  );
}

interface Build {
  figure: HTMLElement;
  swatches: HTMLElement[];
  width: number;
  height: number;
  x: Props["x"];
  series: ChartSeries[];
  bars: boolean;
  yValue: ((value: number) => string) | undefined;
  yLabel: string | undefined;
}

/** The theme's colours as the browser resolved them. */
function themeColours(figure: HTMLElement, swatches: HTMLElement[]) {
  const style = getComputedStyle(figure);
  return {
    text: style.color,
    grid: style.borderTopColor,
    font: `12px ${style.fontFamily}`,
    labelFont: `600 12px ${style.fontFamily}`,
    series: swatches.map((s) => getComputedStyle(s).backgroundColor),
  };
}

const WHOLE_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

function chartOptions(UPlot: UPlot, b: Build): uPlot.Options {
  const colours = themeColours(b.figure, b.swatches);
  const categories = b.x.kind === "categories" ? b.x.labels : null;
  const count = b.series.length;
  const barSize = count > 1 ? 0.7 / count : 0.6; // of the space between two x
  const axis = {
    stroke: colours.text,
    font: colours.font,
    labelFont: colours.labelFont,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { stroke: colours.grid, width: 1 },
  };
  const yValues = b.yValue;
  return {
    width: b.width,
    height: b.height,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    // Days are UTC days, as the API counts them.
    tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: {
      x: categories
        ? { time: false, range: [-0.5, categories.length - 0.5] }
        : b.bars
          ? { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] }
          : { time: true },
      y: { range: (_u, _min, max) => [0, niceMax(max)] },
    },
    axes: [
      {
        ...axis,
        ...(categories
          ? {
              splits: () => categories.map((_, i) => i),
              values: (_u: uPlot, splits: number[]) => splits.map((i) => categories[i] ?? ""),
              grid: { show: false },
            }
          : {}),
      },
      {
        ...axis,
        size: 64,
        ...(b.yLabel ? { label: b.yLabel, labelSize: 20 } : {}),
        ...(yValues
          ? { values: (_u: uPlot, splits: number[]) => splits.map((v) => yValues(v)) }
          : { incrs: WHOLE_INCRS, values: (_u: uPlot, splits: number[]) => splits.map((v) => String(v)) }),
      },
    ],
    series: [
      {},
      ...b.series.map((s, i): uPlot.Series => {
        const colour = colours.series[i] ?? colours.text;
        if (b.bars) {
          // Side by side, centred on their x: together 70% of the space to
          // the next x, each at most MAX_BAR_PX wide.
          const shift = i - (count - 1) / 2 - 0.5;
          return {
            label: s.label,
            stroke: colour,
            fill: colour,
            width: 0,
            points: { show: false },
            paths: UPlot.paths.bars!({
              size: [1, Infinity, 1],
              disp: {
                x0: { unit: 1, values: (u) => Array.from(u.data[0], (x) => x + shift * barWidth(u, barSize)) },
                size: { unit: 1, values: (u) => Array.from(u.data[0], () => barWidth(u, barSize)) },
              },
            }),
          };
        }
        return {
          label: s.label,
          stroke: colour,
          width: 2,
          // uPlot shows the points while there is room between them.
          points: { size: 6, fill: colour, stroke: colour },
        };
      }),
    ],
  };
}

/** The top of the y axis: a little above the highest value, and 1 for an empty chart. */
function niceMax(max: number | null): number {
  if (max === null || !Number.isFinite(max) || max <= 0) return 1;
  return max * 1.15;
}

const MAX_BAR_PX = 56;

/** The x spacing between neighbouring points, in the x scale's units. */
function step(u: uPlot): number {
  const xs = u.data[0];
  let best = Infinity;
  for (let i = 1; i < xs.length; i++) best = Math.min(best, (xs[i] ?? 0) - (xs[i - 1] ?? 0));
  if (Number.isFinite(best) && best > 0) return best;
  // One x: the width of the scale (a day's, a category's).
  const scale = u.scales["x"];
  const width = (scale?.max ?? 1) - (scale?.min ?? 0);
  return width > 0 ? width : 1;
}

/** One bar's width in the x scale's units: `share` of a step, at most MAX_BAR_PX. */
function barWidth(u: uPlot, share: number): number {
  const cap = Math.abs(u.posToVal(MAX_BAR_PX, "x") - u.posToVal(0, "x"));
  return Math.min(step(u) * share, cap);
}
