// What the dashboard cards share: the fleet, one alarm subscription per card, the config check,
// Home Assistant's card frame, and the entry in the card picker (`window.customCards`).
import {
  LitElement,
  css,
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from "lit";
import { AlarmFeed, errorMessage, fetchFleet, type Fleet, type FleetBox, type HomeAssistant } from "./api";
import { documentLanguage, languageOf, t, type Lang, type MessageKey } from "./i18n";
import { hassChanged } from "./model";

/** Where the panel is: the cards' links open its views. */
export const PANEL_PATH = "/safe-power";

interface CustomCard {
  type: string;
  name: string;
  description: string;
  preview: boolean;
}

declare global {
  interface Window {
    customCards?: CustomCard[];
  }
}

/** Offer a card in the dashboard's card picker (once, however often the bundle is loaded). */
export function registerCard(type: string, name: MessageKey, description: MessageKey): void {
  const lang = documentLanguage();
  const cards = (window.customCards ??= []);
  if (!cards.some((card) => card.type === type)) {
    cards.push({ type, name: t(lang, name), description: t(lang, description), preview: true });
  }
}

/** Throws a card's configuration error: Home Assistant shows the message in place of the card. */
export type ConfigFail = (key: MessageKey, params?: Record<string, string>) => never;

export const configError =
  (card: MessageKey): ConfigFail =>
  (key, params) => {
    const lang = documentLanguage();
    throw new Error(t(lang, "labelled", { label: t(lang, card), value: t(lang, key, params) }));
  };

/** A configuration's keys (Home Assistant adds its own, such as `type` and `grid_options`). */
export function configRecord(config: unknown, fail: ConfigFail): Record<string, unknown> {
  if (typeof config !== "object" || config === null || Array.isArray(config)) fail("card_bad_config");
  return config as Record<string, unknown>;
}

/** A value as the YAML had it, for an error message. */
export const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

export abstract class SafePowerCard<Config> extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    config: { state: true },
    fleet: { state: true },
    fleetError: { state: true },
    feedError: { state: true },
  };

  hass?: HomeAssistant;
  /** The card's alarm subscription: its lists follow it. */
  readonly feed = new AlarmFeed();
  /** The configuration, checked (`setConfig`). */
  config?: Config;
  protected fleet?: Fleet;
  protected fleetError: string | null = null;
  protected feedError: string | null = null;
  private started = false;

  /** Home Assistant's call with the card's YAML: check it, throw what is wrong. */
  setConfig(config: unknown): void {
    this.config = this.check(config);
  }

  protected abstract check(config: unknown): Config;

  /** The boxes whose entities the card shows: a change to another entity does not render it. */
  protected abstract watched(fleet: Fleet): readonly FleetBox[];

  protected get language(): Lang {
    return this.hass ? languageOf(this.hass) : documentLanguage();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hass && !this.started) this.start(this.hass);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.feed.stop();
    this.started = false;
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const old = changed.get("hass");
    const { hass, fleet } = this;
    if (changed.size !== 1 || !old || !hass || !fleet) return true;
    return hassChanged(old, hass, this.watched(fleet));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.hass && !this.started) this.start(this.hass);
  }

  private start(hass: HomeAssistant): void {
    this.started = true;
    this.feedError = null;
    this.feed.start(hass).catch((err: unknown) => {
      this.feedError = errorMessage(err);
    });
    void this.loadFleet(hass);
  }

  private async loadFleet(hass: HomeAssistant): Promise<void> {
    this.fleetError = null;
    try {
      this.fleet = await fetchFleet(hass);
    } catch (err) {
      this.fleetError = errorMessage(err);
    }
  }

  /** The card's frame, with what keeps it from showing its content: no fleet yet, or an error. */
  protected frame(content: (hass: HomeAssistant, fleet: Fleet) => TemplateResult): TemplateResult {
    const { hass, fleet, language: lang } = this;
    return html`
      <ha-card>
        ${this.feedError ? html`<div class="banner" role="alert">${t(lang, "feed_error", { message: this.feedError })}</div>` : nothing}
        ${
          this.fleetError !== null
            ? html`<div class="banner" role="alert">
                <span>${t(lang, "fleet_error", { message: this.fleetError })}</span>
                <button class="btn" @click=${() => hass && this.loadFleet(hass)}>${t(lang, "retry")}</button>
              </div>`
            : hass && fleet
              ? content(hass, fleet)
              : html`<p class="empty" role="status">${t(lang, "loading")}</p>`
        }
      </ha-card>
    `;
  }

  static cardStyles = css`
    :host {
      display: block;
    }
    ha-card {
      display: flex;
      flex-direction: column;
      gap: 12px;
      height: 100%;
      padding: 16px;
      background: var(--ha-card-background, var(--card-background-color, #fff));
      border-radius: var(--ha-card-border-radius, 12px);
      border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
      box-shadow: var(--ha-card-box-shadow, none);
    }
    .header {
      display: flex;
      align-items: center;
      gap: 8px 12px;
      flex-wrap: wrap;
    }
    .header h2 {
      flex: 1;
      margin: 0;
      font-size: var(--ha-card-header-font-size, 1.25rem);
      font-weight: 400;
      color: var(--ha-card-header-color, var(--primary-text-color, #212121));
    }
    .header a {
      color: inherit;
      text-decoration: none;
    }
    .header a:hover {
      text-decoration: underline;
    }
    .open-panel {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 40px;
      height: 40px;
      border-radius: 50%;
      color: var(--secondary-text-color, #727272);
    }
    .open-panel:hover {
      background: color-mix(in srgb, var(--primary-text-color, #212121) 6%, transparent);
    }
  `;
}
