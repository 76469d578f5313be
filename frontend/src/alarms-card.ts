// The dashboard card `custom:safe-power-alarms-card`: the panel's alarm list with fixed filters,
// acknowledging and cutting power as in the panel.
//   state: active (default) | acknowledged | all
//   limit: how many alarms at a time, 1–100 (default 5)
//   area_id: only the alarms of the boxes in this area
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { Fleet, FleetBox, HomeAssistant } from "./api";
import "./alarms";
import type { AlarmPreset } from "./alarms";
import { PANEL_PATH, SafePowerCard, configError, configRecord, registerCard, shown, type ConfigFail } from "./card";
import { t } from "./i18n";
import { openIcon } from "./icons";
import { followLink } from "./parts";
import { shared } from "./styles";

const CARD_STATES = ["active", "acknowledged", "all"] as const;
type CardState = (typeof CARD_STATES)[number];
const DEFAULT_LIMIT = 5;

export interface AlarmsCardConfig {
  state: CardState;
  limit: number;
  area_id?: string;
}

export class SafePowerAlarmsCard extends SafePowerCard<AlarmsCardConfig> {
  /** The list's filters, a new object only when the configuration changes (the list reads again). */
  private preset?: AlarmPreset;

  static getStubConfig(): Omit<AlarmsCardConfig, "area_id"> {
    return { state: "active", limit: DEFAULT_LIMIT };
  }

  protected check(config: unknown): AlarmsCardConfig {
    const fail: ConfigFail = configError("card_alarms_name");
    const { state = "active", limit = DEFAULT_LIMIT, area_id: areaId } = configRecord(config, fail);
    if (!CARD_STATES.some((s) => s === state)) fail("card_bad_state", { value: shown(state) });
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      fail("card_bad_limit", { value: shown(limit) });
    }
    if (areaId !== undefined && (typeof areaId !== "string" || areaId === "")) {
      fail("card_bad_area", { value: shown(areaId) });
    }
    return { state: state as CardState, limit, ...(areaId !== undefined && { area_id: areaId }) };
  }

  /** Its lists show the boxes' contactors (power off is offered while one is closed). */
  protected watched(fleet: Fleet): readonly FleetBox[] {
    return fleet.boxes;
  }

  /** Rows of 50 px, for the dashboard's masonry layout: a header and a few alarms. */
  getCardSize(): number {
    return 1 + 3 * Math.min(this.config?.limit ?? DEFAULT_LIMIT, 3);
  }

  /** The sections view: the full width, as the alarm list needs room. */
  getGridOptions(): { columns: number; min_columns: number } {
    return { columns: 12, min_columns: 6 };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const config = this.config;
    if (changed.has("config") && config) {
      this.preset = { state: config.state, areaId: config.area_id ?? "", limit: config.limit };
    }
  }

  protected override render() {
    const { config, preset } = this;
    if (!config || !preset) return nothing;
    return this.frame((hass, fleet) => this.renderList(hass, fleet, config, preset));
  }

  private renderList(
    hass: HomeAssistant,
    fleet: Fleet,
    config: AlarmsCardConfig,
    preset: AlarmPreset,
  ): TemplateResult {
    const lang = this.language;
    const area = config.area_id;
    const areaName = area === undefined ? null : (fleet.boxes.find((b) => b.area_id === area)?.area ?? area);
    const href = `${PANEL_PATH}/alarms`;
    return html`
      <div class="header">
        <h2>${t(lang, "card_alarms_name")}</h2>
        <span class="secondary">
          ${[t(lang, config.state === "all" ? "all_states" : `alarm_${config.state}`), areaName]
            .filter((s) => s)
            .join(" · ")}
        </span>
        <a class="open-panel" href=${href} @click=${followLink(href)} title=${t(lang, "open_panel")} aria-label=${t(lang, "open_panel")}
          >${openIcon}</a
        >
      </div>
      <safe-power-alarms
        .hass=${hass}
        .language=${lang}
        .fleet=${fleet}
        .feed=${this.feed}
        .preset=${preset}
        .basePath=${PANEL_PATH}
        compact
      ></safe-power-alarms>
    `;
  }

  static override styles = [shared, SafePowerCard.cardStyles];
}

if (!customElements.get("safe-power-alarms-card")) {
  customElements.define("safe-power-alarms-card", SafePowerAlarmsCard);
}
registerCard("safe-power-alarms-card", "card_alarms_name", "card_alarms_description");

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-alarms-card": SafePowerAlarmsCard;
  }
}
