// The Floor plan tab: the boxes that have x/y (metres east and north of a corner of the building)
// drawn on a plan of their floor, scaled to fit, on a metre grid, coloured by state; a click opens
// the box; under them, the floor's drawing when it has one (an administrator places it here).
// Boxes with only a latitude and longitude (on Home Assistant's map when it is loaded), and boxes
// with no place, are listed below.
import {
  LitElement,
  css,
  html,
  nothing,
  svg,
  type PropertyDeclarations,
  type SVGTemplateResult,
  type TemplateResult,
} from "lit";
import {
  deleteDrawing,
  errorMessage,
  fetchDrawings,
  saveDrawing,
  type AlarmRecord,
  type Fleet,
  type FleetBox,
  type FloorDrawing,
  type HomeAssistant,
} from "./api";
import { formatNumber, localeOf } from "./format";
import { t, type Lang } from "./i18n";
import { BOX_STATES, boxState, floorsOfBuildings, type BoxState, type PlanFloor } from "./model";
import { floorLabel, followLink, placeOf, stateChip } from "./parts";
import { shared } from "./styles";

/** A box with its position in metres. */
interface Placed {
  box: FleetBox;
  x: number;
  y: number;
}

/** A box as drawn: its dot (px) and its label. */
interface Dot {
  box: FleetBox;
  state: BoxState;
  cx: number;
  cy: number;
  label: Label;
}

interface Label {
  x: number;
  /** The first line's baseline. */
  y: number;
  anchor: "start" | "middle" | "end";
  lines: string[];
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Plan {
  width: number;
  height: number;
  /** Pixels a metre. */
  scale: number;
  /** Grid lines (metres) and which of them carry a number. */
  xs: number[];
  ys: number[];
  major: number;
  minor: number;
  px: (x: number) => number;
  py: (y: number) => number;
}

const RADIUS = 7;
const LINE = 14;
/** Room for the axis numbers (left, bottom) and the north arrow (top). */
const AXIS = { left: 34, top: 26, right: 16, bottom: 24 };
/** At most this many pixels a metre: two boxes a metre apart do not fill the screen. */
const MAX_SCALE = 48;
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

const hasXY = (box: FleetBox): box is FleetBox & { x: number; y: number } => box.x !== null && box.y !== null;
const onMap = (box: FleetBox): boolean => !hasXY(box) && box.latitude !== null && box.longitude !== null;

/**
 * The key the server keeps a floor's drawing under: its Home Assistant floor id, or `level:<n>`,
 * then the building (and site) it is in.
 */
const drawingKey = (floor: PlanFloor): string | null => {
  const base = floor.key.startsWith("level:")
    ? floor.key.slice(0, floor.key.length - floor.suffix.length)
    : floor.areas[0]?.boxes[0]?.floor_id;
  return base ? base + floor.suffix : null;
};

/** A floor's name with its building (and site, when there are several). */
const planLabel = (lang: Lang, floor: PlanFloor): string =>
  [floor.site, floor.building, floorLabel(lang, floor)].filter((s) => s !== null).join(" · ");

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
const MAX_IMAGE = 5 * 1024 * 1024;
const PLACEMENT = ["x", "y", "width", "height"] as const;
type Draft = Record<(typeof PLACEMENT)[number], string>;

/** A number for an input: at most one decimal, no trailing zeros. */
const decimal = (v: number): string => String(Math.round(v * 10) / 10);

/** A file's contents as base64, without the `data:` prefix. */
const base64Of = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/** An image file's width / height, or null when the browser cannot read it. */
const aspectOf = (file: File): Promise<number | null> =>
  new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img.naturalWidth && img.naturalHeight ? img.naturalWidth / img.naturalHeight : null);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      resolve(null);
    };
    img.src = url;
  });

