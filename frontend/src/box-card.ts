// The dashboard card `custom:safe-power-box-card`: one box (`device_id`), its state, key figures,
// contactor and the alarms not yet cleared, with the panel's actions.
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import {
  MAX_LIMIT,
  OPEN_STATES,
  fetchFleet,
  type Fleet,
  type FleetBox,
  type HomeAssistant,
} from "./api";
import "./alarms";
import type { AlarmPreset } from "./alarms";
import { PANEL_PATH, SafePowerCard, configError, configRecord, registerCard, type ConfigFail } from "./card";
import "./contactor";
import { t } from "./i18n";
import { LiveAlarms } from "./live";
import { boxState } from "./model";
import { followLink, keyFigures, placeOf, stateChip } from "./parts";
import { figureStyles, shared } from "./styles";

export interface BoxCardConfig {
  device_id: string;
}

/** The card's list: the box's alarms not cleared, three at a time. */
const PRESET: AlarmPreset = { state: "open", areaId: "", limit: 3 };

export class SafePowerBoxCard extends SafePowerCard<BoxCardConfig> {
  /** The box's open alarms, for its state. */
  private readonly open = new LiveAlarms(this);
  private loadedFor = "";

  /**
   * The card picker's example: the fleet's first box, by name. Without one (no box, or the fleet
   * cannot be read) the config has no `device_id`, and the preview says that it needs one.
   */
  static async getStubConfig(hass: HomeAssistant): Promise<Partial<BoxCardConfig>> {
    try {
      const fleet = await fetchFleet(hass);
      const first = [...fleet.boxes].sort((a, b) => a.name.localeCompare(b.name))[0];
      return first ? { device_id: first.device_id } : {};
    } catch {
      return {};
    }
  }

  protected check(config: unknown): BoxCardConfig {
    const fail: ConfigFail = configError("card_box_name");
    const { device_id: deviceId } = configRecord(config, fail);
    if (typeof deviceId !== "string" || deviceId === "") fail("card_need_device");
    return { device_id: deviceId };
  }

  protected watched(fleet: Fleet): readonly FleetBox[] {
    return fleet.boxes.filter((box) => box.device_id === this.config?.device_id);
  }

  getCardSize(): number {
    return 6;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const deviceId = this.config?.device_id;
    if (this.hass && deviceId !== undefined && deviceId !== this.loadedFor) {
      this.loadedFor = deviceId;
      void this.open.load(this.hass, { device_ids: [deviceId], states: [...OPEN_STATES], limit: MAX_LIMIT });
    }
  }

  protected override render() {
    const config = this.config;
    if (!config) return nothing;
    return this.frame((hass, fleet) => {
      const box = fleet.boxes.find((b) => b.device_id === config.device_id);
      return box
        ? this.renderBox(hass, fleet, box)
        : html`<p class="empty">${t(this.language, "card_no_box", { id: config.device_id })}</p>`;
    });
  }

  private renderBox(hass: HomeAssistant, fleet: Fleet, box: FleetBox): TemplateResult {
    const lang = this.language;
    const href = `${PANEL_PATH}/box/${encodeURIComponent(box.device_id)}`;
    const place = placeOf(box.building, box.area, box.location);
    const open = this.open.total;
    return html`
      <div class="header">
        <h2><a href=${href} @click=${followLink(href)}>${box.name}</a></h2>
        ${stateChip(lang, boxState(hass, box, this.open.alarms))}
      </div>
      ${place ? html`<div class="secondary place">${place}</div>` : nothing}
      ${keyFigures(hass, lang, box)}
      ${
        box.entities.contactor !== undefined
          ? html`<safe-power-contactor
              .hass=${hass}
              .language=${lang}
              .box=${box}
              .canPower=${fleet.can_power}
            ></safe-power-contactor>`
          : nothing
      }
      ${open ? html`<h3>${t(lang, "open_alarms", { count: open })}</h3>` : nothing}
      <safe-power-alarms
        .hass=${hass}
        .language=${lang}
        .fleet=${fleet}
        .feed=${this.feed}
        .deviceId=${box.device_id}
        .preset=${PRESET}
        .basePath=${PANEL_PATH}
        compact
      ></safe-power-alarms>
    `;
  }

  static override styles = [
    shared,
    figureStyles,
    SafePowerCard.cardStyles,
    css`
      .place {
        margin-top: -8px;
        font-size: 0.875rem;
      }
      .figures {
        margin: 0;
      }
      h3 {
        margin: 4px 0 -8px;
        font-size: 0.95rem;
        font-weight: 500;
      }
    `,
  ];
}

if (!customElements.get("safe-power-box-card")) customElements.define("safe-power-box-card", SafePowerBoxCard);
registerCard("safe-power-box-card", "card_box_name", "card_box_description");

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-box-card": SafePowerBoxCard;
  }
}
