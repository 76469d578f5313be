// The Reports tab: the management report of a period for all boxes, an area or chosen boxes,
// made by the `safe_power.report` action; its main figures here, its printable page and its CSV
// behind two buttons (the files the action saved, by their signed links).
import { LitElement, css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import {
  REPORT_KINDS,
  TARIFF_PERIODS,
  errorMessage,
  makeReport,
  type Fleet,
  type HomeAssistant,
  type Report,
  type ReportKind,
  type ReportRequest,
} from "./api";
import { addDays, formatMinute, formatNumber, formatQuantity, localNow, localeOf, zonedIso } from "./format";
import { LANGUAGE_NAMES, causeName, t, type Lang, type MessageKey } from "./i18n";
import { downloadIcon, openIcon } from "./icons";
import { periodStyles, shared } from "./styles";

type Scope = "all" | "area" | "boxes";
const SCOPES: readonly Scope[] = ["all", "area", "boxes"];

interface Form {
  kind: ReportKind;
  /** A day of the day, month or year: YYYY-MM-DD. */
  date: string;
  /** A custom period, as `datetime-local` inputs hold it (Home Assistant's time zone). */
  start: string;
  end: string;
  scope: Scope;
  areaId: string;
  deviceIds: string[];
  language: Lang;
}

const DATE_LABELS: Record<Exclude<ReportKind, "custom">, MessageKey> = {
  day: "report_date_day",
  month: "report_date_month",
  year: "report_date_year",
};

/** The last form and report, kept while the page is open: leaving the tab does not lose them. */
let kept: { form: Form; report: Report | null } | undefined;

export class SafePowerReports extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    fleet: { attribute: false },
    form: { state: true },
    running: { state: true },
    error: { state: true },
    report: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  fleet!: Fleet;
  private form?: Form;
  private running = false;
  private error: string | null = null;
  private report: Report | null = null;

  protected override willUpdate(): void {
    if (this.form) return;
    const now = localNow(this.hass);
    const today = now.slice(0, 10);
    this.form = kept?.form ?? {
      kind: "month",
      date: today,
      start: `${addDays(today, -7)}T00:00`,
      end: `${now.slice(0, 13)}:00`,
      scope: "all",
      areaId: this.areas()[0]?.[0] ?? "",
      deviceIds: [],
      language: this.language,
    };
    this.report = kept?.report ?? null;
  }

  /** The areas of the fleet's boxes: [id, name], by name. */
  private areas(): [string, string][] {
    const areas = new Map<string, string>();
    for (const box of this.fleet.boxes) {
      if (box.area_id !== null) areas.set(box.area_id, box.area ?? box.area_id);
    }
    return [...areas].sort((a, b) => a[1].localeCompare(b[1]));
  }

  private set<K extends keyof Form>(name: K, value: Form[K]): void {
    if (!this.form) return;
    this.form = { ...this.form, [name]: value };
    kept = { form: this.form, report: this.report };
  }

  private toggleBox(deviceId: string, on: boolean): void {
    const ids = this.form?.deviceIds ?? [];
    this.set("deviceIds", on ? [...ids, deviceId] : ids.filter((id) => id !== deviceId));
  }

  /** What is wrong with the form, or null when a report can be made of it. */
  private problem(form: Form): MessageKey | null {
    if (form.kind === "custom" && !(form.start && form.end && form.end > form.start)) return "report_bad_range";
    if (form.scope === "boxes" && form.deviceIds.length === 0) return "report_pick_boxes";
    return null;
  }

  private request(form: Form): ReportRequest {
    const known = new Set(this.fleet.boxes.map((b) => b.device_id));
    return {
      period: form.kind,
      date: form.date || localNow(this.hass).slice(0, 10),
      ...(form.kind === "custom" && {
        start: zonedIso(this.hass, form.start),
        end: zonedIso(this.hass, form.end),
      }),
      ...(form.scope === "area" && { area_id: [form.areaId] }),
      ...(form.scope === "boxes" && { device_id: form.deviceIds.filter((id) => known.has(id)) }),
      language: form.language,
      save: true,
    };
  }

  private async run(): Promise<void> {
    const form = this.form;
    if (!form || this.running || this.problem(form) !== null) return;
    this.running = true;
    this.error = null;
    this.report = null;
    try {
      this.report = await makeReport(this.hass, this.request(form));
      kept = { form, report: this.report };
    } catch (err) {
      this.error = errorMessage(err);
    }
    this.running = false;
  }

  protected override render() {
    const form = this.form;
    if (!form) return nothing;
    const lang = this.language;
    const problem = this.problem(form);
    return html`
      <section class="card form">
        <div class="fields">
          ${this.select(
            t(lang, "report_period"),
            REPORT_KINDS.map((kind) => [kind, t(lang, `report_${kind}`)]),
            form.kind,
            (kind) => this.set("kind", kind),
          )}
          ${form.kind === "custom" ? this.renderRange(form) : this.renderDate(form, form.kind)}
          ${this.select(
            t(lang, "report_scope"),
            SCOPES.filter((scope) => scope !== "area" || this.areas().length > 0).map((scope) => [
              scope,
              t(lang, `scope_${scope}`),
            ]),
            form.scope,
            (scope) => this.set("scope", scope),
          )}
          ${
            form.scope === "area"
              ? this.select(t(lang, "area"), this.areas(), form.areaId, (id) => this.set("areaId", id))
              : nothing
          }
          ${this.select(
            t(lang, "report_language"),
            (Object.keys(LANGUAGE_NAMES) as Lang[]).map((l) => [l, LANGUAGE_NAMES[l]]),
            form.language,
            (l) => this.set("language", l),
          )}
        </div>
        ${form.scope === "boxes" ? this.renderBoxes(form) : nothing}
        <div class="actions">
          ${problem ? html`<span class="problem">${t(lang, problem)}</span>` : nothing}
          <button class="btn primary" ?disabled=${this.running || problem !== null} @click=${this.run}>
            ${t(lang, this.running ? "making_report" : "make_report")}
          </button>
        </div>
        ${
          this.running
            ? html`<div class="progress" role="status">
                <div class="bar"><span></span></div>
                <span class="secondary">${t(lang, "report_slow")}</span>
              </div>`
            : nothing
        }
      </section>
      ${this.error ? html`<div class="banner" role="alert">${t(lang, "report_error", { message: this.error })}</div>` : nothing}
      ${this.report && !this.running ? this.renderReport(this.report) : nothing}
    `;
  }

  private select<V extends string>(
    label: string,
    options: [V, string][],
    value: V,
    change: (value: V) => void,
  ): TemplateResult {
    return html`
      <label>
        <span class="secondary">${label}</span>
        <select @change=${(e: Event) => change(options[(e.target as HTMLSelectElement).selectedIndex][0])}>
          ${options.map(([v, text]) => html`<option ?selected=${v === value}>${text}</option>`)}
        </select>
      </label>
    `;
  }

  private renderDate(form: Form, kind: Exclude<ReportKind, "custom">): TemplateResult {
    return html`
      <label>
        <span class="secondary">${t(this.language, DATE_LABELS[kind])}</span>
        <input
          type="date"
          required
          .value=${form.date}
          max=${localNow(this.hass).slice(0, 10)}
          @change=${(e: Event) => this.set("date", (e.target as HTMLInputElement).value)}
        />
      </label>
    `;
  }

  private renderRange(form: Form): TemplateResult {
    const input = (name: "start" | "end"): TemplateResult => html`
      <label>
        <span class="secondary">${t(this.language, `report_${name}`)}</span>
        <input
          type="datetime-local"
          required
          .value=${form[name]}
          @change=${(e: Event) => this.set(name, (e.target as HTMLInputElement).value)}
        />
      </label>
    `;
    return html`${input("start")}${input("end")}`;
  }

  private renderBoxes(form: Form): TemplateResult {
    const boxes = [...this.fleet.boxes].sort((a, b) => a.name.localeCompare(b.name));
    return html`
      <fieldset class="boxes">
        <legend class="secondary">${t(this.language, "scope_boxes")}</legend>
        ${boxes.map(
          (box) => html`
            <label class="box">
              <input
                type="checkbox"
                .checked=${form.deviceIds.includes(box.device_id)}
                @change=${(e: Event) => this.toggleBox(box.device_id, (e.target as HTMLInputElement).checked)}
              />
              <span>${box.name}${box.area ? html` <span class="secondary">· ${box.area}</span>` : nothing}</span>
            </label>
          `,
        )}
      </fieldset>
    `;
  }

  private renderReport(report: Report): TemplateResult {
    const lang = this.language;
    const { summary, scope, files } = report;
    return html`
      <section class="result">
        <div class="result-head">
          <div>
            <h2>${t(lang, "report_title", { label: report.period.label })}</h2>
            <div class="secondary">
              ${[t(lang, "report_scope_count", { count: scope.boxes }), ...scope.areas].join(" · ")}
            </div>
          </div>
          <div class="files">
            ${
              files?.html
                ? html`<a class="btn primary" href=${files.html} target="_blank" rel="noopener"
                    >${openIcon}${t(lang, "open_printable")}</a
                  >`
                : nothing
            }
            ${files?.csv ? html`<a class="btn" href=${files.csv} download>${downloadIcon}${t(lang, "download_csv")}</a>` : nothing}
          </div>
        </div>
        ${files?.html || files?.csv ? nothing : html`<p class="secondary">${t(lang, "report_no_files")}</p>`}
        ${
          summary.has_data
            ? html`<div class="tiles">
                  ${this.renderEnergy(report)} ${this.renderDemand(report)} ${this.renderQualification(report)}
                  ${this.renderAlarms(report)}
                </div>
                ${this.renderCauses(report)}`
            : html`<p class="empty card">${t(lang, "report_no_data")}</p>`
        }
      </section>
    `;
  }

  private tile(
    label: MessageKey,
    value: string | null,
    body: TemplateResult | typeof nothing = nothing,
  ): TemplateResult {
    return html`
      <div class="tile card ${label}">
        <div class="secondary">${t(this.language, label)}</div>
        <div class="figure ${value === null ? "none" : ""}">${value ?? t(this.language, "no_data")}</div>
        ${body}
      </div>
    `;
  }

  private renderEnergy({ summary }: Report): TemplateResult {
    const locale = localeOf(this.hass);
    // A year's megawatt-hours need no tenths.
    const kwh = (value: number): string => formatQuantity(locale, value, "kWh", value >= 1000 ? 0 : 1);
    const parts = TARIFF_PERIODS.map((p) => [p, summary.by_period[p]] as const).filter(
      (part): part is readonly [(typeof TARIFF_PERIODS)[number], number] => part[1] !== undefined,
    );
    const total = parts.reduce((sum, [, value]) => sum + value, 0);
    return this.tile(
      "fig_energy",
      summary.energy === null ? null : kwh(summary.energy),
      total > 0
        ? html`
            <div class="split" aria-hidden="true">
              ${parts.map(([p, value]) => html`<span class=${p} style="flex-grow: ${value / total}"></span>`)}
            </div>
            <ul class="legend">
              ${parts.map(
                ([p, value]) => html`<li>
                  <span class="swatch ${p}"></span>${t(this.language, `period_${p}`)}
                  <strong>${kwh(value)}</strong>
                  <span class="secondary">${formatNumber(locale, (value / total) * 100, 0)}%</span>
                </li>`,
              )}
            </ul>
          `
        : nothing,
    );
  }

  private renderDemand({ summary }: Report): TemplateResult {
    const demand = summary.max_demand;
    return this.tile(
      "fig_max_demand",
      demand === null ? null : formatQuantity(localeOf(this.hass), demand.kw, "kW"),
      demand === null
        ? nothing
        : html`<div class="secondary">${t(this.language, "demand_at", { time: formatMinute(this.hass, demand.at) })}</div>`,
    );
  }

  private renderQualification({ summary }: Report): TemplateResult {
    const rate = summary.qualification_mean;
    return this.tile(
      "fig_qualification",
      rate === null ? null : `${formatNumber(localeOf(this.hass), rate, 2)}%`,
    );
  }

  private renderAlarms({ summary, alarms }: Report): TemplateResult {
    const lang = this.language;
    const worst = summary.worst_box;
    const lines = [
      ...(alarms.open ? [t(lang, "alarms_open", { count: alarms.open })] : []),
      ...(alarms.unacknowledged ? [t(lang, "alarms_unacknowledged", { count: alarms.unacknowledged })] : []),
    ];
    return this.tile(
      "fig_alarms",
      String(summary.alarms),
      html`
        ${lines.length ? html`<div class=${alarms.open ? "open" : "secondary"}>${lines.join(" · ")}</div>` : nothing}
        ${
          worst && worst.alarms > 0
            ? html`<div class="secondary">${t(lang, "worst_box", { box: worst.name, count: worst.alarms })}</div>`
            : nothing
        }
        ${
          summary.covered_alarms
            ? html`<div class="secondary small">${t(lang, "alarms_covered", { count: summary.covered_alarms })}</div>`
            : nothing
        }
      `,
    );
  }

  private renderCauses({ alarms }: Report): TemplateResult {
    const lang = this.language;
    const most = Math.max(1, ...alarms.by_cause.map((c) => c.count));
    return html`
      <section class="card causes">
        <h3>${t(lang, "by_cause")}</h3>
        ${
          alarms.by_cause.length === 0
            ? html`<p class="secondary">${t(lang, "no_report_alarms")}</p>`
            : html`<ul>
                ${alarms.by_cause.map(
                  (cause) => html`<li>
                    <span class="name">${causeName(lang, cause.key)}</span>
                    <span class="bar"><span style="width: ${(cause.count / most) * 100}%"></span></span>
                    <strong>${cause.count}</strong>
                  </li>`,
                )}
              </ul>`
        }
      </section>
    `;
  }

  static override styles = [
    shared,
    periodStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 16px;
      }
      .form {
        padding: 16px;
      }
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 12px 16px;
        align-items: flex-end;
      }
      .fields label {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 0.8rem;
      }
      .fields select,
      .fields input {
        font-size: 0.95rem;
        min-width: 150px;
      }
      .boxes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
        gap: 2px 16px;
        max-height: 240px;
        overflow-y: auto;
        margin: 16px 0 0;
        padding: 8px 12px;
        border: 1px solid var(--divider-color, #e0e0e0);
        border-radius: 8px;
      }
      .boxes legend {
        padding: 0 4px;
        font-size: 0.8rem;
      }
      .box {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: 36px;
      }
      .box input {
        min-height: 0;
        width: 18px;
        height: 18px;
        margin: 0;
        accent-color: var(--primary-color, #03a9f4);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: flex-end;
        gap: 8px 16px;
        margin-top: 16px;
      }
      .problem {
        color: var(--sp-alarm);
        font-weight: 500;
      }
      .progress {
        display: flex;
        flex-direction: column;
        gap: 6px;
        margin-top: 12px;
      }
      .progress .bar {
        position: relative;
        height: 4px;
        overflow: hidden;
        border-radius: 2px;
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 20%, transparent);
      }
      .progress .bar span {
        position: absolute;
        inset: 0 auto 0 0;
        width: 35%;
        background: var(--primary-color, #03a9f4);
        animation: slide 1.4s ease-in-out infinite;
      }
      @keyframes slide {
        from {
          left: -35%;
        }
        to {
          left: 100%;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .progress .bar span {
          animation: none;
          width: 100%;
          opacity: 0.6;
        }
      }
      .result {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .result-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
      }
      h2 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 500;
      }
      h3 {
        margin: 0 0 12px;
        font-size: 1.05rem;
        font-weight: 500;
      }
      .files {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .files a {
        text-decoration: none;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
        gap: 12px;
      }
      .tile {
        display: flex;
        flex-direction: column;
        gap: 4px;
        padding: 14px 16px;
      }
      .figure {
        font-size: 1.75rem;
        font-weight: 500;
        line-height: 1.25;
      }
      .figure.none {
        font-size: 1.1rem;
        color: var(--secondary-text-color, #727272);
      }
      .small {
        font-size: 0.85rem;
      }
      .open {
        color: var(--sp-alarm);
        font-weight: 500;
      }
      .split {
        display: flex;
        height: 10px;
        margin: 6px 0 2px;
        overflow: hidden;
        border-radius: 5px;
      }
      .split span {
        flex-basis: 0;
        min-width: 2px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 14px;
        margin: 4px 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.875rem;
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 5px;
      }
      .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
      }
      .causes {
        padding: 16px;
      }
      .causes p {
        margin: 0;
      }
      .causes ul {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .causes li {
        display: grid;
        grid-template-columns: minmax(120px, 220px) 1fr 3ch;
        align-items: center;
        gap: 12px;
      }
      .causes .bar {
        height: 10px;
        border-radius: 5px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 7%, transparent);
      }
      .causes .bar span {
        display: block;
        height: 100%;
        min-width: 4px;
        border-radius: 5px;
        background: var(--sp-alarm);
      }
      .causes strong {
        text-align: right;
      }
      @media (max-width: 600px) {
        .fields label {
          flex: 1 1 40%;
        }
        .fields select,
        .fields input {
          min-width: 0;
          width: 100%;
        }
        .actions .btn {
          flex: 1;
        }
        .files .btn {
          flex: 1;
        }
        .tiles {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .tile.fig_energy,
        .tile.fig_alarms {
          grid-column: 1 / -1;
        }
        .figure {
          font-size: 1.5rem;
        }
        .causes li {
          grid-template-columns: 1fr 3ch;
          gap: 2px 12px;
        }
        .causes .name {
          grid-column: 1 / -1;
        }
      }
    `,
  ];
}

if (!customElements.get("safe-power-reports")) customElements.define("safe-power-reports", SafePowerReports);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-reports": SafePowerReports;
  }
}
