// Overview: the counts (which filter), a search, and every box by site, building, floor and area.
import { LitElement, css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import { guard } from "lit/directives/guard.js";
import type { AlarmRecord, Fleet, FleetBox, HomeAssistant } from "./api";
import { causeName, listOf, t, type Lang } from "./i18n";
import { STATE_ICONS, searchIcon } from "./icons";
import {
  BOX_STATES,
  CABLE_TEMPERATURES,
  PHASE_CURRENTS,
  POWER_KEYS,
  boxState,
  groupBySite,
  matchesSearch,
  type BoxState,
  type BuildingGroup,
  type FloorGroup,
} from "./model";
import { floorLabel, followLink, keyFigures, stateChip } from "./parts";
import { figureStyles, searchStyles, shared } from "./styles";

/** The entities a tile shows figures of: a tile is drawn again only when one of them changes. */
const TILE_KEYS = [...PHASE_CURRENTS, "leakage_current", ...CABLE_TEMPERATURES, ...POWER_KEYS];
const NO_ALARMS: AlarmRecord[] = [];

/** The counts at the top, in this order; `normal` is not one: "Boxes" shows them all. */
const COUNTED: readonly BoxState[] = BOX_STATES.filter((s) => s !== "normal");

export class SafePowerOverview extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    fleet: { attribute: false },
    open: { attribute: false },
    basePath: { attribute: false },
    filter: { state: true },
    search: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  fleet!: Fleet;
  /** Open alarms by device id. */
  open = new Map<string, AlarmRecord[]>();
  /** The panel's URL prefix, for the boxes' links. */
  basePath = "";
  private filter: BoxState | null = null;
  private search = "";

  protected override render() {
    const { language: lang, fleet } = this;
    if (fleet.boxes.length === 0) return html`<p class="empty card">${t(lang, "no_boxes")}</p>`;
    const states = new Map(
      fleet.boxes.map((box) => [box.device_id, boxState(this.hass, box, this.open.get(box.device_id) ?? [])]),
    );
    const count = (state: BoxState): number => [...states.values()].filter((s) => s === state).length;
    const search = this.search.trim();
    const visible = fleet.boxes.filter(
      (box) =>
        (this.filter === null || states.get(box.device_id) === this.filter) &&
        (search === "" || matchesSearch(box, search)),
    );
    return html`
      <div class="counts" role="group">
        <button class="count" aria-pressed=${this.filter === null} @click=${() => (this.filter = null)}>
          <span class="number">${fleet.boxes.length}</span>
          <span class="label">${t(lang, "count_boxes")}</span>
        </button>
        ${COUNTED.map(
          (state) => html`
            <button
              class="count ${state}"
              aria-pressed=${this.filter === state}
              @click=${() => (this.filter = this.filter === state ? null : state)}
            >
              <span class="number">${count(state)}</span>
              <span class="label">${STATE_ICONS[state]}${t(lang, `state_${state}`)}</span>
            </button>
          `,
        )}
      </div>
      <label class="search">
        ${searchIcon}
        <input
          type="search"
          .value=${this.search}
          placeholder=${t(lang, "search")}
          aria-label=${t(lang, "search")}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
        />
      </label>
      ${
        visible.length === 0
          ? html`<p class="empty card">
              ${t(lang, "no_match")}
              <button class="btn" @click=${this.showAll}>${t(lang, "show_all")}</button>
            </p>`
          : this.renderSites(visible, states)
      }
    `;
  }

  /**
   * Sites, buildings, floors and areas: a site's heading only when there are several, buildings'
   * headings only when a box names its building.
   */
  private renderSites(boxes: readonly FleetBox[], states: Map<string, BoxState>): TemplateResult[] {
    const sites = groupBySite(boxes);
    const named = boxes.some((box) => box.building !== null);
    const buildings = (site: (typeof sites)[number]): TemplateResult[] =>
      site.buildings.map((building) =>
        named
          ? this.renderBuilding(building, states)
          : html`${building.floors.map((floor) => this.renderFloor(floor, states))}`,
      );
    if (sites.length === 1) return buildings(sites[0]!);
    return sites.map(
      (site) => html`<section class="site">
        <h2 class="site-name">${site.name}</h2>
        ${buildings(site)}
      </section>`,
    );
  }

  private renderBuilding(building: BuildingGroup, states: Map<string, BoxState>): TemplateResult {
    const count = building.floors.reduce((n, f) => n + f.areas.reduce((m, a) => m + a.boxes.length, 0), 0);
    return html`<section class="building">
      <h2 class="building-name">
        ${building.name ?? t(this.language, "no_building")}
        <span class="building-count">
          ${count === 1 ? t(this.language, "box_count_one") : t(this.language, "box_count", { count })}
        </span>
      </h2>
      ${building.floors.map((floor) => this.renderFloor(floor, states))}
    </section>`;
  }

  private showAll(): void {
    this.filter = null;
    this.search = "";
  }

  private renderFloor(floor: FloorGroup, states: Map<string, BoxState>): TemplateResult {
    return html`
      <section>
        <h3 class="floor-name">${floorLabel(this.language, floor)}</h3>
        <div class="areas">
          ${floor.areas.map(
            (area) => html`
              <div class="area" style="--boxes: ${Math.min(area.boxes.length, 4)}">
                <h4>${area.name ?? t(this.language, "no_area")}</h4>
                <div class="tiles">
                  ${area.boxes.map((box) => this.guardedTile(box, states.get(box.device_id) ?? "normal"))}
                </div>
              </div>
            `,
          )}
        </div>
      </section>
    `;
  }

  /** A tile, drawn again only when what it shows changed (with 500 boxes, one changes at a time). */
  private guardedTile(box: FleetBox, state: BoxState) {
    const { hass } = this;
    const open = this.open.get(box.device_id) ?? NO_ALARMS;
    const deps: unknown[] = [box, state, open, this.language, this.basePath, hass.locale, hass.language];
    for (const key of TILE_KEYS) {
      const id = box.entities[key];
      if (id !== undefined) deps.push(hass.states[id]);
    }
    return guard(deps, () => this.renderTile(box, state, open));
  }

  private renderTile(box: FleetBox, state: BoxState, open: readonly AlarmRecord[]): TemplateResult {
    const { hass, language: lang } = this;
    const href = `${this.basePath}/box/${encodeURIComponent(box.device_id)}`;
    const causes = [...new Set(open.map((a) => causeName(lang, a.cause)))];
    return html`
      <a class="tile card ${state}" href=${href} @click=${followLink(href)}>
        <div class="head">
          <span class="name">${box.name}</span>
          ${stateChip(lang, state)}
        </div>
        ${box.location ? html`<div class="secondary place">${box.location}</div>` : nothing}
        ${keyFigures(hass, lang, box)}
        ${
          open.length
            ? html`<div class="alarms ${state === "alarm" ? "active" : ""}">
                ${t(lang, "open_alarms", { count: open.length })} · ${listOf(lang, causes)}
              </div>`
            : nothing
        }
      </a>
    `;
  }

  static override styles = [
    shared,
    figureStyles,
    searchStyles,
    css`
      :host {
        display: block;
      }
      .counts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
        gap: 8px;
      }
      .count {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 2px;
        min-height: 64px;
        padding: 8px 14px;
        border-radius: var(--sp-radius);
        border: 1px solid var(--divider-color, #e0e0e0);
        border-left: 6px solid var(--sp-color, var(--primary-color, #03a9f4));
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        text-align: left;
      }
      .count[aria-pressed="true"] {
        background: color-mix(
          in srgb,
          var(--sp-color, var(--primary-color, #03a9f4)) 18%,
          var(--card-background-color, #fff)
        );
        border-color: var(--sp-color, var(--primary-color, #03a9f4));
      }
      .count .number {
        font-size: 1.6rem;
        font-weight: 500;
        line-height: 1.2;
      }
      .count .label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-size: 0.875rem;
        color: var(--secondary-text-color, #727272);
      }
      .count .label .icon {
        width: 16px;
        height: 16px;
        color: var(--sp-color);
      }
      .search {
        margin: 16px 0 4px;
        padding-left: 12px;
      }
      .site-name {
        margin: 32px 0 0;
        padding-bottom: 4px;
        font-size: 1.5rem;
        font-weight: 400;
        border-bottom: 2px solid var(--divider-color, #e0e0e0);
      }
      .building-name {
        display: flex;
        align-items: baseline;
        gap: 12px;
        margin: 28px 0 0;
        font-size: 1.35rem;
        font-weight: 500;
      }
      .building-count {
        font-size: 0.875rem;
        font-weight: 400;
        color: var(--secondary-text-color, #727272);
      }
      .floor-name {
        margin: 24px 0 0;
        font-size: 1.25rem;
        font-weight: 500;
      }
      .building .floor-name {
        margin-top: 16px;
        font-size: 1.1rem;
      }
      h4 {
        margin: 12px 0 8px;
        font-size: 0.95rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      /* Small areas side by side: each as wide as its tiles (up to four), wrapping as needed. */
      .areas {
        display: flex;
        flex-wrap: wrap;
        gap: 0 24px;
      }
      .area {
        flex: 1 1 calc(var(--boxes) * 272px);
        min-width: min(100%, 260px);
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
        gap: 12px;
      }
      .tile {
        display: block;
        padding: 12px 14px;
        border-left: 6px solid var(--sp-color);
        color: inherit;
        text-decoration: none;
      }
      .tile:hover {
        border-color: var(--sp-color);
      }
      .tile.alarm {
        border-color: var(--sp-alarm);
        animation: pulse 1.6s ease-out infinite;
      }
      @keyframes pulse {
        0% {
          box-shadow: 0 0 0 0 color-mix(in srgb, var(--sp-alarm) 70%, transparent);
        }
        100% {
          box-shadow: 0 0 0 10px transparent;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .tile.alarm {
          animation: none;
          box-shadow: 0 0 0 2px var(--sp-alarm);
        }
      }
      .head {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px;
      }
      .name {
        font-weight: 500;
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      .place {
        margin-top: 2px;
        font-size: 0.875rem;
      }
      .alarms {
        margin-top: 8px;
        font-size: 0.875rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      .alarms.active {
        color: var(--sp-alarm);
      }
    `,
  ];
}

if (!customElements.get("safe-power-overview"))
  customElements.define("safe-power-overview", SafePowerOverview);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-overview": SafePowerOverview;
  }
}
