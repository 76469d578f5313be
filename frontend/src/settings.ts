// The Settings tab (administrators): which users besides the administrators may cut power from the
// panel, which areas each user's panel shows, the reports' time-of-use schedule and how often
// measurements write a state (`safe_power/settings`). The page says plainly that the users' part
// shapes the panel only: Home Assistant has no per-user entity permissions.
import { LitElement, css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import {
  ADMIN_GROUP,
  DEFAULT_HEARTBEAT_MINUTES,
  DEFAULT_TARIFF,
  HEARTBEAT_RANGE,
  STATE_UPDATES,
  TARIFF_PERIODS,
  errorMessage,
  errorText,
  fetchAreas,
  fetchSettings,
  fetchUsers,
  saveSettings,
  type HaArea,
  type HaUser,
  type HomeAssistant,
  type SiteSettings,
  type StateUpdates,
  type TariffChange,
  type TariffPeriod,
} from "./api";
import { localeOf } from "./format";
import { entityName, listOf, t, type Lang, type MessageKey } from "./i18n";
import { checkIcon, infoIcon, searchIcon } from "./icons";
import { periodStyles, searchStyles, shared } from "./styles";

/** Where the documentation says how to keep units apart (docs/panel.md, "Units"). */
const UNITS_DOC = "https://github.com/safe-power/safe-power/blob/main/docs/panel.md#units-二级单位";


/** Settings in one order, so two of them compare as text. */
function normalized(settings: SiteSettings): SiteSettings {
  const areas = Object.entries(settings.user_areas)
    .map(([user, list]) => [user, [...new Set(list)].sort()] as const)
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    power_users: [...new Set(settings.power_users)].sort(),
    user_areas: Object.fromEntries(areas),
    tariff: settings.tariff ? settings.tariff.map(({ start, period }) => ({ start, period })) : null,
    state_updates: settings.state_updates,
    heartbeat_minutes: settings.heartbeat_minutes,
  };
}

/** Whether a heartbeat is one the server takes: whole minutes, 1 to 60. */
const heartbeatValid = (minutes: number): boolean =>
  Number.isInteger(minutes) && minutes >= HEARTBEAT_RANGE[0] && minutes <= HEARTBEAT_RANGE[1];

/**
 * Each measurement's band with "significant changes only" (box/deadband.py): its name, the
 * smallest move shown, and (where a share of the value shown can be larger) that share.
 */
const BANDS: readonly [(lang: Lang) => string, string, string?][] = [
  [(lang) => t(lang, "band_voltage"), "1 V"],
  [(lang) => t(lang, "fig_current"), "0.1 A", "2 %"],
  [(lang) => entityName(lang, "leakage_current"), "1 mA"],
  [(lang) => t(lang, "chart_temperature"), "0.5 °C"],
  [(lang) => t(lang, "fig_power"), "20 W", "2 %"],
  [(lang) => entityName(lang, "power_factor"), "0.01"],
  [(lang) => entityName(lang, "frequency"), "0.05 Hz"],
  [(lang) => entityName(lang, "energy"), "1 kWh"],
  [(lang) => entityName(lang, "voltage_unbalance"), "0.5 %"],
  [(lang) => entityName(lang, "current_unbalance"), "1 %"],
  [(lang) => entityName(lang, "voltage_qualification_rate"), "0.1 %"],
];

const MINUTES_PER_DAY = 1440;