/** The grid and scale of a floor's plan of these points in `width` × at most `maxHeight` pixels. */
function layout(placed: readonly { x: number; y: number }[], width: number, maxHeight: number): Plan {
  const xs = placed.map((p) => p.x);
  const ys = placed.map((p) => p.y);
  // From the building's corner (0, 0) when it is near, so the plan reads as the building.
  const low = (values: number[]): number => Math.min(0, ...values);
  const spanOf = (values: number[]): number => Math.max(1, Math.max(...values) - low(values));
  const pad = Math.max(1, 0.06 * Math.max(spanOf(xs), spanOf(ys)));
  const fit = (x0: number, x1: number, y0: number, y1: number): number =>
    Math.min(
      (width - AXIS.left - AXIS.right) / (x1 - x0),
      (maxHeight - AXIS.top - AXIS.bottom) / (y1 - y0),
      MAX_SCALE,
    );
  const rough = fit(low(xs) - pad, Math.max(...xs) + pad, low(ys) - pad, Math.max(...ys) + pad);
  const minor = STEPS.find((step) => step * rough >= 12) ?? STEPS[STEPS.length - 1];
  const major = STEPS.find((step) => step % minor === 0 && step * rough >= 56) ?? minor;
  const x0 = Math.floor((low(xs) - pad) / minor) * minor;
  const x1 = Math.ceil((Math.max(...xs) + pad) / minor) * minor;
  const y0 = Math.floor((low(ys) - pad) / minor) * minor;
  const y1 = Math.ceil((Math.max(...ys) + pad) / minor) * minor;
  const scale = fit(x0, x1, y0, y1);
  const lines = (from: number, to: number): number[] =>
    Array.from({ length: Math.round((to - from) / minor) + 1 }, (_, i) => from + i * minor);
  return {
    width: AXIS.left + (x1 - x0) * scale + AXIS.right,
    height: AXIS.top + (y1 - y0) * scale + AXIS.bottom,
    scale,
    xs: lines(x0, x1),
    ys: lines(y0, y1),
    major,
    minor,
    px: (x) => AXIS.left + (x - x0) * scale,
    // North is up.
    py: (y) => AXIS.top + (y1 - y) * scale,
  };
}

/** About how wide a line of 12 px text is: a CJK character is square, a Latin one about half. */
const textWidth = (text: string): number =>
  [...text].reduce((sum, ch) => sum + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 12 : 6.8), 0);

const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
  Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

/** Labels beside their dots: right, left, below or above, whichever hides least. */
function placeLabels(
  dots: Omit<Dot, "label">[],
  lines: (dot: Omit<Dot, "label">) => string[],
  plan: Plan,
  blocked: Rect[],
): Dot[] {
  const taken: Rect[] = [
    ...blocked,
    ...dots.map((d) => ({ left: d.cx - RADIUS, top: d.cy - RADIUS, right: d.cx + RADIUS, bottom: d.cy + RADIUS })),
  ];
  const frame: Rect = { left: 0, top: 0, right: plan.width, bottom: plan.height };
  // The alarming boxes choose first, then from the top down.
  const order = dots
    .map((_, i) => i)
    .sort(
      (a, b) =>
        BOX_STATES.indexOf(dots[a].state) - BOX_STATES.indexOf(dots[b].state) || dots[a].cy - dots[b].cy,
    );
  const labels: Label[] = [];
  for (const i of order) {
    const dot = dots[i];
    const text = lines(dot);
    const w = Math.max(...text.map(textWidth));
    const h = text.length * LINE;
    const gap = RADIUS + 5;
    const middle = dot.cy + 4 - ((text.length - 1) * LINE) / 2;
    const candidates: [Label, Rect][] = [
      [
        { x: dot.cx + gap, y: middle, anchor: "start", lines: text },
        { left: dot.cx + gap, top: dot.cy - h / 2, right: dot.cx + gap + w, bottom: dot.cy + h / 2 },
      ],
      [
        { x: dot.cx - gap, y: middle, anchor: "end", lines: text },
        { left: dot.cx - gap - w, top: dot.cy - h / 2, right: dot.cx - gap, bottom: dot.cy + h / 2 },
      ],
      [
        { x: dot.cx, y: dot.cy + gap + 10, anchor: "middle", lines: text },
        { left: dot.cx - w / 2, top: dot.cy + gap, right: dot.cx + w / 2, bottom: dot.cy + gap + h },
      ],
      [
        { x: dot.cx, y: dot.cy - gap - h + 10, anchor: "middle", lines: text },
        { left: dot.cx - w / 2, top: dot.cy - gap - h, right: dot.cx + w / 2, bottom: dot.cy - gap },
      ],
    ];
    // What the label would hide, and what of it would fall outside the plan (worse).
    const cost = ([, rect]: [Label, Rect]): number =>
      taken.reduce((sum, other) => sum + overlap(rect, other), 0) +
      4 * ((rect.right - rect.left) * (rect.bottom - rect.top) - overlap(rect, frame));
    const best = candidates.reduce((a, b) => (cost(b) < cost(a) ? b : a));
    taken.push(best[1]);
    labels[i] = best[0];
  }
  return dots.map((dot, i) => ({ ...dot, label: labels[i] }));
}


