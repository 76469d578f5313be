// The alarm list: filters, a table (cards on a phone), acknowledge, power off, CSV export.
// Used by the Alarms tab (every box), by a box's page (`deviceId` set), and by the dashboard
// cards (`preset` set: fixed filters, none shown, no export).
import {
  LitElement,
  css,
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from "lit";
import {
  ALARM_STATES,
  CAUSES,
  MAX_LIMIT,
  OPEN_STATES,
  UNREACHABLE_CAUSES,
  acknowledgeAlarms,
  errorMessage,
  errorText,
  fetchAlarms,
  powerOff,
  type AlarmFeed,
  type AlarmQuery,
  type AlarmRecord,
  type AlarmState,
  type Cause,
  type Fleet,
  type HomeAssistant,
} from "./api";
import { alarmsCsv, download } from "./csv";
import "./dialog";
import type { ConfirmRequest } from "./dialog";
import { formatAlarmValue, formatDateTime, formatPercent, localNow, localeOf } from "./format";
import { causeName, measurementName, originName, t, type Lang } from "./i18n";
import { checkIcon, downloadIcon, powerIcon } from "./icons";
import { LiveAlarms } from "./live";
import { alarmStateChip, boxDetails, followLink, placeOf, powerLine, who } from "./parts";
import { shared } from "./styles";

/** How many alarms a page of the list reads; "Show more" reads as many again. */
const PAGE = 100;

const RANGES = { day: 1, week: 7, month: 30, all: null } as const;
type Range = keyof typeof RANGES;
const RANGE_LABELS = {
  day: "range_day",
  week: "range_week",
  month: "range_month",
  all: "range_all",
} as const;
const DAY_MS = 86_400_000;

/** Which alarms by state: one state, `open` (active or acknowledged), or all. */
export type StateFilter = AlarmState | "open" | "all";

/** A card's fixed filters: the alarms of one state and area, `limit` at a time. */
export interface AlarmPreset {
  state: Exclude<StateFilter, "cleared">;
  areaId: string;
  limit: number;
}

interface Filters {
  state: StateFilter;
  cause: Cause | "";
  areaId: string;
  range: Range;
  limit: number;
}

export class SafePowerAlarms extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    fleet: { attribute: false },
    feed: { attribute: false },
    compact: { type: Boolean, reflect: true },
    deviceId: { attribute: false },
    preset: { attribute: false },
    basePath: { attribute: false },
    filters: { state: true },
    expanded: { state: true },
    acking: { state: true },
    actionError: { state: true },
    confirm: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  fleet!: Fleet;
  feed?: AlarmFeed;
  /** Cards instead of a table: a phone, or Home Assistant's narrow layout. */
  compact = false;
  /** A box's page: only its alarms, no box column, no area filter. */
  deviceId?: string;
  /** A card: these filters, not shown; no export. */
  preset?: AlarmPreset;
  basePath = "";

  private filters: Filters = { state: "active", cause: "", areaId: "", range: "all", limit: PAGE };
  /** How many more alarms "Show more" reads. */
  private page = PAGE;
  private expanded = new Set<string>();
  private acking = new Set<string>();
  private actionError: string | null = null;
  private confirm?: ConfirmRequest;
  private readonly list = new LiveAlarms(this);
  private loadedWith = "";

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("preset") && this.preset) {
      const { state, areaId, limit } = this.preset;
      this.page = limit;
      this.filters = { state, cause: "", areaId, range: "all", limit };
    } else if (!this.hasUpdated && this.deviceId !== undefined) {
      // A box's own history: everything of the last month.
      this.filters = { ...this.filters, state: "all", range: "month" };
    }
    const key = JSON.stringify([this.filters, this.deviceId]);
    if (this.hass && key !== this.loadedWith) {
      this.loadedWith = key;
      void this.list.load(this.hass, this.query());
    }
  }

  private query(): AlarmQuery {
    const { state, cause, areaId, range, limit } = this.filters;
    const days = RANGES[range];
    return {
      ...(state === "open" ? { states: [...OPEN_STATES] } : state !== "all" && { states: [state] }),
      ...(cause !== "" && { causes: [cause] }),
      ...(areaId !== "" && { area_ids: [areaId] }),
      ...(this.deviceId !== undefined && { device_ids: [this.deviceId] }),
      ...(days !== null && { start: new Date(Date.now() - days * DAY_MS).toISOString() }),
      limit,
    };
  }

  /** Another filter: the list starts again from its first page. */
  private setFilter<K extends keyof Omit<Filters, "limit">>(name: K, value: Filters[K]): void {
    this.filters = { ...this.filters, [name]: value, limit: this.page };
  }

  private showMore(): void {
    this.filters = { ...this.filters, limit: this.filters.limit + this.page };
  }

  private async acknowledge(ids: string[]): Promise<void> {
    this.acking = new Set([...this.acking, ...ids]);
    this.actionError = null;
    try {
      await acknowledgeAlarms(this.hass, ids);
    } catch (err) {
      this.actionError = await errorText(this.hass, err);
    }
    this.acking = new Set([...this.acking].filter((id) => !ids.includes(id)));
  }

  private askPowerOff(alarm: AlarmRecord): void {
    const lang = this.language;
    const box = this.fleet.boxes.find((b) => b.device_id === alarm.device_id);
    const name = box?.name ?? alarm.box;
    this.confirm = {
      heading: t(lang, "power_title"),
      body: t(lang, "power_body", { box: name }),
      details: [
        ...boxDetails(lang, {
          name,
          building: box ? box.building : alarm.building,
          area: box ? box.area : alarm.area,
          location: box ? box.location : alarm.location,
          serial: alarm.serial,
        }),
        t(lang, "power_for", { cause: causeName(lang, alarm.cause) }),
      ],
      confirm: t(lang, "power_off"),
      run: async () => {
        const result = await powerOff(this.hass, alarm.alarm_id);
        if (!result.ok)
          throw new Error(t(lang, "power_error", { error: result.error ?? t(lang, "unknown") }));
        return t(lang, "power_done");
      },
    };
  }

  private async exportCsv(): Promise<void> {
    this.actionError = null;
    try {
      const { list } = this;
      const alarms =
        list.total > list.alarms.length
          ? (await fetchAlarms(this.hass, { ...this.query(), limit: Math.min(list.total, MAX_LIMIT) })).alarms
          : list.alarms;
      const day = localNow(this.hass).slice(0, 10);
      download(`${t(this.language, "csv_file")}-${day}.csv`, alarmsCsv(this.hass, this.language, alarms));
    } catch (err) {
      this.actionError = errorMessage(err);
    }
  }

  private toggle(id: string): void {
    const expanded = new Set(this.expanded);
    if (!expanded.delete(id)) expanded.add(id);
    this.expanded = expanded;
  }

  /** Whether the collapsed diagnosis hides something: more of them, or a text past two lines. */
  private clipped(alarm: AlarmRecord): boolean {
    // Characters in two lines of the diagnosis box, about: a CJK character is twice as wide.
    const room = (this.compact ? 70 : 200) / (this.language === "zh" ? 2 : 1);
    return alarm.diagnosis.length > 1 || alarm.diagnosis[0][this.language].length > room;
  }

  /** Offered to who may cut power, on an open alarm of a box that has a contactor still closed. */
  private canPowerOff(alarm: AlarmRecord): boolean {
    const box = this.fleet.boxes.find((b) => b.device_id === alarm.device_id);
    const contactor = box?.entities.contactor;
    return (
      this.fleet.can_power &&
      alarm.state !== "cleared" &&
      !UNREACHABLE_CAUSES.includes(alarm.cause) &&
      contactor !== undefined &&
      this.hass.states[contactor]?.state !== "off"
    );
  }

  protected override render() {
    const { language: lang, list } = this;
    const activeIds = list.alarms.filter((a) => a.state === "active").map((a) => a.alarm_id);
    const tools = [
      ...(activeIds.length > 1
        ? [
            html`<button
              class="btn"
              ?disabled=${activeIds.every((id) => this.acking.has(id))}
              @click=${() => this.acknowledge(activeIds)}
            >
              ${checkIcon}${t(lang, "acknowledge_all", { count: activeIds.length })}
            </button>`,
          ]
        : []),
      ...(this.preset
        ? []
        : [
            html`<button class="btn" ?disabled=${list.alarms.length === 0} @click=${this.exportCsv}>
              ${downloadIcon}${t(lang, "export_csv")}
            </button>`,
          ]),
    ];
    return html`
      ${this.preset ? nothing : this.renderFilters()}
      ${tools.length ? html`<div class="toolbar ${this.preset ? "in-card" : ""}">${tools}</div>` : nothing}
      ${this.actionError ? html`<div class="banner" role="alert">${this.actionError}</div>` : nothing}
      ${list.error ? html`<div class="banner" role="alert">${list.error}</div>` : nothing}
      ${this.renderList()}
      <safe-power-confirm
        .language=${lang}
        .request=${this.confirm}
        @closed=${() => (this.confirm = undefined)}
      ></safe-power-confirm>
    `;
  }

  private renderFilters(): TemplateResult {
    const { language: lang, filters } = this;
    const areas = new Map(
      this.fleet.boxes
        .filter((b) => b.area_id !== null)
        .map((b) => [b.area_id ?? "", b.area ?? b.area_id ?? ""]),
    );
    const select = <K extends keyof Omit<Filters, "limit">>(
      name: K,
      label: string,
      options: [Filters[K], string][],
    ): TemplateResult => html`
      <label>
        <span class="secondary">${label}</span>
        <select
          @change=${(e: Event) => this.setFilter(name, options[(e.target as HTMLSelectElement).selectedIndex][0])}
        >
          ${options.map(([value, text]) => html`<option ?selected=${value === filters[name]}>${text}</option>`)}
        </select>
      </label>
    `;
    return html`
      <div class="filters">
        ${select("state", t(lang, "filter_state"), [
          ...[...OPEN_STATES, "open" as const, ...ALARM_STATES.filter((s) => !OPEN_STATES.includes(s))].map(
            (s): [StateFilter, string] => [s, t(lang, `alarm_${s}`)],
          ),
          ["all", t(lang, "all_states")],
        ])}
        ${select("cause", t(lang, "filter_cause"), [
          ["", t(lang, "all_causes")],
          ...CAUSES.map((c): [Cause, string] => [c, causeName(lang, c)]),
        ])}
        ${
          this.deviceId === undefined
            ? select("areaId", t(lang, "filter_area"), [
                ["", t(lang, "all_areas")],
                ...[...areas].sort((a, b) => a[1].localeCompare(b[1])),
              ])
            : nothing
        }
        ${select(
          "range",
          t(lang, "filter_time"),
          (Object.keys(RANGES) as Range[]).map((r): [Range, string] => [r, t(lang, RANGE_LABELS[r])]),
        )}
      </div>
    `;
  }

  private renderList(): TemplateResult {
    const { language: lang, list } = this;
    if (!list.loaded) {
      return list.loading ? html`<p class="empty">${t(lang, "loading")}</p>` : html``;
    }
    if (list.alarms.length === 0) {
      const empty = this.preset
        ? (`none_${this.preset.state}` as const)
        : this.deviceId === undefined
          ? "no_alarms"
          : "no_box_alarms";
      return html`<p class="empty ${this.preset ? "in-card" : "card"}">${t(lang, empty)}</p>`;
    }
    return html`
      ${this.compact ? this.renderCards() : this.renderTable()}
      ${
        // A card shows the count only when it does not show them all.
        this.preset && list.total <= list.alarms.length
          ? nothing
          : html`<div class="more">
              <span class="secondary">${t(lang, "showing", { shown: list.alarms.length, total: list.total })}</span>
              ${
                list.total > list.alarms.length
                  ? html`<button class="btn" ?disabled=${list.loading} @click=${this.showMore}>
                      ${t(lang, "show_more")}
                    </button>`
                  : nothing
              }
            </div>`
      }
    `;
  }

  private renderTable(): TemplateResult {
    const lang = this.language;
    const withBox = this.deviceId === undefined;
    const columns = withBox ? 6 : 5;
    return html`
      <table class="card">
        <thead>
          <tr>
            <th>${t(lang, "col_time")}</th>
            ${withBox ? html`<th>${t(lang, "col_box")}</th>` : nothing}
            <th>${t(lang, "col_cause")}</th>
            <th>${t(lang, "col_value")}</th>
            <th>${t(lang, "col_state")}</th>
            <th>${t(lang, "col_actions")}</th>
          </tr>
        </thead>
        ${this.list.alarms.map(
          (alarm) => html`
            <tbody class=${alarm.covered_by ? "covered" : ""}>
              <tr>
                <td class="time">${this.renderTime(alarm)}</td>
                ${withBox ? html`<td class="box-cell">${this.renderBox(alarm)}</td>` : nothing}
                <td class="cause-cell">${this.renderCause(alarm)}</td>
                <td>${this.renderValue(alarm)}</td>
                <td class="state-cell">${alarmStateChip(lang, alarm.state)}${this.renderHistory(alarm)}</td>
                <td><div class="actions">${this.renderActions(alarm)}</div></td>
              </tr>
              ${
                alarm.diagnosis.length
                  ? html`<tr class="diagnosis">
                      <td colspan=${columns}>${this.renderDiagnosis(alarm)}</td>
                    </tr>`
                  : nothing
              }
            </tbody>
          `,
        )}
      </table>
    `;
  }

  private renderCards(): TemplateResult {
    const lang = this.language;
    return html`
      <div class="cards">
        ${this.list.alarms.map(
          (alarm) => html`
            <article class="card ${alarm.covered_by ? "covered" : ""}">
              <div class="top">
                ${alarmStateChip(lang, alarm.state)}
                <span class="secondary time">${this.renderTime(alarm)}</span>
              </div>
              ${this.renderCause(alarm)} ${this.deviceId === undefined ? this.renderBox(alarm) : nothing}
              ${this.renderValue(alarm)} ${this.renderHistory(alarm)}
              ${alarm.diagnosis.length ? this.renderDiagnosis(alarm) : nothing}
              <div class="actions">${this.renderActions(alarm)}</div>
            </article>
          `,
        )}
      </div>
    `;
  }

  private renderTime(alarm: AlarmRecord): TemplateResult {
    const time = formatDateTime(this.hass, alarm.time);
    return alarm.late
      ? html`${time}
          <div class="secondary small">
            ${t(this.language, "received_late", { time: formatDateTime(this.hass, alarm.received) })}
          </div>`
      : html`${time}`;
  }

  private renderBox(alarm: AlarmRecord): TemplateResult {
    const place = placeOf(alarm.building, alarm.area, alarm.location);
    const href = alarm.device_id ? `${this.basePath}/box/${encodeURIComponent(alarm.device_id)}` : null;
    return html`
      <div class="box">
        ${href ? html`<a href=${href} @click=${followLink(href)}>${alarm.box}</a>` : html`<span>${alarm.box}</span>`}
        ${place ? html`<div class="secondary small">${place}</div>` : nothing}
      </div>
    `;
  }

  private renderCause(alarm: AlarmRecord): TemplateResult {
    const lang = this.language;
    return html`
      <div class="cause">
        <strong>${causeName(lang, alarm.cause)}</strong>
        <div class="secondary small">${originName(lang, alarm.origin)}</div>
        ${alarm.covered_by ? html`<div class="small covered-note">${t(lang, "covered")}</div>` : nothing}
      </div>
    `;
  }

  private renderValue(alarm: AlarmRecord): TemplateResult | typeof nothing {
    const value = formatAlarmValue(localeOf(this.hass), alarm);
    if (!value) return nothing;
    const channel = alarm.channel ? (measurementName(this.language, alarm.channel) ?? alarm.channel) : null;
    return html`
      <div class="value">
        <span class="reading">${value}</span>
        ${channel ? html`<div class="secondary small">${channel}</div>` : nothing}
      </div>
    `;
  }

  /** Who acknowledged, when it cleared, every power command and its result. */
  private renderHistory(alarm: AlarmRecord): TemplateResult {
    const { hass, language: lang } = this;
    return html`
      <ul class="history small">
        ${
          alarm.acknowledged
            ? html`<li>
                ${t(lang, "acknowledged_by", {
                  who: who(lang, alarm.acknowledged),
                  time: formatDateTime(hass, alarm.acknowledged.at),
                })}
              </li>`
            : nothing
        }
        ${alarm.cleared ? html`<li>${t(lang, "cleared_at", { time: formatDateTime(hass, alarm.cleared) })}</li>` : nothing}
        ${alarm.power.map(
          (p) =>
            html`<li class=${p.ok ? "" : "error"}>
              ${powerIcon}<span>${powerLine(lang, p, formatDateTime(hass, p.at))}</span>
            </li>`,
        )}
      </ul>
    `;
  }

  private renderDiagnosis(alarm: AlarmRecord): TemplateResult {
    const lang = this.language;
    const open = this.expanded.has(alarm.alarm_id);
    const shown = open ? alarm.diagnosis : alarm.diagnosis.slice(0, 1);
    return html`
      <div class="diagnosis-text ${open ? "open" : ""}">
        ${shown.map(
          (d) =>
            html`<p>
              <span class="likelihood"
                >${t(lang, "likelihood", { percent: formatPercent(localeOf(this.hass), d.confidence) })}</span
              >
              ${d[lang]}
            </p>`,
        )}
        ${
          open || this.clipped(alarm)
            ? html`<button class="link" aria-expanded=${open} @click=${() => this.toggle(alarm.alarm_id)}>
                ${t(lang, open ? "less" : "more")}
              </button>`
            : nothing
        }
      </div>
    `;
  }

  private renderActions(alarm: AlarmRecord): TemplateResult[] {
    const lang = this.language;
    const actions: TemplateResult[] = [];
    if (alarm.state === "active") {
      actions.push(
        html`<button
          class="btn primary"
          ?disabled=${this.acking.has(alarm.alarm_id)}
          @click=${() => this.acknowledge([alarm.alarm_id])}
        >
          ${checkIcon}${t(lang, "acknowledge")}
        </button>`,
      );
    }
    if (this.canPowerOff(alarm)) {
      actions.push(
        html`<button class="btn danger" @click=${() => this.askPowerOff(alarm)}>
          ${powerIcon}${t(lang, "power_off")}
        </button>`,
      );
    }
    return actions;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
      }
      .filters label {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 0.8rem;
      }
      .filters select {
        font-size: 0.95rem;
        min-width: 140px;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 8px;
        margin: 12px 0;
      }
      .toolbar.in-card {
        margin-top: 0;
      }
      .empty.in-card {
        margin: 0;
        padding: 12px 0;
      }
      .banner {
        margin-bottom: 12px;
      }
      .small {
        font-size: 0.85rem;
      }
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 0;
        overflow: hidden;
      }
      th {
        text-align: left;
        font-weight: 500;
        font-size: 0.85rem;
        color: var(--secondary-text-color, #727272);
        padding: 10px 12px;
        border-bottom: 1px solid var(--divider-color, #e0e0e0);
      }
      td {
        padding: 10px 12px;
        vertical-align: top;
      }
      tbody + tbody td {
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      tbody + tbody tr.diagnosis td,
      tr.diagnosis td {
        border-top: none;
        padding-top: 0;
      }
      td.time {
        white-space: nowrap;
      }
      td.box-cell {
        min-width: 170px;
      }
      td.cause-cell {
        min-width: 140px;
      }
      td.state-cell {
        max-width: 320px;
      }
      .covered {
        opacity: 0.6;
      }
      .covered-note {
        font-style: italic;
      }
      .reading {
        font-weight: 500;
        white-space: nowrap;
      }
      .box a {
        color: var(--primary-color, #03a9f4);
        font-weight: 500;
        text-decoration: none;
      }
      .box a:hover {
        text-decoration: underline;
      }
      .history {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
      }
      .history li {
        display: flex;
        gap: 4px;
        align-items: flex-start;
        margin-top: 2px;
      }
      .history .icon {
        width: 16px;
        height: 16px;
        margin-top: 2px;
      }
      .history li.error {
        font-weight: 500;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .diagnosis-text {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 4px;
        padding: 8px 12px;
        border-radius: 8px;
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 7%, transparent);
        font-size: 0.9rem;
        line-height: 1.45;
      }
      .diagnosis-text p {
        margin: 0;
      }
      .diagnosis-text:not(.open) p {
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .likelihood {
        font-weight: 500;
        margin-right: 4px;
      }
      .likelihood::after {
        content: " ·";
      }
      button.link {
        min-height: 32px;
        padding: 0;
        border: none;
        background: none;
        color: var(--primary-color, #03a9f4);
        font-weight: 500;
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      article {
        display: flex;
        flex-direction: column;
        gap: 6px;
        padding: 12px;
      }
      article .top {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        flex-wrap: wrap;
      }
      article .time {
        font-size: 0.85rem;
      }
      article .actions .btn {
        flex: 1;
      }
      :host([compact]) button.link {
        min-height: 40px;
      }
      :host([compact]) .filters label {
        flex: 1 1 40%;
      }
      :host([compact]) .filters select {
        min-width: 0;
        width: 100%;
      }
      .more {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
        margin-top: 12px;
      }
    `,
  ];
}

if (!customElements.get("safe-power-alarms")) customElements.define("safe-power-alarms", SafePowerAlarms);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-alarms": SafePowerAlarms;
  }
}