/** The minute of the day of "HH:MM", or NaN. */
function minuteOf(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return NaN;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minute < MINUTES_PER_DAY ? minute : NaN;
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** What is wrong with a schedule, as a message and its parameters, or null. */
function tariffProblem(rows: readonly TariffChange[]): [MessageKey, Record<string, string>] | null {
  if (!rows.length) return ["tariff_empty", {}];
  let previous = -1;
  for (const [i, row] of rows.entries()) {
    const minute = minuteOf(row.start);
    if (Number.isNaN(minute)) return ["tariff_bad_time", { row: String(i + 1) }];
    if (i === 0 && minute !== 0) return ["tariff_first", { row: "1", start: row.start }];
    if (i > 0 && minute <= previous) {
      return ["tariff_order", { row: String(i + 1), start: row.start, previous: rows[i - 1].start }];
    }
    previous = minute;
  }
  return null;
}

export class SafePowerSettings extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    compact: { type: Boolean, reflect: true },
    saved: { state: true },
    draft: { state: true },
    users: { state: true },
    areas: { state: true },
    loadError: { state: true },
    saving: { state: true },
    saveError: { state: true },
    justSaved: { state: true },
    picking: { state: true },
    areaFilter: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  compact = false;
  /** The settings as the server has them. */
  private saved?: SiteSettings;
  private draft?: SiteSettings;
  private users: HaUser[] = [];
  private areas: HaArea[] = [];
  private loadError: string | null = null;
  private saving = false;
  private saveError: string | null = null;
  private justSaved = false;
  /** The user whose areas are being chosen. */
  private picking: string | null = null;
  private areaFilter = "";
  private started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.started && this.hass) void this.load();
  }

  protected override willUpdate(): void {
    if (!this.started && this.hass) void this.load();
  }

  private async load(): Promise<void> {
    this.started = true;
    this.loadError = null;
    try {
      const [settings, users, areas] = await Promise.all([
        fetchSettings(this.hass),
        fetchUsers(this.hass),
        fetchAreas(this.hass),
      ]);
      this.users = users;
      const collator = this.collator();
      this.areas = [...areas].sort((a, b) => collator.compare(a.name, b.name));
      this.saved = normalized(settings);
      this.draft = this.saved;
    } catch (err) {
      this.loadError = errorMessage(err);
    }
  }

  /** Names in the user's order (pinyin in Chinese). */
  private collator(): Intl.Collator {
    try {
      return new Intl.Collator(localeOf(this.hass), { numeric: true, sensitivity: "base" });
    } catch {
      return new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    }
  }

  /** The users an administrator chooses for: people, not administrators (they may anyway). */
  private choosable(): HaUser[] {
    const collator = this.collator();
    return this.users
      .filter((u) => !u.system_generated && !u.is_owner && !u.group_ids.includes(ADMIN_GROUP))
      .sort((a, b) => collator.compare(a.name, b.name));
  }

  /** The draft as it would be saved: without users or areas Home Assistant no longer has. */
  private payload(draft: SiteSettings): SiteSettings {
    const users = new Set(this.users.map((u) => u.id));
    const areas = new Set(this.areas.map((a) => a.area_id));
    return normalized({
      power_users: draft.power_users.filter((id) => users.has(id)),
      user_areas: Object.fromEntries(
        Object.entries(draft.user_areas)
          .filter(([id]) => users.has(id))
          .map(([id, list]) => [id, list.filter((area) => areas.has(area))]),
      ),
      tariff: draft.tariff,
      state_updates: draft.state_updates,
      // An unusable heartbeat is refused before saving when it counts (significant changes);
      // with every change it is not in use: the one saved stays.
      heartbeat_minutes: heartbeatValid(draft.heartbeat_minutes)
        ? draft.heartbeat_minutes
        : (this.saved?.heartbeat_minutes ?? DEFAULT_HEARTBEAT_MINUTES),
    });
  }

  /** Whether the draft's heartbeat keeps it from being saved. */
  private heartbeatProblem(draft: SiteSettings): boolean {
    return draft.state_updates === "significant" && !heartbeatValid(draft.heartbeat_minutes);
  }

  /** The names (or ids) of what the stored settings name but Home Assistant no longer has. */
  private stale(settings: SiteSettings): string[] {
    const users = new Set(this.users.map((u) => u.id));
    const areas = new Set(this.areas.map((a) => a.area_id));
    const named = [...settings.power_users, ...Object.keys(settings.user_areas)];
    return [
      ...new Set([
        ...named.filter((id) => !users.has(id)),
        ...Object.values(settings.user_areas)
          .flat()
          .filter((id) => !areas.has(id)),
      ]),
    ];
  }

  /** Whether the draft changes anything (dropping what no longer exists is not a change of the admin's). */
  private get dirty(): boolean {
    if (!this.draft || !this.saved) return false;
    return JSON.stringify(this.payload(this.draft)) !== JSON.stringify(this.payload(this.saved));
  }

  private edit(draft: SiteSettings): void {
    this.draft = draft;
    this.justSaved = false;
    this.saveError = null;
  }

  private setPower(userId: string, on: boolean): void {
    if (!this.draft) return;
    const others = this.draft.power_users.filter((id) => id !== userId);
    this.edit({ ...this.draft, power_users: on ? [...others, userId] : others });
  }

  private setAreas(userId: string, areas: string[]): void {
    if (!this.draft) return;
    const userAreas = { ...this.draft.user_areas };
    if (areas.length) userAreas[userId] = areas;
    else delete userAreas[userId];
    this.edit({ ...this.draft, user_areas: userAreas });
  }

  private toggleArea(userId: string, areaId: string, on: boolean): void {
    const now = this.draft?.user_areas[userId] ?? [];
    this.setAreas(userId, on ? [...now.filter((a) => a !== areaId), areaId] : now.filter((a) => a !== areaId));
  }

  /** The schedule as the page shows it: the draft's, or the default. */
  private rows(): readonly TariffChange[] {
    return this.draft?.tariff ?? DEFAULT_TARIFF;
  }

  /** The schedule changed (an edit of the default makes it the site's own). */
  private setTariff(rows: TariffChange[] | null): void {
    if (!this.draft) return;
    this.edit({ ...this.draft, tariff: rows });
  }

  private editRow(index: number, change: Partial<TariffChange>): void {
    this.setTariff(this.rows().map((row, i) => (i === index ? { ...row, ...change } : { ...row })));
  }

  private addRow(): void {
    const rows = this.rows().map((row) => ({ ...row }));
    const last = minuteOf(rows[rows.length - 1]?.start ?? "");
    const start = Number.isNaN(last) ? 0 : Math.min(MINUTES_PER_DAY - 1, last + 60);
    rows.push({ start: hhmm(rows.length ? start : 0), period: "flat" });
    this.setTariff(rows);
  }

  private removeRow(index: number): void {
    this.setTariff(this.rows().filter((_, i) => i !== index).map((row) => ({ ...row })));
  }

  private async save(): Promise<void> {
    if (!this.draft || this.saving) return;
    if (this.draft.tariff && tariffProblem(this.draft.tariff)) return;
    if (this.heartbeatProblem(this.draft)) return;
    this.saving = true;
    this.saveError = null;
    try {
      const answer = await saveSettings(this.hass, this.payload(this.draft));
      this.saved = normalized(answer);
      this.draft = this.saved;
      this.justSaved = true;
      this.picking = null;
    } catch (err) {
      this.saveError = await errorText(this.hass, err);
    }
    this.saving = false;
  }

  private discard(): void {
    if (!this.saved) return;
    this.edit(this.saved);
    this.picking = null;
  }

  protected override render() {
    const lang = this.language;
    if (!this.hass.user?.is_admin) return html`<p class="empty card">${t(lang, "settings_admin_only")}</p>`;
    const notice = this.renderNotice();
    if (this.loadError !== null) {
      return html`${notice}
        <div class="banner" role="alert">
          <span>${t(lang, "settings_load_error", { message: this.loadError })}</span>
          <button class="btn" @click=${() => void this.load()}>${t(lang, "retry")}</button>
        </div>`;
    }
    const draft = this.draft;
    if (!draft || !this.saved) return html`${notice}<p class="empty" role="status">${t(lang, "loading")}</p>`;
    const users = this.choosable();
    const stale = this.stale(this.saved);
    const dirty = this.dirty;
    // Saving without a change drops what no longer exists.
    const problem = draft.tariff ? tariffProblem(draft.tariff) : null;
    const heartbeatProblem = this.heartbeatProblem(draft);
    const canSave = (dirty || stale.length > 0) && !this.saving && !problem && !heartbeatProblem;
    // A heartbeat typed wrong is not in the payload (the saved one stands in), but it is an
    // edit the page offers to discard.
    const edited = dirty || heartbeatProblem;
    return html`
      ${notice}
      <section class="card users">
        <h2>${t(lang, "users_heading")}</h2>
        <p class="secondary hint">${t(lang, "users_hint")}</p>
        ${
          users.length === 0
            ? html`<p class="empty">${t(lang, "no_users")}</p>`
            : html`<div class="table" role="table" aria-label=${t(lang, "users_heading")}>
                <div class="row header" role="row">
                  <span role="columnheader">${t(lang, "col_user")}</span>
                  <span role="columnheader">${t(lang, "col_can_power")}</span>
                  <span role="columnheader">${t(lang, "col_areas")}</span>
                </div>
                ${users.map((user) => this.renderUser(user, draft))}
              </div>`
        }
        ${stale.length ? html`<p class="stale secondary">${t(lang, "settings_stale", { names: listOf(lang, stale) })}</p>` : nothing}
      </section>
      ${this.renderTariff(draft, problem)}
      ${this.renderStateUpdates(draft, heartbeatProblem)}
      <div class="bar ${edited ? "dirty" : ""}">
        <span class="status" role="status">
          ${
            this.saveError !== null
              ? html`<span class="error">${t(lang, "save_error", { message: this.saveError })}</span>`
              : problem
                ? html`<span class="error">${t(lang, "tariff_invalid")}</span>`
              : heartbeatProblem
                ? html`<span class="error">${t(lang, "heartbeat_invalid")}</span>`
              : this.justSaved && !dirty
                ? html`<span class="ok">${checkIcon}${t(lang, "saved")}</span>`
                : dirty
                  ? t(lang, "unsaved")
                  : nothing
          }
        </span>
        <button class="btn" ?disabled=${!edited || this.saving} @click=${this.discard}>${t(lang, "discard")}</button>
        <button class="btn primary" ?disabled=${!canSave} @click=${() => void this.save()}>
          ${t(lang, this.saving ? "saving" : "save")}
        </button>
      </div>
    `;
  }

  private renderTariff(draft: SiteSettings, problem: [MessageKey, Record<string, string>] | null): TemplateResult {
    const lang = this.language;
    const rows = this.rows();
    const custom = draft.tariff !== null;
    // The bar: each period from its start to the next (the last to midnight); before the first, the last's.
    const minutes = rows.map((row) => minuteOf(row.start));
    const segments: [TariffPeriod, number, number][] = [];
    // An invalid schedule is not drawn (its message says what to fix).
    if (!problem && rows.length) {
      const order = rows.map((row, i) => [minutes[i], row.period] as const).sort((a, b) => a[0] - b[0]);
      if (order[0][0] > 0) segments.push([order[order.length - 1][1], 0, order[0][0]]);
      order.forEach(([from, period], i) => {
        const to = i + 1 < order.length ? order[i + 1][0] : MINUTES_PER_DAY;
        if (to > from) segments.push([period, from, to]);
      });
    }
    return html`<section class="card tariff">
      <h2>${t(lang, "tariff_heading")}</h2>
      <p class="secondary hint">${t(lang, "tariff_hint")}</p>
      <p class="tariff-state">
        <span class="tag ${custom ? "own" : ""}">${t(lang, custom ? "tariff_custom" : "tariff_default_used")}</span>
      </p>
      <div class="day" role="img" aria-label=${t(lang, "tariff_bar")}>
        <div class="segments">
          ${segments.map(
            ([period, from, to]) => html`<span
              class=${period}
              style="flex-grow: ${to - from}"
              title="${hhmm(from)}–${hhmm(to === MINUTES_PER_DAY ? 0 : to)} ${t(lang, `period_${period}`)}"
            ></span>`,
          )}
        </div>
        <div class="hours" aria-hidden="true">
          ${[0, 6, 12, 18, 24].map((h) => html`<span style="left: ${(h / 24) * 100}%">${h}</span>`)}
        </div>
      </div>
      <ul class="legend" aria-hidden="true">
        ${TARIFF_PERIODS.map((p) => html`<li><span class="swatch ${p}"></span>${t(lang, `period_${p}`)}</li>`)}
      </ul>
      <div class="changes" role="table" aria-label=${t(lang, "tariff_heading")}>
        <div class="change header" role="row">
          <span role="columnheader">${t(lang, "tariff_start")}</span>
          <span role="columnheader">${t(lang, "tariff_period")}</span>
          <span></span>
        </div>
        ${rows.map(
          (row, i) => html`<div class="change" role="row">
            <span role="cell">
              <input
                type="time"
                step="60"
                required
                .value=${row.start}
                aria-label=${t(lang, "tariff_start_of", { row: i + 1 })}
                aria-invalid=${problem !== null && problem[1].row === String(i + 1)}
                @change=${(e: Event) => this.editRow(i, { start: (e.target as HTMLInputElement).value })}
              />
            </span>
            <span role="cell" class="period">
              <span class="swatch ${row.period}"></span>
              <select
                aria-label=${t(lang, "tariff_period_of", { row: i + 1 })}
                @change=${(e: Event) =>
                  this.editRow(i, { period: (e.target as HTMLSelectElement).value as TariffPeriod })}
              >
                ${TARIFF_PERIODS.map(
                  (p) => html`<option value=${p} ?selected=${p === row.period}>${t(lang, `period_${p}`)}</option>`,
                )}
              </select>
            </span>
            <span role="cell">
              <button
                class="btn small"
                aria-label=${t(lang, "tariff_remove", { start: row.start || "?" })}
                ?disabled=${rows.length <= 1}
                @click=${() => this.removeRow(i)}
              >
                ×
              </button>
            </span>
          </div>`,
        )}
      </div>
      ${problem ? html`<p class="error problem" role="alert">${t(lang, problem[0], problem[1])}</p>` : nothing}
      <div class="tariff-actions">
        <button class="btn small" ?disabled=${rows.length >= 48} @click=${this.addRow}>${t(lang, "tariff_add")}</button>
        <button class="btn small" ?disabled=${!custom} @click=${() => this.setTariff(null)}>
          ${t(lang, "tariff_use_default")}
        </button>
      </div>
    </section>`;
  }

  private setStateUpdates(value: StateUpdates): void {
    if (this.draft) this.edit({ ...this.draft, state_updates: value });
  }

  /** The heartbeat as typed: an empty or unfinished number is NaN (Save is then refused). */
  private setHeartbeat(text: string): void {
    if (this.draft) this.edit({ ...this.draft, heartbeat_minutes: text.trim() === "" ? NaN : Number(text) });
  }

  private renderStateUpdates(draft: SiteSettings, heartbeatProblem: boolean): TemplateResult {
    const lang = this.language;
    const significant = draft.state_updates === "significant";
    const minutes = draft.heartbeat_minutes;
    const [low, high] = HEARTBEAT_RANGE;
    return html`<section class="card updates">
      <h2 id="updates-heading">${t(lang, "updates_heading")}</h2>
      <p class="secondary hint">${t(lang, "updates_hint")}</p>
      <div class="choices" role="radiogroup" aria-labelledby="updates-heading">
        ${STATE_UPDATES.map(
          (value) => html`<label class="check">
            <input
              type="radio"
              name="state_updates"
              .value=${value}
              .checked=${live(draft.state_updates === value)}
              aria-describedby=${value === "significant" ? "significant-hint" : nothing}
              @change=${() => this.setStateUpdates(value)}
            />
            <span class="choice-name">${t(lang, `updates_${value}`)}</span>
          </label>`,
        )}
        <p class="secondary choice-hint" id="significant-hint">${t(lang, "updates_significant_hint")}</p>
      </div>
      <div class="significant ${significant ? "" : "off"}">
        <div class="heartbeat">
          <label for="heartbeat">${t(lang, "heartbeat")}</label>
          <input
            id="heartbeat"
            type="number"
            inputmode="numeric"
            min=${low}
            max=${high}
            step="1"
            required
            .value=${live(Number.isNaN(minutes) ? "" : String(minutes))}
            ?disabled=${!significant}
            aria-invalid=${heartbeatProblem}
            aria-describedby="heartbeat-unit"
            @input=${(e: Event) => this.setHeartbeat((e.target as HTMLInputElement).value)}
          />
          <span class="secondary" id="heartbeat-unit">${t(lang, "heartbeat_unit", { low, high })}</span>
        </div>
        ${
          heartbeatProblem
            ? html`<p class="error problem" role="alert">${t(lang, "heartbeat_problem", { low, high })}</p>`
            : nothing
        }
        <p class="bands-title">${t(lang, "bands_heading")}</p>
        <dl class="bands">
          ${BANDS.map(
            ([name, step, share]) => html`<div>
              <dt>${name(lang)}</dt>
              <dd>${share ? t(lang, "band_or_share", { step, share }) : step}</dd>
            </div>`,
          )}
        </dl>
        <p class="secondary bands-note">${t(lang, "bands_note")}</p>
      </div>
      <p class="never">${infoIcon}<span>${t(lang, "updates_never")}</span></p>
    </section>`;
  }

  private renderNotice(): TemplateResult {
    const lang = this.language;
    return html`<section class="card notice" role="note">
      ${infoIcon}
      <div>
        <h2>${t(lang, "settings_notice_title")}</h2>
        <p>${t(lang, "settings_notice")}</p>
        <p>
          ${t(lang, "settings_units")}
          <a href=${UNITS_DOC} target="_blank" rel="noopener">${t(lang, "settings_units_link")}</a>
        </p>
      </div>
    </section>`;
  }

  private renderUser(user: HaUser, draft: SiteSettings): TemplateResult {
    const lang = this.language;
    const chosen = new Set(draft.user_areas[user.id] ?? []);
    const names = this.areas.filter((a) => chosen.has(a.area_id));
    const picking = this.picking === user.id;
    return html`
      <div class="row" role="row">
        <span class="user" role="cell">
          <span class="name">${user.name}</span>
          ${user.username ? html`<span class="secondary username">${user.username}</span>` : nothing}
          ${user.is_active ? nothing : html`<span class="tag">${t(lang, "user_inactive")}</span>`}
        </span>
        <span role="cell">
          <label class="check">
            <input
              type="checkbox"
              .checked=${draft.power_users.includes(user.id)}
              @change=${(e: Event) => this.setPower(user.id, (e.target as HTMLInputElement).checked)}
            />
            <span>${t(lang, this.compact ? "col_can_power" : "can_power")}</span>
          </label>
        </span>
        <span class="areas" role="cell">
          ${
            names.length
              ? names.map(
                  (area) => html`<span class="area-chip"
                    >${area.name}<button
                      class="remove"
                      aria-label=${t(lang, "remove_area", { area: area.name })}
                      @click=${() => this.toggleArea(user.id, area.area_id, false)}
                    >
                      ×
                    </button></span
                  >`,
                )
              : html`<span class="secondary all">${t(lang, "all_areas")}</span>`
          }
          <button
            class="btn small"
            aria-expanded=${picking}
            ?disabled=${this.areas.length === 0}
            @click=${() => {
              this.picking = picking ? null : user.id;
              this.areaFilter = "";
            }}
          >
            ${t(lang, picking ? "done" : "choose_areas")}
          </button>
        </span>
      </div>
      ${picking ? this.renderPicker(user, chosen) : nothing}
    `;
  }

  private renderPicker(user: HaUser, chosen: Set<string>): TemplateResult {
    const lang = this.language;
    const filter = this.areaFilter.trim().toLocaleLowerCase();
    const areas = this.areas.filter((a) => !filter || a.name.toLocaleLowerCase().includes(filter));
    return html`<div class="picker" role="group" aria-label=${t(lang, "choose_areas_for", { user: user.name })}>
      <div class="picker-head">
        <label class="search">
          ${searchIcon}
          <input
            type="search"
            .value=${this.areaFilter}
            placeholder=${t(lang, "filter_areas")}
            aria-label=${t(lang, "filter_areas")}
            @input=${(e: Event) => (this.areaFilter = (e.target as HTMLInputElement).value)}
          />
        </label>
        <button class="btn small" ?disabled=${chosen.size === 0} @click=${() => this.setAreas(user.id, [])}>
          ${t(lang, "clear_areas")}
        </button>
      </div>
      <p class="secondary hint">
        ${
          chosen.size === 0
            ? t(lang, "areas_none_chosen")
            : chosen.size === 1
              ? t(lang, "areas_chosen_one")
              : t(lang, "areas_chosen", { count: chosen.size })
        }
      </p>
      ${
        areas.length
          ? html`<div class="area-grid">
              ${areas.map(
                (area) => html`<label class="check">
                  <input
                    type="checkbox"
                    .checked=${chosen.has(area.area_id)}
                    @change=${(e: Event) =>
                      this.toggleArea(user.id, area.area_id, (e.target as HTMLInputElement).checked)}
                  />
                  <span>${area.name}</span>
                </label>`,
              )}
            </div>`
          : html`<p class="secondary">${t(lang, "no_area_match")}</p>`
      }
    </div>`;
  }

  static override styles = [
    shared,
    searchStyles,
    periodStyles,
    css`
      .day {
        margin: 8px 0 4px;
        max-width: 640px;
      }
      .segments {
        display: flex;
        height: 14px;
        border-radius: 4px;
        background: var(--divider-color, #e0e0e0);
        overflow: hidden;
      }
      .hours {
        position: relative;
        height: 16px;
        font-size: 0.75rem;
        color: var(--secondary-text-color, #727272);
      }
      .hours span {
        position: absolute;
        top: 2px;
        transform: translateX(-50%);
      }
      .hours span:first-child {
        transform: none;
      }
      .hours span:last-child {
        transform: translateX(-100%);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 14px;
        margin: 4px 0 8px;
        padding: 0;
        list-style: none;
        font-size: 0.85rem;
      }
      .legend li,
      .period {
        display: inline-flex;
        align-items: center;
        gap: 6px;
      }
      .swatch {
        display: inline-block;
        flex: none;
        width: 10px;
        height: 10px;
        border-radius: 2px;
      }
      .tariff-state {
        margin: 4px 0;
      }
      .tag.own {
        color: var(--primary-color, #03a9f4);
        border-color: var(--primary-color, #03a9f4);
      }
      .changes {
        display: flex;
        flex-direction: column;
        max-width: 420px;
      }
      .change {
        display: grid;
        grid-template-columns: 130px 1fr 44px;
        align-items: center;
        gap: 8px;
        padding: 4px 0;
      }
      .change.header {
        font-size: 0.85rem;
        color: var(--secondary-text-color, #727272);
      }
      .change input,
      .change select {
        min-height: 36px;
        box-sizing: border-box;
        padding: 0 8px;
        border: 1px solid var(--divider-color, #e0e0e0);
        border-radius: 6px;
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        font: inherit;
      }
      .change select {
        flex: 1;
        min-width: 0;
      }
      .change input[aria-invalid="true"] {
        border-color: var(--error-color, #db4437);
      }
      .problem {
        margin-top: 8px;
      }
      .tariff-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: 8px;
      }
      .choices {
        display: flex;
        flex-direction: column;
      }
      .choice-name {
        font-weight: 500;
      }
      .choice-hint {
        margin: -6px 0 0 26px;
        font-size: 0.875rem;
      }
      .significant {
        margin: 10px 0 0 26px;
        padding-left: 12px;
        border-left: 2px solid var(--divider-color, #e0e0e0);
      }
      .significant.off {
        opacity: 0.6;
      }
      .heartbeat {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
      .heartbeat label {
        font-weight: 500;
      }
      .heartbeat input {
        width: 88px;
        min-height: 36px;
      }
      .heartbeat input[aria-invalid="true"] {
        border-color: var(--error-color, #db4437);
      }
      .bands-title {
        margin-top: 12px;
        font-size: 0.85rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      .bands {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
        gap: 2px 16px;
        max-width: 820px;
        margin: 4px 0 0;
        font-size: 0.875rem;
      }
      .bands div {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        padding: 3px 0;
        border-bottom: 1px solid var(--divider-color, #e0e0e0);
      }
      .bands dt {
        color: var(--secondary-text-color, #727272);
      }
      .bands dd {
        margin: 0;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .bands-note {
        margin-top: 4px;
        font-size: 0.8rem;
      }
      .never {
        display: flex;
        gap: 8px;
        align-items: flex-start;
        margin-top: 12px;
        font-size: 0.9rem;
      }
      .never .icon {
        color: var(--primary-color, #03a9f4);
      }
      :host([compact]) .significant {
        margin-left: 8px;
        padding-left: 10px;
      }
      :host([compact]) .bands {
        grid-template-columns: 1fr 1fr;
        column-gap: 12px;
        font-size: 0.8rem;
      }
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      section {
        padding: 16px;
      }
      h2 {
        margin: 0 0 4px;
        font-size: 1.1rem;
        font-weight: 500;
      }
      p {
        margin: 0;
      }
      .notice {
        display: flex;
        gap: 12px;
        align-items: flex-start;
        border-left: 6px solid var(--warning-color, #ffa600);
        background: color-mix(in srgb, var(--warning-color, #ffa600) 9%, var(--card-background-color, #fff));
      }
      .notice > .icon {
        width: 24px;
        height: 24px;
        color: var(--warning-color, #ffa600);
        margin-top: 2px;
      }
      .notice p + p {
        margin-top: 8px;
      }
      .notice a {
        color: var(--primary-color, #03a9f4);
      }
      .hint {
        font-size: 0.9rem;
        margin-bottom: 8px;
      }
      .table {
        display: flex;
        flex-direction: column;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(160px, 1fr) minmax(150px, 0.8fr) minmax(240px, 2fr);
        align-items: center;
        gap: 8px 16px;
        padding: 10px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .row.header {
        border-top: none;
        padding: 4px 0;
        font-size: 0.85rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      .user {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 2px 8px;
      }
      .name {
        font-weight: 500;
      }
      .username {
        font-size: 0.85rem;
      }
      .tag {
        padding: 0 6px;
        border-radius: 8px;
        font-size: 0.75rem;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 10%, transparent);
      }
      .check {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        min-height: 36px;
        cursor: pointer;
      }
      .check input {
        min-height: 0;
        width: 18px;
        height: 18px;
        margin: 0;
        accent-color: var(--primary-color, #03a9f4);
      }
      .areas {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
      }
      .area-chip {
        display: inline-flex;
        align-items: center;
        gap: 2px;
        padding: 0 2px 0 10px;
        border-radius: 14px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 10%, transparent);
        font-size: 0.875rem;
        line-height: 26px;
      }
      .remove {
        width: 24px;
        height: 24px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: var(--secondary-text-color, #727272);
        font-size: 1.1rem;
        line-height: 1;
      }
      .remove:hover {
        background: color-mix(in srgb, var(--primary-text-color, #212121) 10%, transparent);
      }
      .all {
        font-style: italic;
      }
      .btn.small {
        min-height: 32px;
        padding: 0 12px;
        font-size: 0.875rem;
      }
      .areas .btn.small {
        margin-left: auto;
      }
      .picker {
        margin: 0 0 10px;
        padding: 12px;
        border-radius: 8px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 4%, transparent);
      }
      .picker-head {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin-bottom: 8px;
      }
      .search {
        flex: 1 1 220px;
        padding-left: 10px;
      }
      .area-grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
        gap: 0 12px;
        max-height: 320px;
        overflow-y: auto;
      }
      .stale {
        margin-top: 12px;
        font-size: 0.875rem;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: flex-end;
        gap: 8px;
        padding: 10px 16px;
        border-radius: var(--sp-radius);
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--card-background-color, #fff);
      }
      /* Changes not saved yet: the bar stays in sight. */
      .bar.dirty {
        position: sticky;
        bottom: 8px;
        border-color: var(--primary-color, #03a9f4);
        box-shadow: 0 -2px 8px rgba(0, 0, 0, 0.08);
      }
      .status {
        flex: 1;
        min-width: 0;
        font-weight: 500;
      }
      .ok {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        color: var(--sp-normal);
      }
      :host([compact]) .row {
        grid-template-columns: 1fr;
        gap: 4px;
      }
      :host([compact]) .row.header {
        display: none;
      }
      :host([compact]) .areas .btn.small {
        margin-left: 0;
      }
      :host([compact]) .bar {
        padding: 8px 12px;
      }
      :host([compact]) .status {
        flex-basis: 100%;
      }
      :host([compact]) .bar .btn {
        flex: 1;
      }
    `,
  ];
}

if (!customElements.get("safe-power-settings")) customElements.define("safe-power-settings", SafePowerSettings);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-settings": SafePowerSettings;
  }
}
