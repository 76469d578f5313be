// A fake Home Assistant for looking at the panel and the cards without one: 12 boxes on 3 floors
// (plus one box with only a floor number and one with none) in 5 areas, most of them on a floor
// plan (x/y), one only on the map, one with no place; ~20 alarms; the websocket commands answered
// as custom_components/safe_power/websocket_api.py answers them, and the `safe_power.report`
// action with a made-up report (dev/report.ts). A box's entities are keyed by the integration's
// entity keys (`active_power`, `alarm_<cause>`…), except the server room's, keyed by the names of
// the panel's contract (`power`, `unbalance`, `alarm`), so both are seen.
//
// Also: the recorder's history of the boxes (dev/history.ts), the panel's settings with Home
// Assistant's users and areas (`config/auth/list`, `config/area_registry/list`).
//
// Query parameters of the preview pages (dev/index.html, dev/cards.html):
//   lang=zh            Chinese (zh-Hans), else English
//   dark=1             Home Assistant's dark theme colours
//   scenario=empty     no boxes; error: safe_power/fleet fails; loading: it never answers;
//            viewer    a user who may not cut power (no Settings tab); report-error:
//                      safe_power.report fails; settings-error: saving the settings fails;
//            history-error: the recorder's history fails
//   live=1             a new alarm is raised 3 s after the page loads
//   boxes=500          that many made-up boxes instead of the 12 (on ~15 floors in ~60 areas for
//                      500, a few of them alarming, acknowledged, offline or switched off)
//   latency=0          the websocket's answers in that many ms (default 150)
//   drift=0            the readings stay still (else a phase current moves every 5 s)
// and `reconnect()` in the console fires the connection's "ready", as after a dropped websocket;
// `fake.setState(entityId, state)` changes an entity as Home Assistant would (`fake.boxes`: the fleet).
import type {
  AlarmEvent,
  AlarmQuery,
  AlarmRecord,
  Cause,
  Diagnosis,
  Fleet,
  FleetBox,
  HaArea,
  HassEntity,
  HaUser,
  HomeAssistant,
  PanelSettings,
  TariffChange,
  TariffPeriod,
  PowerCommand,
  ReportRequest,
  ServiceCallResponse,
  WsMessage,
} from "../src/api";
import { TARIFF_PERIODS, UNREACHABLE_CAUSES } from "../src/api";
import { fakeHistory, fakeStatistics, type Recorded } from "./history";
import { fakeReport } from "./report";

export const params = new URLSearchParams(location.search);
const zh = params.get("lang") === "zh";
const scenario = params.get("scenario");
/** Made-up boxes instead of the 12 (load at scale), or 0. */
const SCALE = Math.max(0, Math.min(5000, Math.floor(Number(params.get("boxes")) || 0)));
const LATENCY = Math.max(0, Number(params.get("latency") ?? 150) || 0);
const NOW = Date.now();
const MINUTE = 60_000;
/** In minutes, as `ago` takes them. */
const HOUR = 60;
const DAY = 24 * HOUR;

/** English or Chinese mock data, as the user would have typed it. */
export const tr = (en: string, zhText: string): string => (zh ? zhText : en);
const ago = (minutes: number): string => new Date(NOW - minutes * MINUTE).toISOString();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// --- Floors and areas -------------------------------------------------------------------------

interface Area {
  id: string;
  name: string;
  floor: { id: string; name: string } | null;
}
const BASEMENT = { id: "basement", name: tr("Basement", "地下一层") };
const GROUND = { id: "ground", name: tr("Ground floor", "一层") };
const FIRST = { id: "first", name: tr("First floor", "二层") };
const AREAS: Record<string, Area | undefined> = {
  garage: { id: "garage", name: tr("Car park", "地下车库"), floor: BASEMENT },
  plant: { id: "plant", name: tr("Plant room", "设备机房"), floor: BASEMENT },
  kitchen: { id: "kitchen", name: tr("Kitchen", "厨房"), floor: GROUND },
  lobby: { id: "lobby", name: tr("Lobby", "大堂"), floor: GROUND },
  offices: { id: "offices", name: tr("Offices", "办公区"), floor: FIRST },
};
/** Areas of Home Assistant without a box: the settings offer them too. */
const EMPTY_AREAS: Area[] = [
  { id: "garden", name: tr("Garden", "花园"), floor: null },
  { id: "roof", name: tr("Roof", "屋顶"), floor: null },
];

// --- Boxes and their entities -----------------------------------------------------------------

const UNITS: Record<string, string | undefined> = {
  current: "A",
  voltage: "V",
  leakage_current: "mA",
  cable_temperature: "°C",
  box_temperature: "°C",
  active_power: "W",
  power: "W",
  energy: "kWh",
  frequency: "Hz",
  unbalance: "%",
  voltage_unbalance: "%",
  current_unbalance: "%",
  overcurrent_threshold: "A",
  leakage_threshold: "mA",
  cable_temperature_threshold: "°C",
  box_temperature_threshold: "°C",
  overvoltage_threshold: "V",
  undervoltage_threshold: "V",
};
const unitOf = (key: string): string | undefined => UNITS[key] ?? UNITS[key.replace(/_[abcn]$/, "")];

/** The causes the detector itself reports, each with a binary sensor `alarm_<cause>`. */
const DEVICE_CAUSES: Cause[] = [
  "overcurrent",
  "leakage",
  "cable_over_temperature",
  "box_over_temperature",
  "overvoltage",
  "undervoltage",
  "phase_loss",
  "unbalance",
  "sensor_fault",
  "contactor_tripped",
];
/** The integration's key → the contract's, for the box keyed by the contract's names. */
const CONTRACT_KEYS: Record<string, string> = { active_power: "power", voltage_unbalance: "unbalance" };

interface Spec {
  id: string;
  name: string;
  area: string | null;
  level: number | null;
  location: string | null;
  transport?: "modbus" | "mqtt";
  /** Readings; null: the box does not answer (its entities are unavailable). */
  values: Record<string, number> | null;
  contactor?: "on" | "off";
  /** Its power-off read-back fails. */
  stuck?: boolean;
  /** Its entities keyed by the contract's names. */
  contract?: boolean;
  /** Where it is on its floor's plan: metres east and north of the building's south-west corner. */
  at?: [number, number];
  /** Its latitude and longitude. */
  geo?: [number, number];
  /** Its site (default: the hospital) and building (default: the main building; none with `geo`). */
  site?: string;
  building?: string | null;
}

