// A box's history on its page: currents, temperatures and leakage over 6 h, 24 h or 7 days, from
// Home Assistant's recorder, a chart per quantity with the detector's settings as dashed lines.
// Read once per box and period, then extended every minute with what is new.
import { LitElement, css, html, nothing, type PropertyDeclarations, type PropertyValues } from "lit";
import { errorMessage, type BoxSettings, type FleetBox, type HomeAssistant } from "./api";
import "./chart";
import type { ChartLine } from "./chart";
import { formatQuantity, localeOf } from "./format";
import {
  EMPTY_SERIES,
  extendSeries,
  fetchHistory,
  fetchStatistics,
  statisticsEnd,
  statisticsSeries,
  toSeries,
  type HistoryAnswer,
  type Series,
  type StatisticsAnswer,
} from "./history";
import { t, type Lang, type MessageKey } from "./i18n";
import { shared } from "./styles";

export const RANGES = { "6h": 6, "24h": 24, "7d": 168 } as const;
export type HistoryRange = keyof typeof RANGES;
const RANGE_LABELS: Record<HistoryRange, MessageKey> = {
  "6h": "history_6h",
  "24h": "history_24h",
  "7d": "history_7d",
};
const HOUR = 3_600_000;
/** The ranges read from hourly statistics (mean, min, max) rather than every state. */
const HOURLY: ReadonlySet<HistoryRange> = new Set(["7d"]);
/** How often the charts read what is new. */
const REFRESH = 60_000;

/** The colours of the conductors, as GB 7947 marks them: A yellow, B green, C red, N blue. */
const COLORS = {
  a: "#e0a100",
  b: "#2e9b4f",
  c: "#dc3b3b",
  n: "#3a7bd5",
  box: "#8e5cc8",
  leakage: "#0f9aa8",
  limit: "var(--secondary-text-color, #727272)",
};

interface Group {
  key: string;
  title: MessageKey;
  /** The unit when the entities do not say. */
  unit: string;
  zero: boolean;
  lines: [key: string, name: MessageKey, color: string][];
  limits: [key: string, name: MessageKey, color: string][];
}

const GROUPS: Group[] = [
  {
    key: "current",
    title: "chart_current",
    unit: "A",
    zero: true,
    lines: [
      ["current_a", "phase_a", COLORS.a],
      ["current_b", "phase_b", COLORS.b],
      ["current_c", "phase_c", COLORS.c],
      ["current_n", "phase_n", COLORS.n],
    ],
    limits: [["overcurrent_threshold", "chart_limit", COLORS.limit]],
  },
  {
    key: "temperature",
    title: "chart_temperature",
    unit: "°C",
    zero: false,
    lines: [
      ["cable_temperature_a", "phase_a", COLORS.a],
      ["cable_temperature_b", "phase_b", COLORS.b],
      ["cable_temperature_c", "phase_c", COLORS.c],
      ["cable_temperature_n", "phase_n", COLORS.n],
      ["box_temperature", "chart_box", COLORS.box],
    ],
    limits: [
      ["cable_temperature_threshold", "chart_cable_limit", COLORS.limit],
      ["box_temperature_threshold", "chart_box_limit", COLORS.box],
    ],
  },
  {
    key: "leakage",
    title: "chart_leakage",
    unit: "mA",
    zero: true,
    lines: [["leakage_current", "chart_leakage", COLORS.leakage]],
    limits: [["leakage_threshold", "chart_limit", COLORS.limit]],
  },
];

/** The period chosen last, for the next box opened. */
let chosen: HistoryRange = "24h";

interface Shown {
  group: Group;
  title: string;
  unit: string;
  lines: ChartLine[];
}

