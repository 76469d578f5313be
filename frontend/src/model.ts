// What the panel derives from the fleet, the live states and the open alarms.
import type { AlarmRecord, FleetBox, HomeAssistant } from "./api";

export const BOX_STATES = ["alarm", "warning", "offline", "power_off", "normal"] as const;
export type BoxState = (typeof BOX_STATES)[number];

const DEAD = new Set(["unavailable", "unknown"]);

/** The state of an entity of the box, or undefined when it has none or the entity is gone. */
export function entityState(hass: HomeAssistant, box: FleetBox, key: string): string | undefined {
  const entityId = box.entities[key];
  return entityId === undefined ? undefined : hass.states[entityId]?.state;
}

const isDomain = (box: FleetBox, key: string, domain: string): boolean =>
  box.entities[key]?.startsWith(`${domain}.`) === true;

/** Sensors kept by Home Assistant itself, which have a state while the box is silent. */
const OWN_SENSORS = new Set(["active_alarms", "location"]);

/** Lists of keys by box: a fleet's boxes do not change (a new fleet is new objects). */
function keysOf(
  cache: WeakMap<FleetBox, readonly string[]>,
  box: FleetBox,
  pick: (key: string) => boolean,
): readonly string[] {
  let keys = cache.get(box);
  if (!keys) {
    keys = Object.keys(box.entities).filter(pick);
    cache.set(box, keys);
  }
  return keys;
}
const measuredKeys = new WeakMap<FleetBox, readonly string[]>();
const alarmingKeys = new WeakMap<FleetBox, readonly string[]>();

/** The keys of the box's sensors that it measures (or reads from the detector). */
export const measurementKeys = (box: FleetBox): readonly string[] =>
  keysOf(measuredKeys, box, (key) => isDomain(box, key, "sensor") && !OWN_SENSORS.has(key));

/** The keys of the box's alarm binary sensors: `alarm` (any alarm) or `alarm_<cause>`, one per cause. */
export const alarmKeys = (box: FleetBox): readonly string[] =>
  keysOf(
    alarmingKeys,
    box,
    (key) => (key === "alarm" || key.startsWith("alarm_")) && isDomain(box, key, "binary_sensor"),
  );

/** The keys of the box's alarm binary sensors that are on. */
export const alarmsOn = (hass: HomeAssistant, box: FleetBox): string[] =>
  alarmKeys(box).filter((key) => entityState(hass, box, key) === "on");

/**
 * offline: its connectivity is off or unavailable, or none of its measurements has a state;
 * power_off: its contactor is off;
 * alarm: an active alarm in the register (not covered by another), or an alarm binary sensor on;
 * warning: only acknowledged alarms; else normal.
 */
export function boxState(hass: HomeAssistant, box: FleetBox, open: readonly AlarmRecord[]): BoxState {
  const measured = measurementKeys(box);
  const connectivity = entityState(hass, box, "connectivity");
  const silent =
    measured.length > 0 &&
    !measured.some((key) => {
      const state = entityState(hass, box, key);
      return state !== undefined && !DEAD.has(state);
    });
  if (connectivity === "off" || connectivity === "unavailable" || silent) return "offline";
  if (entityState(hass, box, "contactor") === "off") return "power_off";
  // A user's limit covered by the detector's own alarm is that alarm's business, not a second one.
  const active = open.some((a) => a.state === "active" && a.covered_by === null);
  if (active || alarmsOn(hass, box).length > 0) return "alarm";
  return open.length > 0 ? "warning" : "normal";
}

export interface Reading {
  value: number;
  unit: string | undefined;
  /** The decimals Home Assistant shows the entity with (its display precision), where it has them. */
  digits?: number;
}

/** An entity's numeric state with its unit, or undefined when it has no number. */
export function reading(hass: HomeAssistant, box: FleetBox, key: string): Reading | undefined {
  const entityId = box.entities[key];
  const entity = entityId === undefined ? undefined : hass.states[entityId];
  if (!entity || entity.state.trim() === "") return undefined;
  const value = Number(entity.state);
  if (!Number.isFinite(value)) return undefined;
  const digits = entityId === undefined ? undefined : hass.entities?.[entityId]?.display_precision;
  return { value, unit: entity.attributes.unit_of_measurement, ...(digits === undefined ? {} : { digits }) };
}