interface CardHelpers {
  createCardElement(config: Record<string, unknown>): HTMLElement;
}

interface PanelResolver extends HTMLElement {
  _getRoutes(panels: { component_name: string; url_path: string }[]): {
    routes: Record<string, { load?: () => Promise<unknown> } | undefined>;
  };
}

type WithHelpers = Window & { loadCardHelpers?: () => Promise<CardHelpers> };

/**
 * Have Home Assistant's frontend load its dashboards' code, which defines `loadCardHelpers`: a
 * panel opened straight by its URL comes before any dashboard did. Its panel resolver knows how
 * to load each panel (what custom panels have long used to get Home Assistant's elements).
 */
async function loadDashboards(): Promise<void> {
  if ((window as WithHelpers).loadCardHelpers !== undefined) return;
  if (customElements.get("partial-panel-resolver") === undefined) return; // the preview
  const resolver = document.createElement("partial-panel-resolver") as PanelResolver;
  const { routes } = resolver._getRoutes([{ component_name: "lovelace", url_path: "safe-power-map" }]);
  await routes["safe-power-map"]?.load?.();
}

/**
 * Have Home Assistant's frontend define `<ha-map>`: it loads it lazily, with its map card, so
 * a card is made (and dropped) to bring it in. Resolve whether it is there (false in the preview,
 * or after 5 s).
 */
async function loadHaMap(): Promise<boolean> {
  try {
    await loadDashboards();
  } catch {
    return false;
  }
  const load = (window as WithHelpers).loadCardHelpers;
  if (load === undefined) return false;
  try {
    (await load()).createCardElement({ type: "map", entities: [] });
  } catch {
    return false;
  }
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000));
  await Promise.race([customElements.whenDefined("ha-map"), timeout]);
  return customElements.get("ha-map") !== undefined;
}