const normal = (current: number, leakage: number, temperature: number): Record<string, number> => ({
  current_a: current,
  current_b: current * 0.92,
  current_c: current * 1.05,
  current_n: current * 0.13,
  voltage_a: 229.8,
  voltage_b: 231.2,
  voltage_c: 228.4,
  leakage_current: leakage,
  cable_temperature_a: temperature,
  cable_temperature_b: temperature - 1.5,
  cable_temperature_c: temperature + 0.8,
  cable_temperature_n: temperature - 3,
  box_temperature: temperature - 4,
  active_power: current * 3 * 230 * 0.93,
  energy: 18_420 + current * 97,
  power_factor: 0.93,
  frequency: 50.01,
  voltage_unbalance: 2.4,
  current_unbalance: 6.1,
  overcurrent_threshold: 32,
  leakage_threshold: 300,
  cable_temperature_threshold: 70,
  box_temperature_threshold: 60,
  overvoltage_threshold: 253,
  undervoltage_threshold: 198,
});

const SPECS: Spec[] = [
  {
    id: "dev-01",
    name: tr("Car park DB-1", "车库配电箱 1"),
    area: "garage",
    level: -1,
    location: tr("Ramp, north wall", "坡道北墙"),
    values: normal(12.4, 18, 31),
    at: [6, 21],
  },
  {
    id: "dev-02",
    name: tr("Car park DB-2", "车库配电箱 2"),
    area: "garage",
    level: -1,
    location: tr("Bay 40, EV chargers", "40 号车位充电桩旁"),
    values: { ...normal(21.7, 312, 34) },
    stuck: true,
    at: [33, 5],
  },
  {
    id: "dev-03",
    name: tr("Main distribution board", "总配电柜"),
    area: "plant",
    level: -1,
    location: tr("B1 floor, east shaft", "负一层东侧竖井"),
    values: { ...normal(30.1, 42, 58), current_b: 35.2, cable_temperature_b: 66 },
    at: [55, 17],
  },
  {
    id: "dev-04",
    name: tr("Pumps", "水泵控制箱"),
    area: "plant",
    level: -1,
    location: tr("Next to the water tank", "水箱旁"),
    values: { ...normal(18.3, 25, 64), cable_temperature_a: 72 },
    at: [47, 3],
  },
  {
    id: "dev-05",
    name: tr("Kitchen DB-1", "厨房配电箱 1"),
    area: "kitchen",
    level: 0,
    location: tr("Behind the cold room", "冷库后墙"),
    values: { ...normal(16.2, 35, 44), cable_temperature_a: 78 },
    at: [14, 16],
  },
  {
    id: "dev-06",
    name: tr("Kitchen DB-2 (ovens)", "厨房配电箱 2（烤箱）"),
    area: "kitchen",
    level: 0,
    location: tr("Oven line, west wall", "烤箱线西墙"),
    values: { ...normal(0, 2, 26), active_power: 0 },
    contactor: "off",
    at: [3, 9],
  },
  {
    id: "dev-07",
    name: tr("Lobby DB", "大堂配电箱"),
    area: "lobby",
    level: 0,
    location: tr("Reception, under the stairs", "前台楼梯下"),
    values: normal(8.6, 12, 29),
    at: [36, 7],
  },
  {
    id: "dev-08",
    name: tr("Lobby lighting", "大堂照明箱"),
    area: "lobby",
    level: 0,
    location: tr("Ceiling void, entrance", "入口吊顶内"),
    values: null,
  },
  {
    id: "dev-09",
    name: tr("Offices east", "办公区东配电箱"),
    area: "offices",
    level: 1,
    location: tr("Copy room", "复印间"),
    values: normal(9.8, 21, 30),
    at: [51, 12],
  },
  {
    id: "dev-10",
    name: tr("Offices west", "办公区西配电箱"),
    area: "offices",
    level: 1,
    location: tr("Corridor, room 118", "118 室走廊"),
    values: { ...normal(11.1, 19, 31), voltage_c: 180.4, voltage_unbalance: 14.6 },
    at: [9, 12],
  },
  {
    id: "dev-11",
    name: tr("Server room", "机房配电箱"),
    area: null,
    level: 3,
    location: tr("Rack row B", "B 排机柜"),
    transport: "mqtt",
    contract: true,
    values: normal(14.9, 9, 27),
    at: [28, 14],
  },
  {
    id: "dev-12",
    name: tr("Site box (temporary)", "临时施工箱"),
    area: null,
    level: null,
    location: null,
    transport: "mqtt",
    values: null,
    geo: [31.23041, 121.4737],
  },
];

const states: Record<string, HassEntity> = {};
const entity = (entityId: string, state: string, unit?: string): string => {
  states[entityId] = {
    entity_id: entityId,
    state,
    attributes: unit === undefined ? {} : { unit_of_measurement: unit },
  };
  return entityId;
};

const KEYS = Object.keys(normal(1, 1, 1));

// --- Many boxes (?boxes=500): floors, areas and boxes made up, the same at every load ---------

/** A repeatable pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOMS: [string, string][] = [
  ["Offices", "办公区"],
  ["Kitchen", "厨房"],
  ["Plant room", "设备间"],
  ["Store", "库房"],
  ["Lab", "实验室"],
  ["Workshop", "车间"],
  ["Canteen", "餐厅"],
  ["Server room", "机房"],
  ["Ward", "病区"],
  ["Classroom", "教室"],
];

/** What the scale mode adds to the alarm register, by box: [cause, state, minutes ago]. */
const scaleAlarms: AlarmSpec[] = [];

