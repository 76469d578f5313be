// A box's page: where it is, its state, its contactor, every live value, its history, its alarms.
import { LitElement, css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import {
  ENTITY_KEYS,
  subscribeBoxSettings,
  type AlarmFeed,
  type AlarmRecord,
  type BoxSettings,
  type Fleet,
  type FleetBox,
  type HomeAssistant,
  type Unsubscribe,
} from "./api";
import "./alarms";
import "./box-history";
import "./contactor";
import { formatQuantity, localeOf } from "./format";
import { causeName, entityName, floorName, listOf, measurementName, t, type Lang, type MessageKey } from "./i18n";
import { openIcon } from "./icons";
import { type Reading, alarmKeys, alarmsOn, boxState, entityState, inKilowatts, measurementKeys, reading } from "./model";
import { followLink, stateChip, stateWords } from "./parts";
import { shared } from "./styles";

/** The known keys first, in the order of `ENTITY_KEYS`; any other key after them by name. */
function entityOrder(a: string, b: string): number {
  const rank = (key: string): number => {
    const i = (ENTITY_KEYS as readonly string[]).indexOf(key);
    return i < 0 ? ENTITY_KEYS.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

export class SafePowerBox extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    fleet: { attribute: false },
    box: { attribute: false },
    open: { attribute: false },
    feed: { attribute: false },
    compact: { type: Boolean, reflect: true },
    basePath: { attribute: false },
    settings: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  fleet!: Fleet;
  box!: FleetBox;
  /** The box's open alarms. */
  open: AlarmRecord[] = [];
  feed?: AlarmFeed;
  compact = false;
  basePath = "";
  /** The box's alarm settings as it reports them now (`safe_power/subscribe_box_settings`). */
  private settings?: BoxSettings;
  private subscription?: Promise<Unsubscribe>;
  /** The device the subscription is for. */
  private subscribed = "";

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hass && this.box) this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unfollow();
  }

  protected override updated(): void {
    // Another box shown in this page, or the first render: the one shown is followed.
    if (this.isConnected && this.box.device_id !== this.subscribed) this.follow();
  }

  /** Follow this box's settings (and no longer another's). */
  private follow(): void {
    this.unfollow();
    const deviceId = (this.subscribed = this.box.device_id);
    this.subscription = subscribeBoxSettings(this.hass, deviceId, (settings) => {
      if (deviceId === this.subscribed) this.settings = settings;
    });
    // Refused (a box removed meanwhile): the settings read with the fleet stay on show.
    this.subscription.catch(() => undefined);
  }

  private unfollow(): void {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.subscribed = "";
    this.settings = undefined;
    // Closing fails only when the connection is gone, and the subscription with it.
    subscription?.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  protected override render() {
    const { box, language: lang } = this;
    const state = boxState(this.hass, box, this.open);
    const devicePage = `/config/devices/device/${encodeURIComponent(box.device_id)}`;
    const facts: [MessageKey, string | null][] = [
      ["building", box.building],
      ["area", box.area],
      ["floor", box.floor ?? (box.level !== null ? floorName(lang, box.level) : null)],
      ["location", box.location],
      ["serial", box.serial],
      ["transport", t(lang, `transport_${box.transport}`)],
    ];
    return html`
      <section class="card head">
        <div class="title">
          <h1>${box.name}</h1>
          ${stateChip(lang, state)}
        </div>
        <dl class="facts">
          ${facts
            .filter((fact): fact is [MessageKey, string] => fact[1] !== null)
            .map(
              ([label, value]) =>
                html`<div>
                  <dt class="secondary">${t(lang, label)}</dt>
                  <dd>${value}</dd>
                </div>`,
            )}
        </dl>
        <a class="btn" href=${devicePage} @click=${followLink(devicePage)}>${openIcon}${t(lang, "open_device")}</a>
      </section>
      ${
        box.entities.contactor !== undefined
          ? html`<safe-power-contactor
              .hass=${this.hass}
              .language=${lang}
              .box=${box}
              .canPower=${this.fleet.can_power}
              framed
              ?compact=${this.compact}
            ></safe-power-contactor>`
          : nothing
      }
      <section class="card">
        <h2>${t(lang, "live_values")}</h2>
        <dl class="values">${this.renderValues()}</dl>
      </section>
      ${this.renderSettings()}
      <safe-power-history
        .hass=${this.hass}
        .language=${lang}
        .box=${box}
        .settings=${this.settings}
        ?compact=${this.compact}
      ></safe-power-history>
      <h2 class="alarms-heading">${t(lang, "alarms_heading")}</h2>
      <safe-power-alarms
        .hass=${this.hass}
        .language=${lang}
        .fleet=${this.fleet}
        .feed=${this.feed}
        .deviceId=${box.device_id}
        .basePath=${this.basePath}
        ?compact=${this.compact}
      ></safe-power-alarms>
    `;
  }

  /** Connectivity, the alarm sensors in one, then every measurement and setting of the box. */
  private renderValues(): TemplateResult[] {
    const { box, hass, language: lang } = this;
    const connectivity = entityState(hass, box, "connectivity");
    const alarms = alarmKeys(box);
    // The detector's active alarms: its binary sensors that are on, and from the register the
    // causes whose binary sensor is not enabled (supply-quality causes are off by default).
    const on = [
      ...new Set([
        ...alarmsOn(hass, box),
        ...this.open
          .filter((a) => a.state === "active" && a.origin === "device" && !box.entities[`alarm_${a.cause}`])
          .map((a) => `alarm_${a.cause}`),
      ]),
    ];
    const rest = [...(box.entities.active_alarms ? ["active_alarms"] : []), ...measurementKeys(box)];
    return [
      ...(box.entities.connectivity
        ? [
            this.renderValue(
              entityName(lang, "connectivity"),
              connectivity === "on" || connectivity === "off"
                ? t(lang, connectivity === "on" ? "online" : "state_offline")
                : stateWords(lang, connectivity),
              connectivity === "off",
            ),
          ]
        : []),
      ...(alarms.length
        ? [
            this.renderValue(
              entityName(lang, "alarm"),
              on.length
                ? listOf(
                    lang,
                    on.map((key) => (key === "alarm" ? t(lang, "alarm_on") : causeName(lang, key.slice(6)))),
                  )
                : alarms.some((key) => entityState(hass, box, key) === "off")
                  ? t(lang, "alarm_off")
                  : stateWords(lang, entityState(hass, box, alarms[0])),
              on.length > 0,
            ),
          ]
        : []),
      ...rest.sort(entityOrder).map((key) => {
        const entity = hass.states[box.entities[key] ?? ""];
        const measured = inKilowatts(reading(hass, box, key));
        return this.renderValue(
          measurementName(lang, key) ?? entity?.attributes.friendly_name ?? key,
          measured
            ? formatQuantity(localeOf(hass), measured.value, measured.unit, measured.digits)
            : stateWords(lang, entity?.state),
          false,
        );
      }),
    ];
  }

  /**
   * The detector's alarm settings: from their number entities where enabled (with the decimals the
   * user gave them), else as the box reports them (the number entities are off by default; the
   * device page turns them on to change a setting). Both are live.
   */
  private renderSettings(): TemplateResult | typeof nothing {
    const { box, hass, language: lang } = this;
    const settings = this.settings ?? box.settings;
    const keys = (ENTITY_KEYS as readonly string[]).filter(
      (key) => settings?.[key] !== undefined || (/_(threshold|delay)$/.test(key) && box.entities[key]),
    );
    if (!keys.length) return nothing;
    return html`<section class="card">
      <h2>${t(lang, "alarm_settings")}</h2>
      <dl class="values">
        ${keys.map((key) => {
          const live = reading(hass, box, key);
          const setting = settings?.[key];
          const shown: Reading | undefined =
            live ?? (setting ? { value: setting.value, unit: setting.unit ?? undefined } : undefined);
          return this.renderValue(
            measurementName(lang, key) ?? key,
            shown
              ? formatQuantity(localeOf(hass), shown.value, shown.unit, shown.digits)
              : stateWords(lang, entityState(hass, box, key)),
            false,
          );
        })}
      </dl>
    </section>`;
  }

  private renderValue(label: string, text: string, flagged: boolean): TemplateResult {
    return html`<div class=${flagged ? "flagged" : ""}>
      <dt class="secondary">${label}</dt>
      <dd>${text}</dd>
    </div>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      section {
        padding: 16px;
      }
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
      }
      h1 {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 500;
      }
      h2 {
        margin: 0 0 12px;
        font-size: 1.1rem;
        font-weight: 500;
      }
      .alarms-heading {
        margin: 12px 0 0;
      }
      dl {
        margin: 0;
      }
      dd {
        margin: 0;
        font-weight: 500;
      }
      dt {
        font-size: 0.8rem;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 32px;
        margin: 12px 0 16px;
      }
      .head a.btn {
        text-decoration: none;
      }
      .values {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 12px 16px;
      }
      .values > div {
        padding: 8px 10px;
        border-radius: 8px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 4%, transparent);
      }
      .values dd {
        font-size: 1.15rem;
      }
      .values .flagged {
        background: color-mix(in srgb, var(--sp-alarm) 14%, transparent);
      }
      :host([compact]) .values {
        grid-template-columns: repeat(2, 1fr);
      }
    `,
  ];
}

if (!customElements.get("safe-power-box")) customElements.define("safe-power-box", SafePowerBox);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-box": SafePowerBox;
  }
}
