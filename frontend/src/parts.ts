// Template pieces used by more than one view, and the panel's navigation.
import { html, type TemplateResult } from "lit";
import type { Actor, AlarmState, FleetBox, HomeAssistant, PowerCommand } from "./api";
import { formatQuantity, localeOf, shortDigits } from "./format";
import { floorName, t, viaName, type Lang, type MessageKey } from "./i18n";
import { STATE_ICONS } from "./icons";
import {
  LEAKAGE_KEYS,
  PHASE_CURRENTS,
  POWER_KEYS,
  TEMPERATURE_KEYS,
  firstReading,
  inKilowatts,
  largest,
  type BoxState,
  type FloorGroup,
  type Reading,
} from "./model";

/** A box's state: colour, icon and words, never colour alone. */
export const stateChip = (lang: Lang, state: BoxState): TemplateResult =>
  html`<span class="chip ${state}">${STATE_ICONS[state]}${t(lang, `state_${state}`)}</span>`;

const ALARM_LOOK: Record<AlarmState, BoxState> = {
  active: "alarm",
  acknowledged: "warning",
  cleared: "normal",
};

export const alarmStateChip = (lang: Lang, state: AlarmState): TemplateResult => {
  const look = ALARM_LOOK[state];
  return html`<span class="chip ${look}">${STATE_ICONS[look]}${t(lang, `alarm_${state}`)}</span>`;
};

/** "Kitchen · Behind the fridge": where a box is, from what is known. */
export const placeOf = (...parts: (string | null)[]): string => parts.filter((s) => s).join(" · ");

/** The lines a power dialog shows about a box: its name, place and serial. */
export function boxDetails(
  lang: Lang,
  box: Pick<FleetBox, "name" | "building" | "area" | "location" | "serial">,
): string[] {
  return [
    box.name,
    ...(box.building ? [t(lang, "labelled", { label: t(lang, "building"), value: box.building })] : []),
    ...(box.area ? [t(lang, "labelled", { label: t(lang, "area"), value: box.area })] : []),
    ...(box.location ? [t(lang, "labelled", { label: t(lang, "location"), value: box.location })] : []),
    t(lang, "labelled", { label: t(lang, "serial"), value: box.serial }),
  ];
}

/** Who acted: "Li Wei (phone)", or through what when nobody is known. */
export const who = (lang: Lang, actor: Actor): string =>
  actor.user
    ? t(lang, "who_via", { user: actor.user, via: viaName(lang, actor.via) })
    : viaName(lang, actor.via);

/** "Power off by Li Wei (dashboard) · <time>: confirmed by read-back". */
export function powerLine(lang: Lang, command: PowerCommand, time: string): string {
  const action =
    t(lang, "power_by", {
      command: t(lang, command.command === "off" ? "power_off" : "power_on"),
      who: who(lang, command),
      time,
    }) + (command.box ? ` ${t(lang, "power_box", { box: command.box })}` : "");
  const result = command.ok
    ? t(lang, "power_confirmed")
    : t(lang, "power_failed", { error: command.error ?? t(lang, "unknown") });
  return t(lang, "power_line", { action, result });
}

/** A floor's name: Home Assistant's, else the boxes' floor number, else "No floor". */
export function floorLabel(lang: Lang, floor: Pick<FloorGroup, "name" | "level">): string {
  if (floor.name !== null) return floor.name;
  return floor.level !== null ? floorName(lang, floor.level) : t(lang, "no_floor");
}

/** An entity's state in words where it has no value: unavailable, unknown, or as it is. */
export function stateWords(lang: Lang, state: string | undefined): string {
  if (state === undefined || state === "unavailable") return t(lang, "unavailable");
  return state === "unknown" ? t(lang, "unknown") : state;
}

/** A box's key figures (largest current, leakage, hottest cable, power), those it measures. */
export function keyFigures(hass: HomeAssistant, lang: Lang, box: FleetBox): TemplateResult {
  const figures: [MessageKey, readonly string[], Reading | undefined][] = [
    ["fig_current", PHASE_CURRENTS, largest(hass, box, PHASE_CURRENTS)],
    ["fig_leakage", LEAKAGE_KEYS, largest(hass, box, LEAKAGE_KEYS)],
    ["fig_cable", TEMPERATURE_KEYS, largest(hass, box, TEMPERATURE_KEYS)],
    ["fig_power", POWER_KEYS, inKilowatts(firstReading(hass, box, POWER_KEYS))],
  ];
  return html`<dl class="figures">
    ${figures
      .filter(([, keys]) => keys.some((key) => box.entities[key] !== undefined))
      .map(
        ([label, , r]) => html`
          <div>
            <dt class="secondary">${t(lang, label)}</dt>
            <dd>${r ? formatQuantity(localeOf(hass), r.value, r.unit, shortDigits(r.value)) : t(lang, "no_value")}</dd>
          </div>
        `,
      )}
  </dl>`;
}

/** Go to a path of Home Assistant's frontend without reloading it (as its own `navigate`). */
export function navigate(path: string): void {
  history.pushState(null, "", path);
  window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
}

/** A link's click that the page should handle itself (not a new tab or window). */
const isPlainClick = (event: MouseEvent): boolean =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

/** A link's click handler: a plain click navigates inside Home Assistant, others go to the browser. */
export const followLink =
  (path: string) =>
  (event: MouseEvent): void => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate(path);
  };
