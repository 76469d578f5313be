// A modal that asks before a power command, runs it, and shows what came of it.
import { LitElement, css, html, nothing, type PropertyDeclarations, type PropertyValues } from "lit";
import { errorMessage } from "./api";
import { t, type Lang } from "./i18n";
import { checkIcon, powerIcon } from "./icons";
import { shared } from "./styles";

export interface ConfirmRequest {
  heading: string;
  body: string;
  /** Where and why: the box's place, the alarm. */
  details: string[];
  confirm: string;
  /** Runs the command: resolves with the success text, rejects with the failure. */
  run: () => Promise<string>;
}

type Outcome = { ok: true; text: string } | { ok: false; text: string };

export class SafePowerConfirm extends LitElement {
  static override properties: PropertyDeclarations = {
    language: { attribute: false },
    request: { attribute: false },
    busy: { state: true },
    outcome: { state: true },
  };

  language: Lang = "en";
  request?: ConfirmRequest;
  private busy = false;
  private outcome?: Outcome;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("request")) {
      this.busy = false;
      this.outcome = undefined;
    }
  }

  protected override updated(): void {
    const dialog = this.renderRoot.querySelector("dialog");
    if (this.request && dialog && !dialog.open) dialog.showModal();
  }

  private async run(): Promise<void> {
    const request = this.request;
    if (!request || this.busy) return;
    this.busy = true;
    try {
      this.outcome = { ok: true, text: await request.run() };
    } catch (err) {
      this.outcome = { ok: false, text: errorMessage(err) };
    }
    this.busy = false;
  }

  private close(): void {
    if (this.busy) return;
    this.renderRoot.querySelector("dialog")?.close();
    this.dispatchEvent(new CustomEvent("closed"));
  }

  private onCancel(event: Event): void {
    // Escape: the same as Close, but never while the command runs.
    event.preventDefault();
    this.close();
  }

  protected override render() {
    const request = this.request;
    if (!request) return nothing;
    const lang = this.language;
    const outcome = this.outcome;
    return html`
      <dialog aria-labelledby="heading" @cancel=${this.onCancel}>
        <h2 id="heading">${powerIcon}<span>${request.heading}</span></h2>
        <p>${request.body}</p>
        <ul>
          ${request.details.map((line) => html`<li>${line}</li>`)}
        </ul>
        ${
          outcome
            ? html`<p class="outcome ${outcome.ok ? "ok" : "failed"}" role="status">
                ${outcome.ok ? checkIcon : nothing}<span>${outcome.text}</span>
              </p>`
            : nothing
        }
        <div class="buttons">
          ${
            outcome
              ? html`<button class="btn primary" @click=${this.close}>${t(lang, "close")}</button>`
              : html`
                  <button class="btn" ?disabled=${this.busy} @click=${this.close}>
                    ${t(lang, "cancel")}
                  </button>
                  <button class="btn danger" ?disabled=${this.busy} @click=${this.run}>
                    ${this.busy ? t(lang, "working") : request.confirm}
                  </button>
                `
          }
        </div>
      </dialog>
    `;
  }

  static override styles = [
    shared,
    css`
      dialog {
        width: min(460px, calc(100vw - 32px));
        padding: 24px;
        border: none;
        border-radius: var(--sp-radius);
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
      }
      h2 {
        display: flex;
        align-items: center;
        gap: 10px;
        margin: 0 0 12px;
        font-size: 1.25rem;
        font-weight: 500;
      }
      h2 .icon {
        width: 26px;
        height: 26px;
        color: var(--sp-alarm);
      }
      p {
        margin: 0 0 12px;
        line-height: 1.45;
      }
      ul {
        margin: 0 0 16px;
        padding-left: 20px;
        line-height: 1.6;
        font-weight: 500;
      }
      .outcome {
        display: flex;
        gap: 8px;
        align-items: flex-start;
        padding: 12px;
        border-radius: 8px;
        font-weight: 500;
      }
      .outcome.ok {
        border: 1px solid var(--sp-normal);
        background: color-mix(in srgb, var(--sp-normal) 14%, transparent);
      }
      .outcome.failed {
        border: 2px solid var(--sp-alarm);
        background: color-mix(in srgb, var(--sp-alarm) 14%, transparent);
        color: var(--sp-alarm);
        font-size: 1.05rem;
      }
      .outcome .icon {
        color: var(--sp-normal);
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        flex-wrap: wrap;
      }
    `,
  ];
}

if (!customElements.get("safe-power-confirm")) customElements.define("safe-power-confirm", SafePowerConfirm);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-confirm": SafePowerConfirm;
  }
}
