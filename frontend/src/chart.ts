// <safe-power-chart>: a small line chart in SVG, no library. Lines of a quantity over a period
// (one per conductor), limits as dashed lines, gaps where the entity had no value; axes with the
// unit and local times (Home Assistant's time zone); hover, tap or the arrow keys show the values
// at a moment. Each line is drawn at one point per pixel column (the lowest and highest value
// there, see history.ts), so a week of 10-second samples costs what an hour does.
import {
  LitElement,
  css,
  html,
  nothing,
  svg,
  type PropertyDeclarations,
  type PropertyValues,
  type SVGTemplateResult,
} from "lit";
import type { HomeAssistant } from "./api";
import { formatAxisTime, formatChartTime, formatNumber, formatQuantity, localeOf, zoneOffset } from "./format";
import { bandAt, decimate, runAt, type Run, type Series } from "./history";
import { t, type Lang } from "./i18n";
import { shared } from "./styles";

export interface ChartLine {
  key: string;
  /** Its name in the legend (a limit's with its value). */
  name: string;
  /** Its name in the tooltip, if not `name`. */
  short?: string;
  color: string;
  series: Series;
  /** A limit: dashed, and left off the scale (with a word in the legend) when far above the values. */
  limit?: boolean;
}

interface Drawn {
  line: ChartLine;
  runs: Run[];
  path: string;
  /** The hourly min–max band (a series from statistics), filled lightly under the line. */
  band: string;
  /** A limit too far above the values to fit the scale. */
  offScale: boolean;
}

interface Geometry {
  width: number;
  height: number;
  columns: number;
  lo: number;
  hi: number;
  yTicks: number[];
  xTicks: { x: number; label: string; day: boolean }[];
  drawn: Drawn[];
  empty: boolean;
}

const LEFT = 44;
const RIGHT = 12;
const TOP = 20;
const BOTTOM = 24;
const MINUTE = 60_000;
/** Steps of the time axis, in minutes. */
const TIME_STEPS = [10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880];
const DAY = 1440;