function scaleSpecs(count: number): Spec[] {
  const rand = random(count);
  const floors = Math.max(1, Math.min(15, Math.round(count / 33)));
  const areaCount = Math.max(1, Math.round(count / 8));
  const floorOf = (i: number): { id: string; name: string; level: number; code: string } => {
    const level = i - 2;
    const name =
      level < 0
        ? tr(`Basement ${-level}`, `地下${-level}层`)
        : level === 0
          ? tr("Ground floor", "一层")
          : tr(`Floor ${level}`, `${level + 1}层`);
    // How a box's label names its floor: B2, G, L3 (B2, 1F, 4F in Chinese).
    const code = level < 0 ? `B${-level}` : tr(level === 0 ? "G" : `L${level}`, `${level + 1}F`);
    return { id: `floor-${level}`, name, level, code };
  };
  const areas = Array.from({ length: areaCount }, (_, i) => {
    const floor = floorOf(i % floors);
    const [en, zhName] = ROOMS[Math.floor(i / floors) % ROOMS.length];
    const n = Math.floor(i / floors / ROOMS.length) + 1;
    const id = `area-${i}`;
    AREAS[id] = {
      id,
      name: tr(`${en} ${floor.code}-${n}`, `${floor.name}${zhName}${n > 1 ? n : ""}`),
      floor: { id: floor.id, name: floor.name },
    };
    // Three buildings; every fifth area on a second site.
    const building = tr(`Building ${1 + (i % 3)}`, `${1 + (i % 3)} 号楼`);
    const site = i % 5 === 4 ? tr("East campus", "东院区") : undefined;
    return { id, level: floor.level, code: floor.code, building, site };
  });
  return Array.from({ length: count }, (_, i): Spec => {
    const area = areas[i % areaCount];
    const id = `box-${String(i + 1).padStart(4, "0")}`;
    const roll = rand();
    const values = normal(4 + rand() * 24, 5 + rand() * 40, 25 + rand() * 14);
    const spec: Spec = {
      id,
      name: tr(`DB ${area.code}-${String(i + 1).padStart(3, "0")}`, `配电箱 ${area.code}-${String(i + 1).padStart(3, "0")}`),
      area: area.id,
      level: area.level,
      building: area.building,
      ...(area.site !== undefined && { site: area.site }),
      location: tr(`Riser ${1 + (i % 6)}`, `${1 + (i % 6)} 号竖井`),
      values,
      at: [Math.round(rand() * 600) / 10, Math.round(rand() * 250) / 10],
    };
    if (roll < 0.03) {
      // Alarming: over its overcurrent setting now.
      values.current_b = 34 + rand() * 6;
      scaleAlarms.push({ box: id, cause: "overcurrent", value: values.current_b, threshold: 32, unit: "A", channel: "current_b", minutes: 1 + Math.floor(rand() * 50) });
    } else if (roll < 0.05) {
      values.leakage_current = 290 + rand() * 20;
      scaleAlarms.push({ box: id, cause: "leakage", value: 305, threshold: 300, unit: "mA", channel: "leakage_current", minutes: 60 + Math.floor(rand() * 300), acknowledged: { minutes: 30, user: tr("Li Wei", "李伟"), via: "app" } });
    } else if (roll < 0.07) {
      spec.values = null;
      scaleAlarms.push({ box: id, cause: "offline", minutes: 20 + Math.floor(rand() * 200) });
    } else if (roll < 0.08) {
      spec.contactor = "off";
      values.current_a = values.current_b = values.current_c = values.current_n = 0;
    }
    if (rand() < 0.25) {
      const minutes = 2 * DAY + Math.floor(rand() * 20 * DAY);
      scaleAlarms.push({ box: id, cause: "cable_over_temperature", value: 72, threshold: 70, unit: "°C", channel: "cable_temperature_a", minutes, cleared: minutes - 30 });
    }
    return spec;
  });
}

const USED_SPECS = SCALE > 0 ? scaleSpecs(SCALE) : SPECS;
const specs = new Map(USED_SPECS.map((spec) => [spec.id, spec]));
/** The readings behind an alarm of the last hour rose lately: [since (ms), the share before]. */
const surges: Record<string, Record<string, [number, number]> | undefined> = {
  "dev-03": {
    current_a: [Date.now() - 6 * MINUTE, 0.8],
    current_b: [Date.now() - 6 * MINUTE, 0.72],
    current_c: [Date.now() - 6 * MINUTE, 0.8],
    cable_temperature_b: [Date.now() - 3 * MINUTE, 0.85],
  },
  "dev-05": { cable_temperature_a: [Date.now() - 50 * MINUTE, 0.7] },
  "dev-02": { leakage_current: [Date.now() - 15 * MINUTE, 0.93] },
};
/** The fake recorder's entities: what dev/history.ts makes their history of. */
const recorded = new Map<string, Recorded>();
const START = Date.now();

function makeBox(spec: Spec, index: number): FleetBox {
  const slug = `safe_power_${spec.id.replace("-", "_")}`;
  const area = spec.area === null ? null : (AREAS[spec.area] ?? null);
  const entities: Record<string, string> = {};
  const dead = spec.values === null;
  const past = spec.values ?? normal(7 + (index % 5), 10 + index, 28);
  for (const own of KEYS) {
    const value = spec.values?.[own];
    const key = spec.contract ? (CONTRACT_KEYS[own] ?? own) : own;
    if (spec.contract && (key.endsWith("_threshold") || key === "current_unbalance")) continue;
    const text = dead || value === undefined ? "unavailable" : String(Math.round(value * 100) / 100);
    entities[key] = entity(`sensor.${slug}_${key}`, text, unitOf(key));
    recorded.set(entities[key], {
      key: own,
      values: past,
      seed: index * 101 + 7,
      index,
      unit: unitOf(key),
      ...(dead && { offlineSince: START - (spec.id === "dev-08" ? 40 : 20 + (index % 90)) * MINUTE }),
      ...(spec.id === "dev-02" && { ageing: true }),
      ...(spec.id === "dev-03" && { settingChange: [START - 3 * DAY * MINUTE, 40] as [number, number] }),
      ...(surges[spec.id] && { surges: surges[spec.id] }),
    });
  }
  if (spec.transport !== "mqtt") {
    entities.contactor = entity(`switch.${slug}_contactor`, dead ? "unavailable" : (spec.contactor ?? "on"));
  }
  entities.connectivity = entity(
    `binary_sensor.${slug}_connectivity`,
    spec.id === "dev-08" ? "off" : dead ? "unavailable" : "on",
  );
  for (const key of spec.contract ? ["alarm"] : DEVICE_CAUSES.map((cause) => `alarm_${cause}`)) {
    entities[key] = entity(`binary_sensor.${slug}_${key}`, dead ? "unavailable" : "off");
  }
  entities.active_alarms = entity(`sensor.${slug}_active_alarms`, "0");
  if (!spec.contract) {
    // What else the integration gives a box: its location as a sensor, two buttons, the alarm log.
    entities.location = entity(`sensor.${slug}_location`, "unknown");
    entities.alarm_reset = entity(`button.${slug}_alarm_reset`, "unknown");
    entities.self_test = entity(`button.${slug}_self_test`, "unknown");
    entities.alarm_log = entity(`event.${slug}_alarm_log`, ago(3 * DAY));
  }
  return {
    device_id: spec.id,
    serial: `SP-2407-${String(1031 + index * 7).padStart(5, "0")}`,
    name: spec.name,
    transport: spec.transport ?? "modbus",
    area_id: area?.id ?? null,
    area: area?.name ?? null,
    site: spec.site ?? tr("Riverside Hospital", "滨江医院"),
    building: spec.building !== undefined ? spec.building : spec.geo ? null : tr("Main building", "主楼"),
    floor_id: area?.floor?.id ?? null,
    floor: area?.floor?.name ?? null,
    level: spec.level,
    location: spec.location,
    x: spec.at?.[0] ?? null,
    y: spec.at?.[1] ?? null,
    latitude: spec.geo?.[0] ?? null,
    longitude: spec.geo?.[1] ?? null,
    entities,
  };
}

