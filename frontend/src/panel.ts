// The Safe Power sidebar panel: <safe-power-panel>, given `hass`, `narrow` and `route` by
// Home Assistant (and `panel`, whose `config` is empty: the panel does not read it). Its views
// follow the URL: <prefix> (overview), <prefix>/alarms, <prefix>/plan, <prefix>/reports,
// <prefix>/settings (administrators), <prefix>/box/<device_id>.
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
  AlarmFeed,
  MAX_LIMIT,
  OPEN_STATES,
  errorMessage,
  fetchFleet,
  type Fleet,
  type HomeAssistant,
  type PanelRoute,
} from "./api";
import "./alarms";
import "./box";
import { languageOf, t, type Lang } from "./i18n";
import { backIcon, menuIcon } from "./icons";
import { LiveAlarms } from "./live";
import { alarmsByDevice, hassChanged } from "./model";
import "./overview";
import { followLink, navigate } from "./parts";
import "./plan";
import "./reports";
import "./settings";
import { shared } from "./styles";

type View =
  | { tab: "overview" }
  | { tab: "alarms" }
  | { tab: "plan" }
  | { tab: "reports" }
  | { tab: "settings" }
  | { tab: "box"; deviceId: string };

const PHONE = "(max-width: 600px)";

export class SafePowerPanel extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    narrow: { type: Boolean, reflect: true },
    route: { attribute: false },
    fleet: { state: true },
    fleetError: { state: true },
    feedError: { state: true },
    phone: { state: true },
  };

  hass?: HomeAssistant;
  narrow = false;
  route?: PanelRoute;
  /** The one alarm subscription; every list of the panel follows it. */
  readonly feed = new AlarmFeed();

  private fleet?: Fleet;
  private fleetError: string | null = null;
  private feedError: string | null = null;
  private started = false;
  /** Active and acknowledged alarms: the boxes' states and the Alarms tab's count. */
  private readonly open = new LiveAlarms(this);
  private readonly phoneQuery = window.matchMedia(PHONE);
  private phone = this.phoneQuery.matches;
  private readonly onPhoneChange = (e: MediaQueryListEvent): void => {
    this.phone = e.matches;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.phoneQuery.addEventListener("change", this.onPhoneChange);
    // Back in the page: subscribe again (an update may not come until a box's entity changes).
    if (this.hass && !this.started) this.start(this.hass);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.phoneQuery.removeEventListener("change", this.onPhoneChange);
    this.feed.stop();
    this.started = false;
  }

  /** Home Assistant sets `hass` at every state change: render only when the boxes' entities change. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const old = changed.get("hass");
    const { hass, fleet } = this;
    if (changed.size !== 1 || !old || !hass || !fleet) return true;
    return old.dockedSidebar !== hass.dockedSidebar || hassChanged(old, hass, fleet.boxes);
  }

  protected override willUpdate(): void {
    if (this.hass && !this.started) this.start(this.hass);
  }

  private start(hass: HomeAssistant): void {
    this.started = true;
    this.feedError = null;
    this.feed.start(hass).catch((err: unknown) => {
      this.feedError = errorMessage(err);
    });
    void this.open.load(hass, { states: [...OPEN_STATES], limit: MAX_LIMIT });
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

  /** The tab last shown: the selected tab is scrolled into sight when it changes (a phone). */
  private shownTab?: string;

  protected override updated(): void {
    const nav = this.renderRoot.querySelector("nav");
    const tab = nav?.querySelector('a[aria-selected="true"]');
    // A box's tab gets its name once the fleet is read; the Alarms tab's count widens the bar.
    const shown = `${tab?.getAttribute("href")}|${tab?.textContent}|${nav?.scrollWidth}`;
    if (!nav || !tab || shown === this.shownTab) return;
    this.shownTab = shown;
    const bar = nav.getBoundingClientRect();
    const box = tab.getBoundingClientRect();
    if (box.right > bar.right) nav.scrollLeft += box.right - bar.right;
    else if (box.left < bar.left) nav.scrollLeft -= bar.left - box.left;
  }

  private view(): View {
    const [, first, second] = (this.route?.path ?? "").split("/");
    if (first === "alarms" || first === "plan" || first === "reports" || first === "settings") return { tab: first };
    if (first === "box" && second) return { tab: "box", deviceId: decodeURIComponent(second) };
    return { tab: "overview" };
  }

  private get basePath(): string {
    return this.route?.prefix ?? "";
  }

  private toggleMenu(): void {
    this.dispatchEvent(new CustomEvent("hass-toggle-menu", { bubbles: true, composed: true }));
  }

  protected override render() {
    const hass = this.hass;
    if (!hass) return nothing;
    const lang = languageOf(hass);
    const view = this.view();
    const box = view.tab === "box" ? this.fleet?.boxes.find((b) => b.device_id === view.deviceId) : undefined;
    const active = this.open.alarms.filter((a) => a.state === "active").length;
    const showMenu = this.narrow || hass.dockedSidebar === "always_hidden";
    const tab = (target: string, label: string, selected: boolean, badge = 0): TemplateResult => html`
      <a role="tab" aria-selected=${selected} href=${target} @click=${followLink(target)}
        >${label}${badge ? html`<span class="badge">${badge}</span>` : nothing}</a
      >
    `;
    return html`
      <header>
        <div class="toolbar">
          ${
            view.tab === "box"
              ? html`<button
                  class="icon-button"
                  aria-label=${t(lang, "back")}
                  @click=${() => navigate(this.basePath)}
                >
                  ${backIcon}
                </button>`
              : showMenu
                ? html`<button class="icon-button" aria-label=${t(lang, "menu")} @click=${this.toggleMenu}>
                    ${menuIcon}
                  </button>`
                : nothing
          }
          <h1>${t(lang, "title")}</h1>
        </div>
        <nav role="tablist">
          ${tab(this.basePath || "/", t(lang, "tab_overview"), view.tab === "overview")}
          ${tab(`${this.basePath}/alarms`, t(lang, "tab_alarms"), view.tab === "alarms", active)}
          ${tab(`${this.basePath}/plan`, t(lang, "tab_plan"), view.tab === "plan")}
          ${tab(`${this.basePath}/reports`, t(lang, "tab_reports"), view.tab === "reports")}
          ${
            hass.user?.is_admin || view.tab === "settings"
              ? tab(`${this.basePath}/settings`, t(lang, "tab_settings"), view.tab === "settings")
              : nothing
          }
          ${view.tab === "box" ? tab(location.pathname, box?.name ?? view.deviceId, true) : nothing}
        </nav>
      </header>
      <main>
        ${this.feedError ? html`<div class="banner" role="alert">${t(lang, "feed_error", { message: this.feedError })}</div>` : nothing}
        ${this.open.error ? html`<div class="banner" role="alert">${this.open.error}</div>` : nothing}
        ${this.renderView(hass, lang, view)}
      </main>
    `;
  }

  private renderView(hass: HomeAssistant, lang: Lang, view: View): TemplateResult {
    const { fleet, basePath } = this;
    const compact = this.narrow || this.phone;
    // The settings need no fleet: an administrator can fix a user's areas whatever the boxes do.
    if (view.tab === "settings") {
      return html`<safe-power-settings .hass=${hass} .language=${lang} ?compact=${compact}></safe-power-settings>`;
    }
    if (this.fleetError !== null) {
      return html`<div class="banner" role="alert">
        <span>${t(lang, "fleet_error", { message: this.fleetError })}</span>
        <button class="btn" @click=${() => this.loadFleet(hass)}>${t(lang, "retry")}</button>
      </div>`;
    }
    if (!fleet) return html`<p class="empty" role="status">${t(lang, "loading")}</p>`;
    if (view.tab === "alarms") {
      return html`<safe-power-alarms
        .hass=${hass}
        .language=${lang}
        .fleet=${fleet}
        .feed=${this.feed}
        .basePath=${basePath}
        ?compact=${compact}
      ></safe-power-alarms>`;
    }
    if (view.tab === "reports") {
      return html`<safe-power-reports .hass=${hass} .language=${lang} .fleet=${fleet}></safe-power-reports>`;
    }
    const open = alarmsByDevice(this.open.alarms);
    if (view.tab === "plan") {
      return html`<safe-power-plan
        .hass=${hass}
        .language=${lang}
        .fleet=${fleet}
        .open=${open}
        .basePath=${basePath}
      ></safe-power-plan>`;
    }
    if (view.tab === "box") {
      const box = fleet.boxes.find((b) => b.device_id === view.deviceId);
      if (!box) return html`<p class="empty card">${t(lang, "box_gone")}</p>`;
      return html`<safe-power-box
        .hass=${hass}
        .language=${lang}
        .fleet=${fleet}
        .box=${box}
        .open=${open.get(box.device_id) ?? []}
        .feed=${this.feed}
        .basePath=${basePath}
        ?compact=${compact}
      ></safe-power-box>`;
    }
    return html`<safe-power-overview
      .hass=${hass}
      .language=${lang}
      .fleet=${fleet}
      .open=${open}
      .basePath=${basePath}
    ></safe-power-overview>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color, #fafafa);
      }
      header {
        position: sticky;
        top: 0;
        z-index: 2;
        background: var(--app-header-background-color, var(--primary-color, #03a9f4));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        height: var(--header-height, 56px);
        padding: 0 16px;
      }
      :host([narrow]) .toolbar {
        padding: 0 4px;
      }
      h1 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 400;
      }
      .icon-button {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 48px;
        height: 48px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: inherit;
      }
      .icon-button .icon {
        width: 24px;
        height: 24px;
      }
      .icon-button:focus-visible {
        outline: 2px solid currentColor;
      }
      nav {
        display: flex;
        gap: 4px;
        padding: 0 8px;
        overflow-x: auto;
        scrollbar-width: none;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        min-height: 48px;
        padding: 0 16px;
        color: inherit;
        opacity: 0.8;
        text-decoration: none;
        font-weight: 500;
        white-space: nowrap;
        border-bottom: 2px solid transparent;
      }
      nav a[aria-selected="true"] {
        opacity: 1;
        border-bottom-color: currentColor;
      }
      nav a:focus-visible {
        outline: 2px solid currentColor;
        outline-offset: -2px;
      }
      .badge {
        min-width: 20px;
        padding: 0 6px;
        border-radius: 10px;
        background: var(--sp-alarm);
        color: #fff;
        font-size: 0.75rem;
        line-height: 20px;
        text-align: center;
      }
      main {
        max-width: 1440px;
        margin: 0 auto;
        padding: 16px;
      }
      main > .banner {
        margin-bottom: 12px;
      }
      @media (max-width: 600px) {
        main {
          padding: 12px 8px;
        }
        nav {
          gap: 0;
          padding: 0 4px;
        }
        nav a {
          padding: 0 11px;
        }
      }
    `,
  ];
}

if (!customElements.get("safe-power-panel")) customElements.define("safe-power-panel", SafePowerPanel);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-panel": SafePowerPanel;
  }
}