/** The largest reading among `keys`. */
export function largest(hass: HomeAssistant, box: FleetBox, keys: readonly string[]): Reading | undefined {
  return keys
    .map((key) => reading(hass, box, key))
    .reduce<Reading | undefined>((max, r) => (r && (!max || r.value > max.value) ? r : max), undefined);
}

/** Power in kW when the entity reports W, so a tile stays short. */
export function inKilowatts(r: Reading | undefined): Reading | undefined {
  return r?.unit === "W" ? { value: r.value / 1000, unit: "kW" } : r;
}

/** The first of `keys` the box has, read. */
export function firstReading(
  hass: HomeAssistant,
  box: FleetBox,
  keys: readonly string[],
): Reading | undefined {
  const key = keys.find((k) => box.entities[k] !== undefined);
  return key === undefined ? undefined : reading(hass, box, key);
}

export const PHASE_CURRENTS = ["current_a", "current_b", "current_c"] as const;
/** The box's total active power: the contract's `power`, the integration's `active_power`. */
export const POWER_KEYS = ["power", "active_power"] as const;
export const CABLE_TEMPERATURES = [
  "cable_temperature_a",
  "cable_temperature_b",
  "cable_temperature_c",
  "cable_temperature_n",
] as const;
/** A multi-circuit detector's channels (circuit 1-16 leakage, temperature probe 1-16). */
const CHANNELS = Array.from({ length: 16 }, (_, i) => i + 1);
export const LEAKAGE_KEYS = ["leakage_current", ...CHANNELS.map((n) => `leakage_current_${n}`)];
export const TEMPERATURE_KEYS = [...CABLE_TEMPERATURES, ...CHANNELS.map((n) => `temperature_${n}`)];