export const BOXES = USED_SPECS.map(makeBox);
const boxById = new Map(BOXES.map((box) => [box.device_id, box]));

// --- Alarms -----------------------------------------------------------------------------------

const DIAGNOSES: Record<string, Diagnosis> = {
  overload: {
    rule: "overload",
    confidence: 0.86,
    en: "The phase B cable is at 66 °C while it carries 35.2 A (110% of the overcurrent setting, 32 A; 1.6× its usual 22.0 A) and the temperature rises and falls with the current: the circuit is overloaded, the heat comes from the load. PVC-insulated cable is rated for 70 °C. Reduce or spread the load (move loads to other circuits or other times); if the load is needed, have the cable and its breaker resized.",
    zh: "B相电缆温度66 °C，电流35.2 A（达到过流整定值（32 A）的110%，是平时（22.0 A）的1.6倍），温度随电流升降，属于过负荷发热。PVC绝缘电缆长期允许工作温度为70 °C。建议核对负荷，分流或错峰用电；确需这么大负荷的，应更换截面更大的电缆和相应的断路器。",
  },
  loose_terminal: {
    rule: "loose_terminal",
    confidence: 0.81,
    en: "The phase A cable is at 78 °C, 33 K hotter than the other conductors, while it carries 16.2 A, about the same as the others (15.8 A), so the load does not explain the heat. Most likely a loose terminal or poor contact on phase A: the contact resistance has grown and heats the joint. Switch off and re-tighten the phase A terminals (breaker in/out, busbar bolts); look for discolouration or burn marks and replace damaged lugs.",
    zh: "A相电缆温度78 °C，比其他导线高33 °C，但A相电流16.2 A，与其他相（15.8 A）相当，发热不是负荷大引起的。多半是A相接线端子松动、接触不良，接触电阻增大导致发热。建议停电后检查并紧固A相端子（断路器进出线、汇流排螺栓），查看有无发黑、烧蚀，损坏的线鼻子要更换。",
  },
  nearby_heat: {
    rule: "nearby_heat",
    confidence: 0.32,
    en: "The box itself is warm (40 °C): part of the heat may come from the cold room's condenser next to it. Check the ventilation around the box.",
    zh: "箱体温度偏高（40 °C），部分热量可能来自旁边冷库的冷凝器。建议检查配电箱周围的通风。",
  },
  insulation_ageing: {
    rule: "insulation_ageing",
    confidence: 0.74,
    en: "The leakage current's baseline has crept up steadily from 120 mA to 290 mA over 21.0 days (about 8 mA a day), a slow rise rather than a jump: typical of ageing or damp insulation. Measure the insulation resistance circuit by circuit with an insulation tester (megger), starting with old, damp or underground runs.",
    zh: "剩余电流（漏电流）的底值在21.0天内从120 mA逐渐升到290 mA（约每天升8 mA），是缓慢上升而不是突变，常见于线路绝缘老化或受潮。建议用兆欧表分回路测量绝缘电阻，重点检查老旧、潮湿和埋地敷设的线路。",
  },
  supply_side: {
    rule: "supply_side",
    confidence: 0.68,
    en: "Phase C is low (180 V) on this box and on Offices east at the same time: the cause is upstream, in the supply, not in this box. Check the incoming supply and the main switchboard's phase C.",
    zh: "本箱与办公区东配电箱同时出现C相电压偏低（180 V），原因在上级供电，不在本箱。建议检查进线电源和总配电柜的C相。",
  },
};

let serial = 0;
export interface AlarmSpec {
  box: string | null;
  cause: Cause;
  origin?: AlarmRecord["origin"];
  value?: number;
  threshold?: number;
  unit?: string;
  channel?: string;
  minutes: number;
  acknowledged?: { minutes: number; user: string | null; via: string };
  cleared?: number;
  power?: { minutes: number; user: string; command: "off" | "on"; ok: boolean; error?: string }[];
  diagnosis?: string[];
  covered?: number;
  late?: number;
}
const BELOW: Cause[] = ["undervoltage", "phase_loss", "supply_outage"];
const NO_LIMIT: Cause[] = ["offline", "sensor_fault", "contactor_tripped", "gateway_unreachable"];