/** A round step for about `count` ticks over `span`: 1, 2 or 5 × a power of ten. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((s) => s * power >= raw) ?? 10;
  return step * power;
}

export class SafePowerChart extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    label: { attribute: false },
    unit: { attribute: false },
    lines: { attribute: false },
    start: { attribute: false },
    end: { attribute: false },
    zero: { type: Boolean },
    compact: { type: Boolean },
    width: { state: true },
    cursor: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  /** What the chart shows ("Current"): its accessible name. */
  label = "";
  unit = "";
  lines: ChartLine[] = [];
  start = 0;
  end = 0;
  /** The scale starts at zero (currents, leakage). */
  zero = false;
  compact = false;
  private width = 0;
  /** The pixel column under the pointer (or chosen with the keys), or null. */
  private cursor: number | null = null;
  private geometry?: Geometry;
  private readonly resize = new ResizeObserver((entries) => {
    const width = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (width !== this.width) this.width = width;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  protected override willUpdate(changed: PropertyValues): void {
    const redraw = ["lines", "start", "end", "width", "compact", "zero"] as const;
    if (!this.geometry || redraw.some((key) => changed.has(key))) {
      this.geometry = this.width > LEFT + RIGHT + 20 ? this.measure() : undefined;
      if (this.geometry && this.cursor !== null && this.cursor >= this.geometry.columns) this.cursor = null;
    }
  }

  /** Lines at this width, the scales and the ticks. */
  private measure(): Geometry {
    const width = this.width;
    const height = this.compact ? 180 : 220;
    const columns = Math.max(1, width - LEFT - RIGHT);
    const plot = height - TOP - BOTTOM;
    const { start, end } = this;
    const decimated = this.lines.map((line) => ({ line, runs: decimate(line.series, start, end, columns) }));
    let dataLo = Infinity;
    let dataHi = -Infinity;
    for (const { line, runs } of decimated) {
      if (line.limit) continue;
      for (const run of runs) {
        for (const v of run.lo ?? run.min) if (v < dataLo) dataLo = v;
        for (const v of run.hi ?? run.max) if (v > dataHi) dataHi = v;
      }
    }
    const empty = dataLo === Infinity;
    if (empty) {
      dataLo = 0;
      dataHi = 1;
    }
    let lo = this.zero ? Math.min(0, dataLo) : dataLo;
    let hi = dataHi;
    const reach = hi + 0.6 * Math.max(hi - lo, Math.abs(hi) * 0.1, 1);
    const offScale = new Set<ChartLine>();
    for (const { line, runs } of decimated) {
      if (!line.limit) continue;
      const top = Math.max(...runs.flatMap((run) => run.max));
      const bottom = Math.min(...runs.flatMap((run) => run.min));
      if (!Number.isFinite(top)) continue;
      if (empty || top > reach || bottom < lo - (reach - hi)) offScale.add(line);
      else {
        hi = Math.max(hi, top);
        lo = Math.min(lo, bottom);
      }
    }
    if (hi - lo < 1e-9) {
      hi += 1;
      if (!this.zero || lo > 0) lo -= 1;
    }
    const step = niceStep(hi - lo, this.compact ? 3 : 4);
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    const yTicks: number[] = [];
    for (let v = lo; v <= hi + step / 2; v += step) yTicks.push(Math.round(v / step) * step);
    const y = (v: number): number => Math.round((TOP + ((hi - v) / (hi - lo)) * plot) * 10) / 10;
    const drawn = decimated.map(({ line, runs }) => ({
      line,
      runs,
      offScale: offScale.has(line),
      path: offScale.has(line) ? "" : this.path(runs, y),
      band: offScale.has(line) || line.limit ? "" : this.band(runs, y),
    }));
    return {
      width,
      height,
      columns,
      lo,
      hi,
      yTicks,
      xTicks: this.timeTicks(columns),
      drawn,
      empty,
    };
  }

  /** An SVG path through the runs: per column its first, lowest, highest and last value. */
  private path(runs: Run[], y: (v: number) => number): string {
    const parts: string[] = [];
    for (const run of runs) {
      for (let k = 0; k < run.cols.length; k++) {
        const x = LEFT + run.cols[k] + 0.5;
        parts.push(`${k === 0 ? "M" : "L"}${x} ${y(run.first[k])}`);
        const spread = run.min[k] !== run.max[k];
        if (spread) parts.push(`L${x} ${y(run.min[k])}L${x} ${y(run.max[k])}`);
        // The column ends at its last value, where the next one starts from. A run of one point:
        // a dot (the round cap of a line of no length).
        if (spread || run.cols.length === 1 || run.last[k] !== run.first[k]) parts.push(`L${x} ${y(run.last[k])}`);
      }
    }
    return parts.join("");
  }

  /** A filled area per run between the band's highest and lowest (none without a band). */
  private band(runs: Run[], y: (v: number) => number): string {
    const parts: string[] = [];
    for (const run of runs) {
      const { cols, lo, hi } = run;
      if (!lo || !hi || !cols.length) continue;
      const upper = cols.map((col, k) => `${LEFT + col + 0.5} ${y(hi[k])}`);
      const lower = cols.map((col, k) => `${LEFT + col + 0.5} ${y(lo[k])}`).reverse();
      parts.push(`M${upper.join("L")}L${lower.join("L")}Z`);
    }
    return parts.join("");
  }

  /** Ticks on the time axis at round local times, a label about every 80 px. */
  private timeTicks(columns: number): Geometry["xTicks"] {
    const { hass, start, end } = this;
    const span = end - start;
    if (span <= 0) return [];
    // A time ("10:00 PM") needs more room than a day ("Nov 25").
    const room = (s: number): number => (s >= DAY ? 64 : 70);
    const minutes =
      TIME_STEPS.find((s) => (s * MINUTE * columns) / span >= room(s)) ?? TIME_STEPS[TIME_STEPS.length - 1];
    const step = minutes * MINUTE;
    const ticks: Geometry["xTicks"] = [];
    const offsetAt = (ms: number): number => zoneOffset(hass, ms) * MINUTE;
    let local = Math.ceil((start + offsetAt(start)) / step) * step;
    for (let guard = 0; guard < 200; guard++, local += step) {
      const at = local - offsetAt(local - offsetAt(start));
      if (at > end) break;
      if (at < start) continue;
      const day = minutes >= DAY || local % (DAY * MINUTE) === 0;
      ticks.push({
        x: LEFT + Math.round(((at - start) / span) * columns) + 0.5,
        label: formatAxisTime(hass, at, day),
        day,
      });
    }
    return ticks;
  }

  private columnAt(clientX: number): number | null {
    const geometry = this.geometry;
    const box = this.renderRoot.querySelector("svg")?.getBoundingClientRect();
    if (!geometry || !box) return null;
    const col = Math.floor(clientX - box.left - LEFT);
    return col < 0 || col >= geometry.columns ? null : col;
  }

  private onPointer(e: PointerEvent): void {
    const col = this.columnAt(e.clientX);
    if (col !== null || e.pointerType === "mouse") this.cursor = col;
  }

  private onLeave(e: PointerEvent): void {
    if (e.pointerType === "mouse") this.cursor = null;
  }

  private onKey(e: KeyboardEvent): void {
    const geometry = this.geometry;
    if (!geometry) return;
    const stride = e.shiftKey ? Math.ceil(geometry.columns / 10) : Math.max(1, Math.ceil(geometry.columns / 100));
    const now = this.cursor ?? geometry.columns - 1;
    let next: number | null;
    if (e.key === "ArrowLeft") next = Math.max(0, now - (this.cursor === null ? 0 : stride));
    else if (e.key === "ArrowRight") next = Math.min(geometry.columns - 1, now + (this.cursor === null ? 0 : stride));
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = geometry.columns - 1;
    else if (e.key === "Escape") next = null;
    else return;
    e.preventDefault();
    this.cursor = next;
  }

  protected override render() {
    const geometry = this.geometry;
    const lang = this.language;
    return html`
      <div
        class="frame"
        tabindex="0"
        role="group"
        aria-label=${t(lang, "chart_keys", { chart: this.label })}
        @keydown=${this.onKey}
        @blur=${() => (this.cursor = null)}
      >
        ${
          geometry
            ? html`<svg
                  width=${geometry.width}
                  height=${geometry.height}
                  viewBox="0 0 ${geometry.width} ${geometry.height}"
                  role="img"
                  aria-label=${this.label}
                  @pointermove=${this.onPointer}
                  @pointerdown=${this.onPointer}
                  @pointerleave=${this.onLeave}
                >
                  ${this.renderAxes(geometry)}
                  ${geometry.drawn.map(({ line, band }) =>
                    band ? svg`<path class="band" d=${band} fill=${line.color}></path>` : nothing,
                  )}
                  ${geometry.drawn.map(({ line, path }) =>
                    path
                      ? svg`<path class="line ${line.limit ? "limit" : ""}" d=${path} stroke=${line.color}></path>`
                      : nothing,
                  )}
                  ${this.renderCursor(geometry)}
                </svg>
                ${geometry.empty ? html`<div class="empty-data secondary">${t(lang, "chart_no_data")}</div>` : nothing}
                ${this.renderTip(geometry)}`
            : html`<div class="placeholder" style="height: ${this.compact ? 180 : 220}px"></div>`
        }
      </div>
      ${geometry ? this.renderLegend(geometry) : nothing}
    `;
  }

  private renderAxes(g: Geometry): SVGTemplateResult {
    const locale = localeOf(this.hass);
    const plotBottom = g.height - BOTTOM;
    const y = (v: number): number => Math.round(TOP + ((g.hi - v) / (g.hi - g.lo)) * (plotBottom - TOP)) + 0.5;
    const step = g.yTicks.length > 1 ? g.yTicks[1] - g.yTicks[0] : 1;
    const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return svg`
      <text class="unit" x=${LEFT - 6} y=${TOP - 8} text-anchor="end">${this.unit}</text>
      ${g.yTicks.map(
        (v) => svg`
          <line class="grid" x1=${LEFT} x2=${g.width - RIGHT} y1=${y(v)} y2=${y(v)}></line>
          <text class="tick" x=${LEFT - 6} y=${y(v)} dy="0.32em" text-anchor="end">${formatNumber(locale, v, Math.min(digits + (step % 1 ? 1 : 0), 3))}</text>
        `,
      )}
      ${g.xTicks.map(
        (tick) => svg`
          <line class="grid ${tick.day ? "day" : ""}" x1=${tick.x} x2=${tick.x} y1=${TOP} y2=${plotBottom}></line>
          <text class="tick" x=${tick.x} y=${plotBottom + 16} text-anchor="middle">${tick.label}</text>
        `,
      )}
      <line class="axis" x1=${LEFT} x2=${g.width - RIGHT} y1=${plotBottom + 0.5} y2=${plotBottom + 0.5}></line>
    `;
  }

  /** The values at the cursor's column: [line, min, max, last, band] (NaN: no value there). */
  private valuesAt(g: Geometry, col: number): [Drawn, number, number, number, [number, number] | null][] {
    return g.drawn.map((d) => {
      for (const run of d.runs) {
        const at = runAt(run, col);
        if (at) return [d, ...at, d.band ? bandAt(run, col) : null];
      }
      return [d, NaN, NaN, NaN, null];
    });
  }

  private renderCursor(g: Geometry): SVGTemplateResult | typeof nothing {
    const col = this.cursor;
    if (col === null) return nothing;
    const x = LEFT + col + 0.5;
    const plotBottom = g.height - BOTTOM;
    const y = (v: number): number => TOP + ((g.hi - v) / (g.hi - g.lo)) * (plotBottom - TOP);
    return svg`
      <line class="cursor" x1=${x} x2=${x} y1=${TOP} y2=${plotBottom}></line>
      ${this.valuesAt(g, col)
        .filter(([d, , , last]) => !d.offScale && !Number.isNaN(last))
        .map(([d, , , last]) => svg`<circle class="dot" cx=${x} cy=${y(last)} r="3.5" fill=${d.line.color}></circle>`)}
    `;
  }

  private renderTip(g: Geometry) {
    const col = this.cursor;
    if (col === null) return nothing;
    const locale = localeOf(this.hass);
    const time = this.start + ((col + 0.5) / g.columns) * (this.end - this.start);
    const x = LEFT + col;
    const flip = x > g.width / 2;
    const spread = (g.hi - g.lo) / 100;
    const text = (min: number, max: number, last: number, band: [number, number] | null): string => {
      if (Number.isNaN(last)) return t(this.language, "no_value");
      // An hour's statistics: its mean, and its lowest and highest.
      if (band) {
        return t(this.language, "chart_mean_range", {
          mean: formatQuantity(locale, last, this.unit),
          min: formatNumber(locale, band[0]),
          max: formatNumber(locale, band[1]),
        });
      }
      if (max - min > spread) {
        return `${formatNumber(locale, min)} – ${formatQuantity(locale, max, this.unit)}`;
      }
      return formatQuantity(locale, last, this.unit);
    };
    return html`<div
      class="tip"
      role="status"
      aria-live="polite"
      style="left: ${flip ? x - 10 : x + 10}px; transform: translateX(${flip ? "-100%" : "0"})"
    >
      <div class="when">${formatChartTime(this.hass, time)}</div>
      ${this.valuesAt(g, col).map(
        ([d, min, max, last, band]) => html`<div class="row">
          ${this.swatch(d.line)}<span class="name">${d.line.short ?? d.line.name}</span
          ><span class="value">${text(min, max, last, band)}</span>
        </div>`,
      )}
    </div>`;
  }

  private swatch(line: ChartLine) {
    return html`<svg class="swatch" width="18" height="10" aria-hidden="true">
      <line x1="1" x2="17" y1="5" y2="5" stroke=${line.color} class=${line.limit ? "limit" : ""}></line>
    </svg>`;
  }

  private renderLegend(g: Geometry) {
    return html`<ul class="legend">
      ${g.drawn.map(
        (d) => html`<li class=${d.offScale ? "off" : ""}>
          ${this.swatch(d.line)}${d.line.name}${d.offScale ? html` <span class="secondary">${t(this.language, "chart_off_scale")}</span>` : nothing}
        </li>`,
      )}
    </ul>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        position: relative;
        min-width: 0;
      }
      .frame {
        position: relative;
        border-radius: 6px;
      }
      .frame:focus-visible {
        outline: 2px solid var(--primary-color, #03a9f4);
        outline-offset: 2px;
      }
      svg {
        display: block;
        touch-action: pan-y;
        user-select: none;
        -webkit-user-select: none;
      }
      .grid {
        stroke: var(--divider-color, #e0e0e0);
        stroke-width: 1;
      }
      .grid.day {
        stroke: color-mix(in srgb, var(--primary-text-color, #212121) 22%, transparent);
      }
      .axis {
        stroke: color-mix(in srgb, var(--primary-text-color, #212121) 35%, transparent);
      }
      .tick,
      .unit {
        font-size: 11px;
        fill: var(--secondary-text-color, #727272);
      }
      .unit {
        font-weight: 500;
      }
      .line {
        fill: none;
        stroke-width: 1.6;
        stroke-linejoin: round;
        stroke-linecap: round;
      }
      .band {
        fill-opacity: 0.16;
        stroke: none;
      }
      .limit {
        stroke-dasharray: 6 4;
        stroke-linecap: butt;
      }
      path.limit {
        stroke-width: 1.4;
      }
      .cursor {
        stroke: var(--primary-text-color, #212121);
        stroke-opacity: 0.45;
      }
      .dot {
        stroke: var(--card-background-color, #fff);
        stroke-width: 1.5;
      }
      .empty-data {
        position: absolute;
        inset: ${TOP}px ${RIGHT}px ${BOTTOM}px ${LEFT}px;
        display: flex;
        align-items: center;
        justify-content: center;
        font-size: 0.9rem;
      }
      .tip {
        position: absolute;
        top: 8px;
        z-index: 1;
        min-width: 150px;
        padding: 6px 10px;
        border-radius: 8px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--card-background-color, #fff);
        box-shadow: 0 2px 8px rgba(0, 0, 0, 0.18);
        font-size: 0.8rem;
        pointer-events: none;
        white-space: nowrap;
      }
      .when {
        margin-bottom: 2px;
        font-weight: 500;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 6px;
        line-height: 1.5;
      }
      .row .name {
        flex: 1;
        color: var(--secondary-text-color, #727272);
      }
      .row .value {
        font-weight: 500;
        font-variant-numeric: tabular-nums;
      }
      .swatch {
        flex: none;
      }
      .swatch line {
        stroke-width: 2.5;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 14px;
        margin: 6px 0 0;
        padding: 0 0 0 ${LEFT}px;
        list-style: none;
        font-size: 0.85rem;
      }
      .legend li {
        display: inline-flex;
        align-items: center;
        gap: 5px;
      }
      @media (max-width: 600px) {
        .legend {
          padding-left: 0;
        }
      }
    `,
  ];
}

if (!customElements.get("safe-power-chart")) customElements.define("safe-power-chart", SafePowerChart);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-chart": SafePowerChart;
  }
}