/** Whether a box matches a search: every word in its name, place (site to location) or serial. */
export function matchesSearch(box: FleetBox, search: string): boolean {
  const haystack = [box.name, box.site, box.building, box.area, box.floor, box.location, box.serial]
    .filter((s): s is string => s !== null)
    .join(" ")
    .toLocaleLowerCase();
  return search
    .toLocaleLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export interface AreaGroup {
  key: string;
  /** The area's name, or null for boxes without an area. */
  name: string | null;
  boxes: FleetBox[];
}

export interface FloorGroup {
  key: string;
  /** The Home Assistant floor's name, if the boxes' area has a floor. */
  name: string | null;
  /** The boxes' own floor number when there is no Home Assistant floor. */
  level: number | null;
  areas: AreaGroup[];
}

export interface BuildingGroup {
  key: string;
  /** The building's name, or null for boxes without one. */
  name: string | null;
  floors: FloorGroup[];
}

export interface SiteGroup {
  key: string;
  name: string;
  buildings: BuildingGroup[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Groups by a name, sorted by it, the unnamed ones last. */
function byName<T>(items: readonly T[], name: (item: T) => string | null): [string | null, T[]][] {
  const groups = new Map<string | null, T[]>();
  for (const item of items) {
    const key = name(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.entries()].sort(
    ([a], [b]) => (a === null ? 1 : 0) - (b === null ? 1 : 0) || collator.compare(a ?? "", b ?? ""),
  );
}

/** Boxes by site, then building (unnamed last), then floor and area (`groupByFloor`). */
export function groupBySite(boxes: readonly FleetBox[]): SiteGroup[] {
  return byName(boxes, (box) => box.site).map(([site, inSite]) => ({
    key: site ?? "",
    name: site ?? "",
    buildings: byName(inSite, (box) => box.building).map(([building, inBuilding]) => ({
      key: building ?? "",
      name: building,
      floors: groupByFloor(inBuilding),
    })),
  }));
}

export interface PlanFloor extends FloorGroup {
  /** The building, when the boxes name one. */
  building: string | null;
  /** The site, when there are several. */
  site: string | null;
  /** What tells this floor from the same floor elsewhere: `@building`, `@@site`, or "". */
  suffix: string;
}

/**
 * Every floor of every building as one list (the floor plan's choices): x/y are metres in one
 * building, so the same floor of two buildings is two plans. Keys are unique across buildings
 * and, when there are several, sites.
 */
export function floorsOfBuildings(boxes: readonly FleetBox[]): PlanFloor[] {
  const sites = groupBySite(boxes);
  return sites.flatMap((site) =>
    site.buildings.flatMap((building) =>
      building.floors.map((floor) => {
        const suffix =
          (building.name === null ? "" : `@${building.name}`) + (sites.length > 1 ? `@@${site.name}` : "");
        return {
          ...floor,
          key: floor.key + suffix,
          building: building.name,
          site: sites.length > 1 ? site.name : null,
          suffix,
        };
      }),
    ),
  );
}

function lowestLevel(boxes: readonly FleetBox[]): number | null {
  const levels = boxes.map((b) => b.level).filter((l): l is number => l !== null);
  return levels.length ? Math.min(...levels) : null;
}

/**
 * Boxes by floor (the Home Assistant floor, else the box's level, else none), then by area.
 * Floors go from the lowest level up, floors without a level after them by name, "no floor" last;
 * areas by name, "no area" last; boxes by name.
 */
export function groupByFloor(boxes: readonly FleetBox[]): FloorGroup[] {
  const floors = new Map<string, { name: string | null; level: number | null; boxes: FleetBox[] }>();
  for (const box of boxes) {
    const key =
      box.floor !== null
        ? `floor:${box.floor_id ?? box.floor}`
        : box.level !== null
          ? `level:${box.level}`
          : "";
    const floor = floors.get(key) ?? {
      name: box.floor,
      level: box.floor === null ? box.level : null,
      boxes: [],
    };
    floor.boxes.push(box);
    floors.set(key, floor);
  }
  const order = (key: string, f: { name: string | null; boxes: FleetBox[] }): [number, number, string] => {
    if (key === "") return [2, 0, ""];
    const level = lowestLevel(f.boxes);
    return level === null ? [1, 0, f.name ?? ""] : [0, level, f.name ?? ""];
  };
  return [...floors.entries()]
    .map(([key, floor]) => ({ key, floor, sort: order(key, floor) }))
    .sort((a, b) => a.sort[0] - b.sort[0] || a.sort[1] - b.sort[1] || collator.compare(a.sort[2], b.sort[2]))
    .map(({ key, floor }) => ({
      key,
      name: floor.name,
      level: floor.level,
      areas: groupByArea(floor.boxes),
    }));
}

function groupByArea(boxes: readonly FleetBox[]): AreaGroup[] {
  const areas = new Map<string, AreaGroup>();
  for (const box of boxes) {
    const key = box.area_id ?? "";
    const area = areas.get(key) ?? { key, name: box.area, boxes: [] };
    area.boxes.push(box);
    areas.set(key, area);
  }
  return [...areas.values()]
    .sort(
      (a, b) =>
        (a.key === "" ? 1 : 0) - (b.key === "" ? 1 : 0) || collator.compare(a.name ?? "", b.name ?? ""),
    )
    .map((area) => ({ ...area, boxes: [...area.boxes].sort((a, b) => collator.compare(a.name, b.name)) }));
}

/**
 * Whether a new `hass` changes what a view of these boxes shows: the user's language or locale,
 * the configuration (time zone), or an entity of the boxes (Home Assistant sends a new `hass`
 * at every state change of any entity).
 */
export function hassChanged(old: HomeAssistant, hass: HomeAssistant, boxes: readonly FleetBox[]): boolean {
  return (
    old.locale !== hass.locale ||
    old.language !== hass.language ||
    old.config !== hass.config ||
    boxes.some((box) =>
      Object.values(box.entities).some((id) => id !== undefined && old.states[id] !== hass.states[id]),
    )
  );
}

/** The open (active or acknowledged) alarms by device. */
export function alarmsByDevice(alarms: readonly AlarmRecord[]): Map<string, AlarmRecord[]> {
  const byDevice = new Map<string, AlarmRecord[]>();
  for (const alarm of alarms) {
    if (alarm.device_id === null) continue;
    const alarms = byDevice.get(alarm.device_id);
    if (alarms) alarms.push(alarm);
    else byDevice.set(alarm.device_id, [alarm]);
  }
  return byDevice;
}