export function makeAlarm(spec: AlarmSpec): AlarmRecord {
  serial += 1;
  const box = spec.box === null ? null : (boxById.get(spec.box) ?? null);
  const time = ago(spec.minutes);
  return {
    alarm_id: `alarm-${String(serial).padStart(3, "0")}`,
    serial: box?.serial ?? "GW-0001",
    device_id: box?.device_id ?? null,
    entry_id: "entry-1",
    box: box?.name ?? tr("Modbus gateway (192.168.1.20)", "Modbus 网关（192.168.1.20）"),
    cause: spec.cause,
    origin: spec.origin ?? (UNREACHABLE_CAUSES.includes(spec.cause) ? "home_assistant" : "device"),
    value: spec.value ?? null,
    threshold: spec.threshold ?? null,
    limit: NO_LIMIT.includes(spec.cause) ? null : BELOW.includes(spec.cause) ? "below" : "above",
    unit: spec.unit ?? null,
    channel: spec.channel ?? null,
    time,
    received: spec.late === undefined ? time : ago(spec.minutes - spec.late),
    clock: "box",
    late: spec.late !== undefined,
    area_id: box?.area_id ?? null,
    area: box?.area ?? null,
    site: null,
    building: box?.building ?? null,
    location: box?.location ?? null,
    latitude: null,
    longitude: null,
    x: null,
    y: null,
    floor: box?.level ?? null,
    diagnosis: (spec.diagnosis ?? []).map((rule) => DIAGNOSES[rule]),
    notify_targets: ["mobile_app_duty_phone"],
    state: spec.cleared !== undefined ? "cleared" : spec.acknowledged ? "acknowledged" : "active",
    acknowledged: spec.acknowledged
      ? {
          at: ago(spec.acknowledged.minutes),
          via: spec.acknowledged.via,
          user_id: spec.acknowledged.user ? "u1" : null,
          user: spec.acknowledged.user,
        }
      : null,
    cleared: spec.cleared === undefined ? null : ago(spec.cleared),
    cleared_value: null,
    power: (spec.power ?? []).map((p): PowerCommand => ({
      at: ago(p.minutes),
      via: "dashboard",
      user_id: "u1",
      user: p.user,
      command: p.command,
      ok: p.ok,
      error: p.error ?? null,
    })),
    covered_by: spec.covered === undefined ? null : `alarm-${String(spec.covered).padStart(3, "0")}`,
    uncovered: null,
    notifications: { count: 1, last: time, level: 0 },
  };
}

const LI = tr("Li Wei", "李伟");
const ZHANG = tr("Zhang Min", "张敏");

const ALARM_SPECS: AlarmSpec[] = [
  {
    box: "dev-03",
    cause: "overcurrent",
    value: 35.2,
    threshold: 32,
    unit: "A",
    channel: "current_b",
    minutes: 4,
    diagnosis: ["overload"],
  },
  {
    box: "dev-02",
    cause: "leakage",
    value: 312,
    threshold: 300,
    unit: "mA",
    channel: "leakage_current",
    minutes: 12,
    diagnosis: ["insulation_ageing"],
    power: [
      {
        minutes: 9,
        user: LI,
        command: "off",
        ok: false,
        error: tr("The contactor still reads closed after the command", "分闸命令后回读接触器仍为合闸"),
      },
    ],
  },
  {
    box: "dev-05",
    cause: "cable_over_temperature",
    value: 78,
    threshold: 70,
    unit: "°C",
    channel: "cable_temperature_a",
    minutes: 25,
    diagnosis: ["loose_terminal", "nearby_heat"],
  },
  { box: "dev-08", cause: "offline", minutes: 40 },
  {
    box: "dev-10",
    cause: "undervoltage",
    value: 180.4,
    threshold: 198,
    unit: "V",
    channel: "voltage_c",
    minutes: 55,
    acknowledged: { minutes: 50, user: ZHANG, via: "app" },
    diagnosis: ["supply_side"],
  },
  {
    box: "dev-10",
    cause: "undervoltage",
    origin: "user_limit",
    value: 180.4,
    threshold: 207,
    unit: "V",
    channel: "voltage_c",
    minutes: 56,
    covered: 5,
  },
  {
    box: "dev-04",
    cause: "cable_over_temperature",
    value: 72,
    threshold: 70,
    unit: "°C",
    channel: "cable_temperature_a",
    minutes: 2 * HOUR,
    acknowledged: { minutes: 110, user: ZHANG, via: "app" },
  },
  {
    box: "dev-12",
    cause: "offline",
    minutes: 3 * HOUR,
    acknowledged: { minutes: 170, user: null, via: "automation" },
  },
  {
    box: "dev-06",
    cause: "overcurrent",
    value: 41.8,
    threshold: 32,
    unit: "A",
    channel: "current_a",
    minutes: 5 * HOUR,
    acknowledged: { minutes: 298, user: LI, via: "dashboard" },
    cleared: 296,
    power: [{ minutes: 297, user: LI, command: "off", ok: true }],
  },
  {
    box: "dev-02",
    cause: "leakage",
    value: 305,
    threshold: 300,
    unit: "mA",
    channel: "leakage_current",
    minutes: 26 * HOUR,
    acknowledged: { minutes: 26 * HOUR - 5, user: LI, via: "app" },
    cleared: 25 * HOUR,
  },
  {
    box: "dev-09",
    cause: "overvoltage",
    value: 258.3,
    threshold: 253,
    unit: "V",
    channel: "voltage_a",
    minutes: 2 * DAY,
    cleared: 2 * DAY - 14,
    late: 6,
  },
  {
    box: "dev-10",
    cause: "phase_loss",
    value: 0,
    threshold: 160,
    unit: "V",
    channel: "voltage_c",
    minutes: 3 * DAY,
    acknowledged: { minutes: 3 * DAY - 3, user: ZHANG, via: "app" },
    cleared: 3 * DAY - 42,
  },
  {
    box: "dev-07",
    cause: "unbalance",
    origin: "user_limit",
    value: 21.5,
    threshold: 20,
    unit: "%",
    minutes: 5 * DAY,
    cleared: 5 * DAY - 90,
  },
  { box: null, cause: "gateway_unreachable", minutes: 6 * DAY, cleared: 6 * DAY - 12 },
  {
    box: "dev-11",
    cause: "sensor_fault",
    minutes: 9 * DAY,
    acknowledged: { minutes: 9 * DAY - 30, user: LI, via: "dashboard" },
    cleared: 8 * DAY,
  },
  {
    box: "dev-06",
    cause: "contactor_tripped",
    minutes: 12 * DAY,
    acknowledged: { minutes: 12 * DAY - 8, user: ZHANG, via: "app" },
    cleared: 12 * DAY - 60,
    power: [{ minutes: 12 * DAY - 55, user: ZHANG, command: "on", ok: true }],
  },
  {
    box: "dev-03",
    cause: "box_over_temperature",
    value: 61,
    threshold: 60,
    unit: "°C",
    channel: "box_temperature",
    minutes: 20 * DAY,
    cleared: 20 * DAY - 35,
  },
  { box: "dev-01", cause: "supply_outage", minutes: 26 * DAY, cleared: 26 * DAY - 4 },
  { box: "dev-08", cause: "offline", minutes: 40 * DAY, cleared: 40 * DAY - 180 },
  {
    box: "dev-05",
    cause: "overcurrent",
    value: 33.9,
    threshold: 32,
    unit: "A",
    channel: "current_c",
    minutes: 45 * DAY,
    cleared: 45 * DAY - 20,
  },
];
export const ALARMS: AlarmRecord[] = (SCALE > 0 ? scaleAlarms : ALARM_SPECS).map(makeAlarm);

