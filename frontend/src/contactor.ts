// A box's contactor: closed or open, and (for who may cut power) the button that switches it,
// asking first. On a box's page and on the box card.
import { LitElement, css, html, nothing, type PropertyDeclarations } from "lit";
import { errorText, setContactor, type FleetBox, type HomeAssistant } from "./api";
import "./dialog";
import type { ConfirmRequest } from "./dialog";
import { t, type Lang } from "./i18n";
import { powerIcon } from "./icons";
import { boxDetails, stateWords } from "./parts";
import { shared } from "./styles";

export class SafePowerContactor extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    box: { attribute: false },
    canPower: { attribute: false },
    framed: { type: Boolean, reflect: true },
    compact: { type: Boolean, reflect: true },
    confirm: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  box!: FleetBox;
  /** The user may switch power (the fleet's `can_power`). */
  canPower = false;
  /** A card of its own (a box's page), rather than a row of a card. */
  framed = false;
  /** The button under the state, full width (a phone). */
  compact = false;
  private confirm?: ConfirmRequest;

  protected override render() {
    const { box, language: lang } = this;
    const entityId = box.entities.contactor;
    if (entityId === undefined) return nothing;
    const state = this.hass.states[entityId]?.state;
    const known = state === "on" || state === "off";
    return html`
      <div class="contactor ${state === "off" ? "power_off" : "normal"} ${this.framed ? "card" : ""}">
        ${powerIcon}
        <div class="what">
          <div class="secondary">${t(lang, "contactor")}</div>
          <div class="state">
            ${known ? t(lang, state === "on" ? "contactor_on" : "contactor_off") : stateWords(lang, state)}
          </div>
        </div>
        ${
          this.canPower && known
            ? html`<button
                class="btn ${state === "on" ? "danger" : "primary"}"
                @click=${() => this.ask(entityId, state === "off")}
              >
                ${powerIcon}${t(lang, state === "on" ? "power_off" : "power_on")}
              </button>`
            : nothing
        }
      </div>
      <safe-power-confirm
        .language=${lang}
        .request=${this.confirm}
        @closed=${() => (this.confirm = undefined)}
      ></safe-power-confirm>
    `;
  }

  private ask(entityId: string, on: boolean): void {
    const { box, language: lang } = this;
    this.confirm = {
      heading: t(lang, on ? "power_on_title" : "power_title"),
      body: t(lang, on ? "power_on_body" : "power_body", { box: box.name }),
      details: boxDetails(lang, box),
      confirm: t(lang, on ? "power_on" : "power_off"),
      run: async () => {
        try {
          await setContactor(this.hass, entityId, on);
        } catch (err) {
          const error = await errorText(this.hass, err);
          throw new Error(t(lang, on ? "power_on_error" : "power_error", { error }));
        }
        return t(lang, on ? "power_on_done" : "power_done");
      },
    };
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .contactor {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
        border-left: 6px solid var(--sp-color);
        padding: 8px 0 8px 12px;
      }
      :host([framed]) .contactor {
        padding: 16px;
      }
      .contactor > .icon {
        width: 28px;
        height: 28px;
        color: var(--sp-color);
      }
      .what {
        flex: 1;
        min-width: 130px;
      }
      .state {
        font-size: 1.1rem;
        font-weight: 500;
      }
      :host([compact]) .btn {
        width: 100%;
      }
    `,
  ];
}

if (!customElements.get("safe-power-contactor"))
  customElements.define("safe-power-contactor", SafePowerContactor);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-contactor": SafePowerContactor;
  }
}