export class SafePowerPlan extends LitElement {
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    language: { attribute: false },
    fleet: { attribute: false },
    open: { attribute: false },
    basePath: { attribute: false },
    floor: { state: true },
    width: { state: true },
    drawings: { state: true },
    editing: { state: true },
    draft: { state: true },
    file: { state: true },
    busy: { state: true },
    drawingError: { state: true },
  };

  hass!: HomeAssistant;
  language: Lang = "en";
  fleet!: Fleet;
  /** Open alarms by device id. */
  open = new Map<string, AlarmRecord[]>();
  basePath = "";
  /** The key of the floor shown; by default the first with an alarm, else the lowest. */
  private floor?: string;
  private width = 0;
  private readonly resize = new ResizeObserver((entries) => {
    this.width = entries[0].contentRect.width;
  });
  /** The floors' drawings by the server's floor key (none when the server has no drawings). */
  private drawings: Record<string, FloorDrawing> = {};
  /** The floor key whose drawing an administrator is placing, with the form's values. */
  private editing: string | null = null;
  private draft: Draft = { x: "", y: "", width: "", height: "" };
  private file: File | null = null;
  private busy = false;
  private drawingError = "";
  /** The location sensors of the boxes on the map, for `<ha-map>` (the same array while the fleet is). */
  private mapped?: { fleet: Fleet; ids: string[] };

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
    if (this.hass) void this.loadDrawings();
    if (!customElements.get("ha-map")) void loadHaMap().then((found) => found && this.requestUpdate());
  }

  /** Read the drawings (their links are signed for a day: read again whenever the tab opens). */
  private async loadDrawings(): Promise<void> {
    try {
      this.drawings = (await fetchDrawings(this.hass)) ?? {};
    } catch {
      // A server without drawings (older) or a refusal: the plan is the grid.
      this.drawings = {};
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  private stateOf(box: FleetBox): BoxState {
    return boxState(this.hass, box, this.open.get(box.device_id) ?? []);
  }

  private href(box: FleetBox): string {
    return `${this.basePath}/box/${encodeURIComponent(box.device_id)}`;
  }

  protected override render() {
    const lang = this.language;
    const boxes = this.fleet.boxes;
    if (boxes.length === 0) return html`<p class="empty card">${t(lang, "no_boxes")}</p>`;
    const floors = floorsOfBuildings(boxes.filter(hasXY));
    const states = new Map(boxes.map((box) => [box.device_id, this.stateOf(box)]));
    const alarming = (floor: PlanFloor): number =>
      floor.areas.flatMap((a) => a.boxes).filter((b) => states.get(b.device_id) === "alarm").length;
    const shown =
      floors.find((f) => f.key === this.floor) ?? floors.find((f) => alarming(f) > 0) ?? floors[0];
    return html`
      ${
        floors.length > 1
          ? html`<div class="floors" role="group">
              ${floors.map((floor) => {
                const count = alarming(floor);
                return html`<button
                  class="floor"
                  aria-pressed=${floor === shown}
                  @click=${() => {
                    this.floor = floor.key;
                    this.editing = null;
                  }}
                >
                  ${planLabel(lang, floor)}
                  <span class="count">${floor.areas.reduce((n, a) => n + a.boxes.length, 0)}</span>
                  ${count ? html`<span class="badge" aria-label=${t(lang, "state_alarm")}>${count}</span>` : nothing}
                </button>`;
              })}
            </div>`
          : nothing
      }
      ${shown ? this.renderFloor(shown, states) : html`<p class="empty card">${t(lang, "plan_none")}</p>`}
      ${this.renderList("on_map", boxes.filter(onMap), states)}
      ${this.renderList(
        "not_placed",
        boxes.filter((b) => !hasXY(b) && !onMap(b)),
        states,
      )}
    `;
  }

  private renderFloor(floor: PlanFloor, states: Map<string, BoxState>): TemplateResult {
    const lang = this.language;
    const placed = floor.areas
      .flatMap((a) => a.boxes)
      .filter(hasXY)
      .map((box) => ({ box, x: box.x, y: box.y }));
    const name = planLabel(lang, floor);
    const counts = BOX_STATES.map(
      (state) => [state, placed.filter((p) => states.get(p.box.device_id) === state).length] as const,
    ).filter(([, n]) => n > 0);
    // The drawing fits inside the section's padding and border.
    const maxHeight = Math.max(280, Math.min(window.innerHeight * 0.68, 760));
    const key = drawingKey(floor);
    const drawing = key === null ? undefined : this.drawings[key];
    // The scale takes in the drawing's corners too.
    const corners = drawing
      ? [
          { x: drawing.x, y: drawing.y },
          { x: drawing.x + drawing.width, y: drawing.y - drawing.height },
        ]
      : [];
    const plan = this.width > 0 ? layout([...placed, ...corners], this.width - 34, maxHeight) : null;
    const admin = this.hass.user?.is_admin === true && key !== null;
    return html`
      <section class="card plan">
        <div class="plan-head">
          <h2>${name}</h2>
          ${
            admin
              ? html`<button
                  class="btn"
                  aria-expanded=${this.editing === key}
                  @click=${() => (this.editing === key ? (this.editing = null) : this.startEditing(key, placed))}
                >
                  ${t(lang, "drawing")}
                </button>`
              : nothing
          }
        </div>
        ${admin && this.editing === key ? this.renderDrawingForm(key, drawing) : nothing}
        ${plan ? this.renderSvg(plan, placed, states, name, drawing) : nothing}
        <div class="below">
          <ul class="legend">
            ${counts.map(
              ([state, n]) => html`<li class=${state}>
                <span class="dot"></span>${t(lang, `state_${state}`)} <strong>${n}</strong>
              </li>`,
            )}
          </ul>
          ${
            plan
              ? html`<span class="secondary small">
                  ${t(lang, "plan_grid", { step: formatNumber(localeOf(this.hass), plan.minor, 0) })}
                </span>`
              : nothing
          }
        </div>
      </section>
    `;
  }

  private renderSvg(
    plan: Plan,
    placed: Placed[],
    states: Map<string, BoxState>,
    name: string,
    drawing: FloorDrawing | undefined,
  ): SVGTemplateResult {
    const lang = this.language;
    const locale = localeOf(this.hass);
    const top = plan.py(plan.ys[plan.ys.length - 1]);
    const bottom = plan.py(plan.ys[0]);
    const left = plan.px(plan.xs[0]);
    const right = plan.px(plan.xs[plan.xs.length - 1]);
    // Above the grid's north-east corner.
    const north = { x: right - 4, y: top - 22 };
    const dots = placeLabels(
      placed.map(({ box, x, y }) => ({
        box,
        state: states.get(box.device_id) ?? "normal",
        cx: plan.px(x),
        cy: plan.py(y),
      })),
      (dot) => (dot.state === "normal" ? [dot.box.name] : [dot.box.name, t(lang, `state_${dot.state}`)]),
      plan,
      [{ left: north.x - 24, top: north.y - 2, right: north.x + 6, bottom: north.y + 16 }],
    );
    const isMajor = (v: number): boolean => Math.abs(v / plan.major - Math.round(v / plan.major)) < 1e-9;
    const number = (v: number): string => formatNumber(locale, v, 0);
    return svg`
      <svg
        role="img"
        aria-label=${t(lang, "plan_label", { floor: name })}
        width=${plan.width}
        height=${plan.height}
        viewBox="0 0 ${plan.width} ${plan.height}"
      >
        <rect class="floor-area" x=${left} y=${top} width=${right - left} height=${bottom - top}></rect>
        ${
          drawing
            ? svg`<image
                class="drawing"
                href=${drawing.url}
                x=${plan.px(drawing.x)}
                y=${plan.py(drawing.y)}
                width=${drawing.width * plan.scale}
                height=${drawing.height * plan.scale}
                preserveAspectRatio="none"
              ></image>`
            : nothing
        }
        ${plan.xs.map(
          (x) => svg`
            <line class=${isMajor(x) ? "major" : "minor"} x1=${plan.px(x)} x2=${plan.px(x)} y1=${top} y2=${bottom}></line>
            ${isMajor(x) ? svg`<text class="axis" x=${plan.px(x)} y=${bottom + 16} text-anchor="middle">${number(x)}</text>` : nothing}
          `,
        )}
        ${plan.ys.map(
          (y) => svg`
            <line class=${isMajor(y) ? "major" : "minor"} x1=${left} x2=${right} y1=${plan.py(y)} y2=${plan.py(y)}></line>
            ${isMajor(y) ? svg`<text class="axis" x=${left - 6} y=${plan.py(y) + 4} text-anchor="end">${number(y)}</text>` : nothing}
          `,
        )}
        <g class="north" transform="translate(${north.x} ${north.y})">
          <path d="M0 0 L5 14 L0 10 L-5 14 Z"></path>
          <text x="-9" y="13" text-anchor="end">${t(lang, "plan_north")}</text>
        </g>
        ${dots.map((dot) => this.renderDot(dot))}
      </svg>
    `;
  }

  /** Open the drawing's form: its placement, else the boxes' extent from the building's corner. */
  private startEditing(key: string, placed: readonly Placed[]): void {
    const drawing = this.drawings[key];
    if (drawing) {
      this.draft = {
        x: decimal(drawing.x),
        y: decimal(drawing.y),
        width: decimal(drawing.width),
        height: decimal(drawing.height),
      };
    } else {
      const xs = placed.map((p) => p.x);
      const ys = placed.map((p) => p.y);
      const left = Math.min(0, ...xs);
      const top = Math.max(...ys);
      this.draft = {
        x: decimal(left),
        y: decimal(top),
        width: decimal(Math.max(1, Math.max(...xs) - left)),
        height: decimal(Math.max(1, top - Math.min(0, ...ys))),
      };
    }
    this.file = null;
    this.drawingError = "";
    this.editing = key;
  }

  /** A file chosen: refused here unless a PNG, JPEG or WebP of at most 5 MB; its height then follows its width. */
  private async chooseFile(event: Event): Promise<void> {
    const lang = this.language;
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.file = null;
    this.drawingError = "";
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) {
      this.drawingError = t(lang, "drawing_bad_type", { name: file.name });
    } else if (file.size > MAX_IMAGE) {
      const size = formatNumber(localeOf(this.hass), file.size / (1024 * 1024), 1);
      this.drawingError = t(lang, "drawing_too_big", { name: file.name, size });
    } else {
      this.file = file;
      const aspect = await aspectOf(file);
      const width = Number(this.draft.width);
      if (aspect && this.file === file && this.draft.width.trim() !== "" && width > 0) {
        this.draft = { ...this.draft, height: decimal(width / aspect) };
      }
      return;
    }
    input.value = "";
  }

  private async save(key: string, drawing: FloorDrawing | undefined): Promise<void> {
    const lang = this.language;
    const [x, y, width, height] = PLACEMENT.map((k) =>
      this.draft[k].trim() === "" ? Number.NaN : Number(this.draft[k]),
    );
    if (![x, y, width, height].every(Number.isFinite) || width < 0.1 || height < 0.1) {
      this.drawingError = t(lang, "drawing_bad_number");
      return;
    }
    if (!this.file && !drawing) {
      this.drawingError = t(lang, "drawing_need_file");
      return;
    }
    await this.run(async () => {
      const image = this.file ? await base64Of(this.file) : undefined;
      await saveDrawing(this.hass, key, { x, y, width, height }, image);
    });
  }

  /** A change of the drawing, then the drawings read again (with their new links). */
  private async run(change: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.drawingError = "";
    try {
      await change();
      await this.loadDrawings();
      this.editing = null;
      this.file = null;
    } catch (err) {
      this.drawingError = t(this.language, "drawing_error", { message: errorMessage(err) });
    } finally {
      this.busy = false;
    }
  }

  private renderDrawingForm(key: string, drawing: FloorDrawing | undefined): TemplateResult {
    const lang = this.language;
    const labels = {
      x: t(lang, "drawing_x"),
      y: t(lang, "drawing_y"),
      width: t(lang, "drawing_width"),
      height: t(lang, "drawing_height"),
    };
    return html`
      <form
        class="drawing-form"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.save(key, drawing);
        }}
      >
        <h3>${t(lang, "drawing_title")}</h3>
        <p class="secondary small">${t(lang, "drawing_hint")}</p>
        <label class="field">
          <span>${t(lang, "drawing_file")}</span>
          <input
            type="file"
            accept=${IMAGE_TYPES.join(",")}
            ?disabled=${this.busy}
            @change=${(e: Event) => void this.chooseFile(e)}
          />
        </label>
        ${drawing && !this.file ? html`<p class="secondary small">${t(lang, "drawing_current")}</p>` : nothing}
        <div class="numbers">
          ${PLACEMENT.map(
            (k) => html`<label class="field">
              <span>${labels[k]}</span>
              <input
                type="number"
                step="0.1"
                inputmode="decimal"
                required
                min=${k === "width" || k === "height" ? "0.1" : nothing}
                .value=${this.draft[k]}
                ?disabled=${this.busy}
                @input=${(e: Event) => (this.draft = { ...this.draft, [k]: (e.target as HTMLInputElement).value })}
              />
            </label>`,
          )}
        </div>
        ${this.drawingError ? html`<p class="error" role="alert">${this.drawingError}</p>` : nothing}
        <div class="actions">
          <button class="btn primary" type="submit" ?disabled=${this.busy}>
            ${this.busy ? t(lang, "working") : t(lang, "save")}
          </button>
          ${
            drawing
              ? html`<button
                  class="btn"
                  type="button"
                  ?disabled=${this.busy}
                  @click=${() => void this.run(() => deleteDrawing(this.hass, key))}
                >
                  ${t(lang, "drawing_remove")}
                </button>`
              : nothing
          }
          <button class="btn" type="button" ?disabled=${this.busy} @click=${() => (this.editing = null)}>
            ${t(lang, "cancel")}
          </button>
        </div>
      </form>
    `;
  }

  private renderDot(dot: Dot): SVGTemplateResult {
    const lang = this.language;
    const { box, state, cx, cy, label } = dot;
    const href = this.href(box);
    const where = placeOf(box.building, box.area, box.location);
    const what = [box.name, t(lang, `state_${state}`), where].filter((s) => s).join(" · ");
    return svg`
      <a class="box ${state}" href=${href} @click=${followLink(href)} aria-label=${what}>
        <title>${what}</title>
        ${state === "alarm" ? svg`<circle class="pulse" cx=${cx} cy=${cy} r=${RADIUS}></circle>` : nothing}
        <circle class="mark" cx=${cx} cy=${cy} r=${RADIUS}></circle>
        <text class="label" x=${label.x} y=${label.y} text-anchor=${label.anchor}>
          ${label.lines.map(
            (line, i) => svg`<tspan class=${i === 0 ? "name" : "state"} x=${label.x} dy=${i === 0 ? 0 : LINE}>${line}</tspan>`,
          )}
        </text>
      </a>
    `;
  }

  /** The location sensors of the boxes on the map: the same array while the fleet is the same. */
  private mapEntities(): string[] {
    if (this.mapped?.fleet !== this.fleet) {
      const ids = this.fleet.boxes
        .filter(onMap)
        .map((box) => box.entities.location)
        .filter((id): id is string => id !== undefined);
      this.mapped = { fleet: this.fleet, ids };
    }
    return this.mapped.ids;
  }

  private renderList(
    kind: "on_map" | "not_placed",
    boxes: FleetBox[],
    states: Map<string, BoxState>,
  ): TemplateResult | typeof nothing {
    if (boxes.length === 0) return nothing;
    const lang = this.language;
    const locale = localeOf(this.hass);
    const sorted = [...boxes].sort((a, b) => a.name.localeCompare(b.name));
    // Home Assistant's own map, once its frontend has defined it (see loadHaMap; not in the preview).
    const map = kind === "on_map" && customElements.get("ha-map") !== undefined;
    return html`
      <section class="card list">
        <div class="list-head">
          <div>
            <h2>${t(lang, kind)}</h2>
            <p class="secondary small">${t(lang, kind === "on_map" ? "on_map_hint" : "not_placed_hint")}</p>
          </div>
          ${
            kind === "on_map" && !map
              ? html`<a class="btn" href="/map" @click=${followLink("/map")}>${t(lang, "open_map")}</a>`
              : nothing
          }
        </div>
        ${
          map
            ? html`<ha-map
                class="map"
                aria-label=${t(lang, "map_label")}
                .hass=${this.hass}
                .entities=${this.mapEntities()}
                .zoom=${16}
                .autoFit=${true}
              ></ha-map>`
            : nothing
        }
        <ul>
          ${sorted.map((box) => {
            const href = this.href(box);
            const place = placeOf(box.building, box.area, box.location);
            const where =
              kind === "on_map" && box.latitude !== null && box.longitude !== null
                ? `${formatNumber(locale, box.latitude, 5)}, ${formatNumber(locale, box.longitude, 5)}`
                : "";
            return html`<li>
              <a href=${href} @click=${followLink(href)}>${box.name}</a>
              ${stateChip(lang, states.get(box.device_id) ?? "normal")}
              <span class="secondary small">${[place, where].filter((s) => s).join(" · ")}</span>
            </li>`;
          })}
        </ul>
      </section>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      h2 {
        margin: 0 0 8px;
        font-size: 1.1rem;
        font-weight: 500;
      }
      .small {
        font-size: 0.85rem;
      }
      .floors {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .floor {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        min-height: 40px;
        padding: 0 14px;
        border-radius: 20px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        font-weight: 500;
      }
      .floor[aria-pressed="true"] {
        border-color: var(--primary-color, #03a9f4);
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 16%, var(--card-background-color, #fff));
      }
      .floor .count {
        color: var(--secondary-text-color, #727272);
        font-weight: 400;
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
      .plan {
        padding: 16px;
      }
      .plan-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px 16px;
        margin-bottom: 8px;
      }
      .plan-head h2 {
        margin: 0;
      }
      .drawing-form {
        display: flex;
        flex-direction: column;
        gap: 10px;
        margin-bottom: 12px;
        padding: 12px;
        border: 1px solid var(--divider-color, #e0e0e0);
        border-radius: var(--sp-radius);
      }
      .drawing-form h3 {
        margin: 0;
        font-size: 1rem;
        font-weight: 500;
      }
      .drawing-form p {
        margin: 0;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 0.85rem;
        color: var(--secondary-text-color, #727272);
      }
      .field input {
        font-size: 1rem;
        min-width: 0;
      }
      .field input[type="file"] {
        padding: 6px 10px;
      }
      .numbers {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
        gap: 8px 12px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .drawing {
        opacity: 0.55;
      }
      .map {
        display: block;
        height: 320px;
        margin-bottom: 8px;
        border-radius: var(--sp-radius);
        overflow: hidden;
      }
      svg {
        display: block;
        margin: 0 auto;
        max-width: 100%;
        height: auto;
        font-size: 12px;
        font-family: inherit;
      }
      .floor-area {
        fill: color-mix(in srgb, var(--primary-text-color, #212121) 3%, transparent);
      }
      line.minor {
        stroke: color-mix(in srgb, var(--primary-text-color, #212121) 7%, transparent);
        stroke-width: 1;
      }
      line.major {
        stroke: color-mix(in srgb, var(--primary-text-color, #212121) 18%, transparent);
        stroke-width: 1;
      }
      .axis {
        fill: var(--secondary-text-color, #727272);
        font-size: 11px;
      }
      .north path {
        fill: var(--secondary-text-color, #727272);
      }
      .north text {
        fill: var(--secondary-text-color, #727272);
        font-size: 11px;
        font-weight: 500;
      }
      .box {
        cursor: pointer;
      }
      .box:focus-visible {
        outline: none;
      }
      .box:focus-visible .mark,
      .box:hover .mark {
        stroke: var(--primary-text-color, #212121);
      }
      .mark {
        fill: var(--sp-color);
        stroke: var(--card-background-color, #fff);
        stroke-width: 2;
      }
      .pulse {
        fill: var(--sp-alarm);
        transform-box: fill-box;
        transform-origin: center;
        animation: ring 1.6s ease-out infinite;
      }
      @keyframes ring {
        from {
          opacity: 0.6;
          transform: scale(1);
        }
        to {
          opacity: 0;
          transform: scale(3);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .pulse {
          animation: none;
          opacity: 0.3;
          transform: scale(1.9);
        }
      }
      .label {
        paint-order: stroke;
        stroke: var(--card-background-color, #fff);
        stroke-width: 3px;
        stroke-linejoin: round;
      }
      .label .name {
        fill: var(--primary-text-color, #212121);
        font-weight: 500;
      }
      .label .state {
        fill: var(--sp-color);
        font-size: 11px;
        font-weight: 500;
      }
      .box:hover .name,
      .box:focus-visible .name {
        text-decoration: underline;
      }
      .below {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px 16px;
        margin-top: 8px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: 0.875rem;
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .legend .dot {
        width: 12px;
        height: 12px;
        border-radius: 50%;
        background: var(--sp-color);
      }
      .list {
        padding: 16px;
      }
      .list-head {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px 16px;
      }
      .list-head p {
        margin: 0 0 8px;
      }
      .list-head a.btn {
        text-decoration: none;
      }
      .list ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .list li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 12px;
        padding: 8px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .list li > a {
        color: var(--primary-color, #03a9f4);
        font-weight: 500;
        text-decoration: none;
      }
      .list li > a:hover {
        text-decoration: underline;
      }
    `,
  ];
}

if (!customElements.get("safe-power-plan")) customElements.define("safe-power-plan", SafePowerPlan);

declare global {
  interface HTMLElementTagNameMap {
    "safe-power-plan": SafePowerPlan;
  }
}