export class SafePowerHistory extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    box: { attribute: false },
    settings: { attribute: false },
    compact: { type: Boolean },
    range: { state: true },
    loading: { state: true },
    error: { state: true },
    series: { state: true },
    window: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  box!: FleetBox;
  /** The detector's settings as the box reports them now (the box page follows them). */
  settings?: BoxSettings;
  compact = false;
  private range: HistoryRange = chosen;
  private loading = false;
  private error: string | null = null;
  private series = new Map<string, Series>();
  /** The period the series cover: [start, end] in ms. */
  private window: [number, number] = [0, 0];
  /** Which read is the latest: an older answer arriving late is dropped. */
  private reads = 0;
  private loadedFor = "";
  private timer?: ReturnType<typeof setInterval>;
  private shown: Shown[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => void this.refresh(), REFRESH);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.loadedFor = "";
    this.reads += 1;
  }

  /** The entity ids the charts read: the lines' and the limits'. */
  private entityIds(): string[] {
    const ids: string[] = [];
    for (const group of GROUPS) {
      for (const [key] of [...group.lines, ...group.limits]) {
        const id = this.box.entities[key];
        if (id) ids.push(id);
      }
    }
    return ids;
  }

  protected override willUpdate(changed: PropertyValues): void {
    const wanted = `${this.box.device_id}|${this.range}`;
    if (wanted !== this.loadedFor) {
      // Another box: nothing of the last one's history is shown while its own is read.
      if (!this.loadedFor.startsWith(`${this.box.device_id}|`)) this.series = new Map();
      this.loadedFor = wanted;
      void this.load();
    }
    if (["series", "window", "language", "box", "settings"].some((key) => changed.has(key))) {
      this.shown = this.charts();
    }
  }

  private async load(): Promise<void> {
    const read = ++this.reads;
    const ids = this.entityIds();
    const end = Date.now();
    const start = end - RANGES[this.range] * HOUR;
    this.loading = true;
    this.error = null;
    if (!ids.length) {
      this.series = new Map();
      this.loading = false;
      return;
    }
    try {
      const series = HOURLY.has(this.range)
        ? await this.readHourly(ids, start, end)
        : new Map(ids.map((id) => [id, EMPTY_SERIES] as const));
      if (!HOURLY.has(this.range)) {
        const answer = await fetchHistory(this.hass, ids, start, end);
        for (const id of ids) series.set(id, toSeries(answer[id], start));
      }
      if (read !== this.reads) return;
      this.series = series;
      this.window = [start, end];
    } catch (err) {
      if (read !== this.reads) return;
      this.error = errorMessage(err);
    }
    this.loading = false;
  }

  /**
   * A week from the recorder's hourly statistics, and the hour not compiled yet from its states.
   * An entity without statistics (no state class, such as a setting) is read state by state; so
   * is every entity when the statistics cannot be read.
   */
  private async readHourly(ids: string[], start: number, end: number): Promise<Map<string, Series>> {
    let stats: StatisticsAnswer = {};
    try {
      stats = await fetchStatistics(this.hass, ids, start, end);
    } catch {
      // No statistics (the recorder's command refused): the states of all.
    }
    const series = new Map<string, Series>();
    const hourly = ids.filter((id) => stats[id]?.length);
    const plain = ids.filter((id) => !stats[id]?.length);
    // The states since the earliest end of the statistics read, for the hour not compiled yet.
    const since = hourly.length ? Math.min(...hourly.map((id) => statisticsEnd(stats[id] ?? []))) : end;
    const [whole, recent] = await Promise.all([
      plain.length ? fetchHistory(this.hass, plain, start, end) : Promise.resolve<HistoryAnswer>({}),
      hourly.length && since < end ? fetchHistory(this.hass, hourly, since, end) : Promise.resolve<HistoryAnswer>({}),
    ]);
    for (const id of ids) {
      series.set(
        id,
        plain.includes(id)
          ? toSeries(whole[id], start)
          : extendSeries(statisticsSeries(stats[id], start), toSeries(recent[id], since), start),
      );
    }
    return series;
  }

  /** What is new since the last read, added; the oldest part dropped. */
  private async refresh(): Promise<void> {
    if (this.loading || this.error !== null || document.hidden || !this.series.size) return;
    const read = ++this.reads;
    const ids = [...this.series.keys()];
    const since = this.window[1];
    const end = Date.now();
    const start = end - RANGES[this.range] * HOUR;
    try {
      const answer = await fetchHistory(this.hass, ids, since, end);
      if (read !== this.reads) return;
      this.series = new Map(
        ids.map((id) => [id, extendSeries(this.series.get(id) ?? EMPTY_SERIES, toSeries(answer[id], since), start)]),
      );
      this.window = [start, end];
    } catch {
      // The next minute tries again; the charts stay as they are.
    }
  }

  private choose(range: HistoryRange): void {
    chosen = range;
    this.range = range;
  }

  /** The charts of the groups the box measures, their lines and limits. */
  private charts(): Shown[] {
    const { box, language: lang } = this;
    const settings = this.settings ?? box.settings;
    const [start] = this.window;
    const shown: Shown[] = [];
    for (const group of GROUPS) {
      const lines = group.lines.filter(([key]) => box.entities[key]);
      if (!lines.length) continue;
      const unit =
        this.hass.states[box.entities[lines[0][0]] ?? ""]?.attributes.unit_of_measurement ?? group.unit;
      const chartLines: ChartLine[] = lines.map(([key, name, color]) => ({
        key,
        name: t(lang, name),
        color,
        series: this.series.get(box.entities[key] ?? "") ?? EMPTY_SERIES,
      }));
      for (const [key, name, color] of group.limits) {
        const id = box.entities[key];
        const setting = settings?.[key];
        if (!id && !setting) continue;
        let series = (id && this.series.get(id)) || EMPTY_SERIES;
        // Nothing recorded (a setting the recorder excludes, or its number entity not enabled):
        // the setting as it is now.
        if (!series.times.length && this.series.size) {
          const now = id ? Number(this.hass.states[id]?.state) : (setting?.value ?? NaN);
          if (Number.isFinite(now)) series = { times: new Float64Array([start]), values: new Float32Array([now]) };
        }
        // The setting's last known value (a box offline now has it unavailable).
        let latest = NaN;
        for (let i = series.values.length - 1; i >= 0 && Number.isNaN(latest); i--) latest = series.values[i];
        const limitUnit = (id ? this.hass.states[id]?.attributes.unit_of_measurement : setting?.unit) ?? unit;
        chartLines.push({
          key,
          name: Number.isNaN(latest)
            ? t(lang, name, { value: "" }).trim()
            : t(lang, name, { value: formatQuantity(localeOf(this.hass), latest, limitUnit) }),
          short: t(lang, name, { value: "" }).trim(),
          color,
          series,
          limit: true,
        });
      }
      shown.push({ group, title: t(lang, group.title), unit, lines: chartLines });
    }
    return shown;
  }

  protected override render() {
    const lang = this.language;
    if (!this.shown.length) return nothing;
    const [start, end] = this.window;
    return html`
      <section class="card">
        <div class="head">
          <h2>${t(lang, "history")}</h2>
          <div class="ranges" role="group" aria-label=${t(lang, "history_range")}>
            ${(Object.keys(RANGES) as HistoryRange[]).map(
              (range) => html`<button
                class="range"
                aria-pressed=${this.range === range}
                @click=${() => this.choose(range)}
              >
                ${t(lang, RANGE_LABELS[range])}
              </button>`,
            )}
          </div>
        </div>
        ${
          this.error !== null
            ? html`<div class="banner" role="alert">
                <span>${t(lang, "history_error", { message: this.error })}</span>
                <button class="btn" @click=${() => void this.load()}>${t(lang, "retry")}</button>
              </div>`
            : nothing
        }
        ${this.error !== null && !this.series.size ? nothing : this.renderCharts(start, end)}
      </section>
    `;
  }

  private renderCharts(start: number, end: number) {
    const lang = this.language;
    return html`
        <div class="charts ${this.loading ? "loading" : ""}" aria-busy=${this.loading}>
          ${this.shown.map(
            (chart) => html`<div class="chart">
              <h3>${chart.title}</h3>
              ${
                this.loading && !this.series.size
                  ? html`<div class="wait secondary" role="status">${t(lang, "loading")}</div>`
                  : html`<safe-power-chart
                      .hass=${this.hass}
                      .language=${lang}
                      .label=${chart.title}
                      .unit=${chart.unit}
                      .lines=${chart.lines}
                      .start=${start}
                      .end=${end}
                      ?zero=${chart.group.zero}
                      ?compact=${this.compact}
                    ></safe-power-chart>`
              }
            </div>`,
          )}
        </div>
        ${this.loading && this.series.size ? html`<div class="secondary small" role="status">${t(lang, "loading")}</div>` : nothing}
        ${
          HOURLY.has(this.range) && [...this.series.values()].some((series) => series.min)
            ? html`<div class="secondary small">${t(lang, "chart_hourly")}</div>`
            : nothing
        }
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      section {
        padding: 16px;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px 16px;
        margin-bottom: 8px;
      }
      h2 {
        margin: 0;
        font-size: 1.1rem;
        font-weight: 500;
      }
      h3 {
        margin: 0 0 4px;
        font-size: 0.95rem;
        font-weight: 500;
      }
      .ranges {
        display: inline-flex;
        border: 1px solid var(--divider-color, #e0e0e0);
        border-radius: 20px;
        overflow: hidden;
      }
      .range {
        min-height: 36px;
        padding: 0 14px;
        border: none;
        background: transparent;
        color: var(--primary-text-color, #212121);
        font-weight: 500;
      }
      .range + .range {
        border-left: 1px solid var(--divider-color, #e0e0e0);
      }
      .range[aria-pressed="true"] {
        background: var(--primary-color, #03a9f4);
        color: var(--text-primary-color, #fff);
      }
      .range:focus-visible {
        outline: 2px solid var(--primary-color, #03a9f4);
        outline-offset: -4px;
      }
      .banner {
        margin-bottom: 12px;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr));
        gap: 20px 24px;
      }
      .charts.loading safe-power-chart {
        opacity: 0.5;
      }
      .chart {
        min-width: 0;
      }
      .wait {
        display: flex;
        align-items: center;
        justify-content: center;
        height: 180px;
        border-radius: 8px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 4%, transparent);
      }
      .small {
        margin-top: 8px;
        font-size: 0.85rem;
      }
    `,
  ];
}

if (!customElements.get("safe-power-history")) customElements.define("safe-power-history", SafePowerHistory);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-history": SafePowerHistory;
  }
}