// The boxes' own alarm entities agree with the register.
for (const box of BOXES) {
  const open = ALARMS.filter((a) => a.device_id === box.device_id && a.state === "active");
  for (const alarm of open.filter((a) => a.origin === "device")) {
    const id = box.entities[`alarm_${alarm.cause}`] ?? box.entities.alarm;
    if (id && states[id].state !== "unavailable") entity(id, "on");
  }
  const count = box.entities.active_alarms;
  if (count) entity(count, String(open.length));
}

// --- The fake `hass` --------------------------------------------------------------------------

type Listener = (event: AlarmEvent) => void;
const subscribers = new Set<Listener>();
export const emit = (type: AlarmEvent["type"], alarm: AlarmRecord): void => {
  subscribers.forEach((listener) => listener({ type, alarm: structuredClone(alarm) }));
};

const user = { id: "u1", name: tr("Dev user", "开发用户"), is_admin: scenario !== "viewer" };

// --- Home Assistant's users and areas, and the panel's settings ---------------------------------

const person = (id: string, name: string, username: string | null, more: Partial<HaUser> = {}): HaUser => ({
  id,
  name,
  username,
  is_owner: false,
  is_active: true,
  system_generated: false,
  group_ids: ["system-users"],
  ...more,
});
const USERS: HaUser[] = [
  person(user.id, user.name, "dev", { is_owner: true, group_ids: ["system-admin"] }),
  person("u-wang", tr("Wang Fang", "王芳"), "wangfang", { group_ids: ["system-admin"] }),
  person("u-li", tr("Li Wei", "李伟"), "liwei"),
  person("u-zhang", tr("Zhang Min", "张敏"), "zhangmin"),
  person("u-kitchen", tr("Kitchen contractor", "厨房承包商"), "kitchen"),
  person("u-guard", tr("Night guard", "夜班保安"), "guard"),
  person("u-chen", tr("Chen Jie (left)", "陈杰（已离职）"), "chenjie", { is_active: false }),
  person("u-sup", "Supervisor", null, { system_generated: true, group_ids: ["system-admin"] }),
  person("u-content", "Home Assistant Content", null, { system_generated: true, group_ids: ["system-read-only"] }),
];
let settings: PanelSettings = {
  power_users: ["u-li", "u-zhang"],
  user_areas: {
    "u-kitchen": [SCALE > 0 ? "area-1" : "kitchen"],
    "u-guard": SCALE > 0 ? ["area-0", "area-2"] : ["lobby", "garage"],
    // A user deleted since: the panel offers to drop it.
    "u-gone": [SCALE > 0 ? "area-0" : "lobby"],
  },
  tariff: null,
  state_updates: "every_change",
  heartbeat_minutes: 5,
};

/** The server's check of a time-of-use schedule (box/tariff.py): its error, or the schedule normalised. */
function checkTariff(value: unknown): string | TariffChange[] {
  if (!Array.isArray(value) || !value.length) return "a time-of-use schedule needs at least one period";
  const out: TariffChange[] = [];
  let previous = -1;
  for (const item of value as Record<string, unknown>[]) {
    const match = typeof item.start === "string" ? /^(\d{1,2}):(\d{2})$/.exec(item.start) : null;
    const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
    if (!match || Number(match[2]) > 59 || !(minute < 1440)) return `time of day '${String(item.start)}' is not HH:MM`;
    if (!(TARIFF_PERIODS as readonly unknown[]).includes(item.period)) {
      return `unknown tariff period '${String(item.period)}' (known: ${TARIFF_PERIODS.join(", ")})`;
    }
    if (minute <= previous) {
      return `schedule entries must be in increasing time order: ${item.start as string} comes after ${out[out.length - 1].start}`;
    }
    previous = minute;
    out.push({ start: `${String(Math.floor(minute / 60)).padStart(2, "0")}:${match[2]}`, period: item.period as TariffPeriod });
  }
  return out;
}
const areaList = (): HaArea[] =>
  [...Object.values(AREAS), ...EMPTY_AREAS]
    .filter((a): a is Area => a !== undefined)
    .map((a) => ({ area_id: a.id, name: a.name, floor_id: a.floor?.id ?? null, aliases: [], picture: null }));
const actor = () => ({ at: new Date().toISOString(), via: "dashboard", user_id: user.id, user: user.name });

function query(msg: AlarmQuery): { alarms: AlarmRecord[]; total: number } {
  const matching = ALARMS.filter(
    (a) =>
      (!msg.states || msg.states.includes(a.state)) &&
      (!msg.causes || msg.causes.includes(a.cause)) &&
      (!msg.area_ids || msg.area_ids.includes(a.area_id ?? "")) &&
      (!msg.device_ids || msg.device_ids.includes(a.device_id ?? "")) &&
      (!msg.start || a.time >= msg.start) &&
      (!msg.end || a.time <= msg.end),
  ).sort((a, b) => b.time.localeCompare(a.time));
  return { alarms: structuredClone(matching.slice(0, msg.limit ?? matching.length)), total: matching.length };
}

function setState(entityId: string, state: string): void {
  const old = states[entityId];
  if (!old) return;
  states[entityId] = { ...old, state };
  publish();
}

const refuse = (message: string) => Promise.reject({ code: "home_assistant_error", message });

// --- Floor plans' drawings: kept in memory, the image as a data URL (the server's signed link) ---

/** A made-up drawing of the car park (60 × 24 m): walls, bays, the plant room, a ramp. */
const CAR_PARK = (() => {
  const bays = Array.from({ length: 13 }, (_, i) => {
    const x = 4 + i * 2.5;
    return `<path d="M${x} 0.6v5M${x} 18.4v5"/>`;
  }).join("");
  const drawing = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 24" width="600" height="240">
<rect width="60" height="24" fill="#f4f1e8"/>
<g fill="none" stroke="#6b5f4a" stroke-width="0.15">${bays}<path d="M4 5.6h30M4 18.4h30"/></g>
<g fill="none" stroke="#3a3226" stroke-width="0.5"><rect x="0.3" y="0.3" width="59.4" height="23.4"/>
<path d="M40 0.3v9M40 13v10.7M40 12h19.7"/></g>
<g fill="#d9d2c0" stroke="#3a3226" stroke-width="0.2"><rect x="0.3" y="9" width="3" height="6"/></g>
<g font-family="sans-serif" font-size="1.4" fill="#6b5f4a"><text x="14" y="12.5">P</text><text x="46" y="6">${tr("PLANT", "配电房")}</text><text x="46" y="19">${tr("PUMPS", "水泵房")}</text></g>
</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(drawing)}`;
})();

interface Drawing {
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
const drawings: Record<string, Drawing> = { basement: { url: CAR_PARK, x: 0, y: 24, width: 60, height: 24 } };

/** The image's kind by its first bytes, as the server tells them (a PNG, JPEG or WebP). */
function imageKind(base64: string): string | null {
  let head: string;
  try {
    head = atob(base64.slice(0, 24));
  } catch {
    return null;
  }
  if (head.startsWith("\x89PNG\r\n\x1a\n")) return "png";
  if (head.startsWith("\xff\xd8\xff")) return "jpeg";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "webp";
  return null;
}

function setDrawing(msg: WsMessage): Promise<unknown> {
  if (!user.is_admin) return refuse("Unauthorized");
  const floor = msg.floor as string;
  const placement = { x: Number(msg.x), y: Number(msg.y), width: Number(msg.width), height: Number(msg.height) };
  if (!/^[\w:.-]{1,100}$/.test(floor) || placement.width < 0.1 || placement.height < 0.1) {
    return Promise.reject({ code: "invalid_format", message: "Invalid floor or placement" });
  }
  let url = drawings[floor]?.url;
  if (typeof msg.image === "string") {
    const kind = imageKind(msg.image);
    if (kind === null || (msg.image.length * 3) / 4 > 5 * 1024 * 1024) {
      return Promise.reject({ code: "invalid_format", message: "A floor plan is a PNG, JPEG or WebP of at most 5 MB" });
    }
    url = `data:image/${kind};base64,${msg.image}`;
  }
  if (url === undefined) return Promise.reject({ code: "invalid_format", message: "A new floor plan needs its image" });
  drawings[floor] = { url, ...placement };
  return Promise.resolve(null);
}

async function callWS<T>(msg: WsMessage): Promise<T> {
  if (LATENCY > 0) await sleep(LATENCY);
  switch (msg.type) {
    case "history/history_during_period": {
      if (scenario === "history-error") return refuse(tr("The recorder is not running", "记录器未运行"));
      const ids = msg.entity_ids as string[];
      return fakeHistory(recorded, ids, msg.start_time as string, msg.end_time as string | undefined) as T;
    }
    case "recorder/statistics_during_period": {
      if (scenario === "history-error") return refuse(tr("The recorder is not running", "记录器未运行"));
      const ids = msg.statistic_ids as string[];
      return fakeStatistics(recorded, ids, msg.start_time as string, msg.end_time as string | undefined) as T;
    }
    case "config/auth/list":
      if (!user.is_admin) return refuse("Unauthorized");
      return structuredClone(USERS) as T;
    case "config/area_registry/list":
      return areaList() as T;
    case "safe_power/settings":
      if (!user.is_admin) return refuse("Unauthorized");
      return structuredClone(settings) as T;
    case "safe_power/settings/update": {
      if (!user.is_admin) return refuse("Unauthorized");
      const powerUsers = msg.power_users as string[];
      const userAreas = msg.user_areas as Record<string, string[]>;
      const users = new Set(USERS.map((u) => u.id));
      const areas = new Set(areaList().map((a) => a.area_id));
      const unknown = [
        ...[...new Set([...powerUsers, ...Object.keys(userAreas)])].filter((id) => !users.has(id)).sort(),
        ...[...new Set(Object.values(userAreas).flat())].filter((id) => !areas.has(id)).sort(),
      ];
      // settings-error: as if an area had been deleted while the page was open.
      if (scenario === "settings-error") unknown.push(Object.values(userAreas).flat()[0] ?? "kitchen");
      if (unknown.length) {
        return Promise.reject({
          code: "not_found",
          message: `Unknown users or areas: [${unknown.map((id) => `'${id}'`).join(", ")}]`,
        });
      }
      const tariff = msg.tariff == null ? null : checkTariff(msg.tariff);
      if (typeof tariff === "string") return Promise.reject({ code: "invalid_format", message: tariff });
      // As the server's schema: either word, a whole 1-60 minutes; left out, kept.
      const updates = msg.state_updates ?? settings.state_updates;
      const heartbeat = msg.heartbeat_minutes ?? settings.heartbeat_minutes;
      if (
        (updates !== "every_change" && updates !== "significant") ||
        !Number.isInteger(heartbeat) ||
        (heartbeat as number) < 1 ||
        (heartbeat as number) > 60
      ) {
        return Promise.reject({ code: "invalid_format", message: "state_updates or heartbeat_minutes" });
      }
      settings = {
        power_users: [...new Set(powerUsers)].sort(),
        user_areas: Object.fromEntries(
          Object.entries(userAreas)
            .filter(([, list]) => list.length)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([id, list]) => [id, [...new Set(list)].sort()]),
        ),
        tariff,
        state_updates: updates as "every_change" | "significant",
        heartbeat_minutes: heartbeat as number,
      };
      return structuredClone(settings) as T;
    }
    case "safe_power/plans":
      return structuredClone(drawings) as T;
    case "safe_power/plans/set":
      return setDrawing(msg) as Promise<T>;
    case "safe_power/plans/delete":
      if (!user.is_admin) return refuse("Unauthorized");
      delete drawings[msg.floor as string];
      return null as T;
    case "safe_power/fleet": {
      if (scenario === "error") return refuse(tr("Unknown command.", "未知命令。"));
      if (scenario === "loading") return new Promise<T>(() => undefined);
      const fleet: Fleet = { can_power: user.is_admin, boxes: scenario === "empty" ? [] : BOXES };
      return fleet as T;
    }
    case "safe_power/alarms":
      return query(msg as AlarmQuery) as T;
    case "safe_power/acknowledge": {
      const ids = msg.alarm_ids as string[];
      const done: string[] = [];
      for (const alarm of ALARMS.filter((a) => ids.includes(a.alarm_id) && a.state === "active")) {
        alarm.acknowledged = actor();
        alarm.state = "acknowledged";
        done.push(alarm.alarm_id);
        emit("acknowledged", alarm);
      }
      return { acknowledged: done } as T;
    }
    case "safe_power/power_off": {
      const alarm = ALARMS.find((a) => a.alarm_id === msg.alarm_id);
      if (!alarm) return refuse(tr("No such alarm", "没有这条报警"));
      await sleep(900);
      const box = alarm.device_id === null ? undefined : boxById.get(alarm.device_id);
      const stuck = box !== undefined && specs.get(box.device_id)?.stuck === true;
      const error = stuck
        ? tr("The contactor still reads closed after the command", "分闸命令后回读接触器仍为合闸")
        : null;
      alarm.power = [...alarm.power, { ...actor(), command: "off", ok: !stuck, error }];
      emit("power_result", alarm);
      if (box?.entities.contactor && !stuck) setState(box.entities.contactor, "off");
      return { ok: !stuck, error } as T;
    }
    default:
      return refuse(`Unknown command ${msg.type}`);
  }
}

async function callService(
  domain: string,
  service: string,
  data: Record<string, unknown> = {},
): Promise<ServiceCallResponse> {
  const context = { id: `ctx-${Date.now()}` };
  if (domain === "safe_power" && service === "report") {
    if (scenario === "report-error") {
      await sleep(800);
      return refuse(
        tr(
          "The report needs the recorder: Home Assistant keeps the statistics it reads there",
          "生成报表需要启用记录器：报表读取的统计数据由记录器保存",
        ),
      );
    }
    const request = data as unknown as ReportRequest;
    // As the real one: a day is quick, a year takes seconds.
    await sleep({ day: 700, month: 1500, year: 3500, custom: 1200 }[request.period]);
    return { context, response: fakeReport(request, BOXES, ALARMS) };
  }
  await sleep(600);
  const entityId = String(data.entity_id);
  if (domain !== "switch") return refuse(`Service ${domain}.${service} not found`);
  const box = BOXES.find((b) => b.entities.contactor === entityId);
  if (box && specs.get(box.device_id)?.stuck) {
    return refuse(
      tr(
        "Safe Power: the contactor of Car park DB-2 did not follow the command (read back: closed)",
        "安全用电：车库配电箱 2 的接触器未执行命令（回读：合闸）",
      ),
    );
  }
  setState(entityId, service === "turn_off" ? "off" : "on");
  return { context };
}

/** `reconnect()` in the console: as if the websocket had dropped and come back. */
const readyListeners = new Set<() => void>();
Object.assign(window, {
  reconnect: () => readyListeners.forEach((listener) => listener()),
  // For bench/panel.py and the console: change an entity, as Home Assistant sends a state change.
  fake: { boxes: BOXES, setState },
});

const language = zh ? "zh-Hans" : "en";
let hass: HomeAssistant = {
  // A copy, as every `hass` after it: Home Assistant never changes the states of a `hass` it sent.
  states: { ...states },
  language,
  locale: { language },
  config: { time_zone: "Asia/Shanghai" },
  user,
  callWS,
  callService,
  connection: {
    addEventListener: (_, listener) => readyListeners.add(listener),
    removeEventListener: (_, listener) => readyListeners.delete(listener),
    subscribeMessage: async <T>(callback: (msg: T) => void, msg: WsMessage) => {
      if (msg.type === "safe_power/subscribe_box_settings") {
        // The settings as the fleet has them; the fake's boxes never change theirs.
        const box = BOXES.find((b) => b.device_id === msg.device_id);
        if (!box) return refuse(tr("Not a Safe Power box.", "不是 Safe Power 配电箱。"));
        callback({ settings: structuredClone(box.settings ?? {}) } as T);
        return async () => undefined;
      }
      const listener = callback as unknown as Listener;
      subscribers.add(listener);
      return async () => {
        subscribers.delete(listener);
      };
    },
  },
};

// --- What a page sees -------------------------------------------------------------------------

const listeners = new Set<(hass: HomeAssistant) => void>();

/** Follow `hass`: called now, and with a new `hass` at every state change, as Home Assistant does. */
export function onHass(listener: (hass: HomeAssistant) => void): void {
  listeners.add(listener);
  listener(hass);
}

function publish(): void {
  hass = { ...hass, states: { ...states } };
  listeners.forEach((listener) => listener(hass));
}

if (params.get("dark") === "1") {
  const dark: Record<string, string> = {
    "--primary-background-color": "#111111",
    "--card-background-color": "#1c1c1c",
    "--primary-text-color": "#e1e1e1",
    "--secondary-text-color": "#9b9b9b",
    "--divider-color": "rgba(225, 225, 225, 0.12)",
    "--app-header-background-color": "#101e24",
    "--app-header-text-color": "#e1e1e1",
    "--primary-color": "#009ac7",
  };
  Object.entries(dark).forEach(([name, value]) => document.body.style.setProperty(name, value));
  document.body.style.colorScheme = "dark";
}
// As Home Assistant: the page's language on <html lang> (the cards read it before they get `hass`).
document.documentElement.lang = language;

// Every few seconds the readings move a little, as a fleet's do.
if (params.get("drift") !== "0") setInterval(() => {
  for (const box of BOXES) {
    const id = box.entities.current_a;
    const old = id === undefined ? undefined : states[id];
    const value = Number(old?.state);
    if (id && old && Number.isFinite(value) && value > 0) {
      states[id] = { ...old, state: String(Math.round(value * (0.98 + Math.random() * 0.04) * 100) / 100) };
    }
  }
  publish();
}, 5000);

if (params.get("live") === "1") {
  setTimeout(() => {
    const alarm = makeAlarm({
      box: "dev-07",
      cause: "leakage",
      value: 46,
      threshold: 30,
      unit: "mA",
      channel: "leakage_current",
      minutes: 0,
    });
    ALARMS.unshift(alarm);
    emit("raised", alarm);
  }, 3000);
}
