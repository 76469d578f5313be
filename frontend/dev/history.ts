// The fake recorder: `history/history_during_period` answered with made-up but plausible states,
// a sample every 10 s (as a Modbus poll writes them), the same for any period asked (each value is
// a function of its time), so the panel's minute-by-minute reads join up:
//   currents follow a working day (low at night, a lunch dip), the neutral a share of them;
//   temperatures follow the load half an hour late; leakage wanders, and creeps up over the days
//   on a box whose insulation is ageing;
//   the boxes that are offline now went unavailable when they did; every third box had a
//   25-minute outage in the last day; Home Assistant restarted 3 days ago (90 s unknown for all);
//   the main board's overcurrent setting was tightened from 40 A to 32 A 3 days ago.
import type { HistoryAnswer, HistoryState, StatisticsAnswer, StatisticsRow } from "../src/history";

/** What the fake recorder knows of an entity: its box's readings now and the key of its reading. */
export interface Recorded {
  key: string;
  /** The box's readings now (or, for a box offline now, before it went). */
  values: Record<string, number>;
  /** A number per box, for its own randomness and profile. */
  seed: number;
  /** Since when (ms) the box has been offline, if it is. */
  offlineSince?: number;
  /** The leakage creeps up (insulation ageing). */
  ageing?: boolean;
  /** Its overcurrent setting changed: [when (ms), the value before]. */
  settingChange?: [number, number];
  /** Readings that rose lately (the alarm now): key → [since when (ms), the share before]. */
  surges?: Record<string, [number, number]>;
  /** Which box this is among all, for who had an outage. */
  index: number;
  unit?: string;
}

const STEP = 10_000;
/** When the readings are what `Recorded.values` says: the page's load (so every read agrees). */
const ANCHOR = Date.now();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Asia/Shanghai, the fake's time zone: UTC+8. */
const ZONE = 8 * HOUR;

/** A repeatable pseudo-random number in [0, 1) for an integer. */
function noise(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

/** Smooth noise in [-1, 1] over time: values 10 minutes apart, eased between. */
function wander(time: number, seed: number, period = 10 * 60_000): number {
  const i = Math.floor(time / period);
  const f = time / period - i;
  const ease = f * f * (3 - 2 * f);
  const a = noise(i * 7919 + seed) * 2 - 1;
  const b = noise((i + 1) * 7919 + seed) * 2 - 1;
  return a + (b - a) * ease;
}

/** The share of a box's full load at a time of day: a working day, low at night, a lunch dip. */
function load(time: number, seed: number): number {
  const hour = (((time + ZONE) % DAY) + DAY) % DAY / HOUR + ((seed % 5) - 2) * 0.25;
  const rise = 1 / (1 + Math.exp(-(hour - 8) * 1.6));
  const fall = 1 / (1 + Math.exp((hour - 19.5) * 1.2));
  const lunch = 0.18 * Math.exp(-((hour - 12.5) ** 2) / 0.6);
  const weekend = new Date(time + ZONE).getUTCDay() % 6 === 0 ? 0.6 : 1;
  return 0.3 + 0.7 * rise * fall * weekend - lunch * rise * fall;
}

/** The value of a box's reading `key` at `time`, as if `now` it reads `values[key]`. */
function valueAt(r: Recorded, time: number, now: number): number {
  const { key, values, seed } = r;
  const at = (k: string): number => values[k] ?? 0;
  const jitter = (amount: number): number => (noise(Math.floor(time / STEP) * 31 + seed * 977 + key.length) * 2 - 1) * amount;
  // A box's load swings by a quarter over the day; its readings now are where the swing is now.
  const shape = (t: number): number => (0.75 + 0.25 * load(t, seed)) / (0.75 + 0.25 * load(now, seed));
  if (key.endsWith("_threshold")) {
    if (key === "overcurrent_threshold" && r.settingChange && time < r.settingChange[0]) return r.settingChange[1];
    return at(key);
  }
  const surge = r.surges?.[key];
  return (surge && time < surge[0] ? surge[1] : 1) * reading(r, time, now, shape, jitter);
}

function reading(
  r: Recorded,
  time: number,
  now: number,
  shape: (t: number) => number,
  jitter: (amount: number) => number,
): number {
  const { key, values, seed } = r;
  const at = (k: string): number => values[k] ?? 0;
  if (key.startsWith("current_")) {
    const phase = key.slice(-1);
    // The neutral carries what the phases do not cancel: it wanders more.
    const spread = phase === "n" ? 0.3 : 0.06;
    const base = at(key);
    return Math.max(0, base * shape(time) * (1 + spread * wander(time, seed + phase.charCodeAt(0))) + jitter(base * 0.015));
  }
  if (key.startsWith("cable_temperature_") || key === "box_temperature") {
    const ambient = key === "box_temperature" ? at(key) - 6 : 24;
    const rise = Math.max(0, at(key) - ambient);
    return ambient + (rise * shape(time - 30 * 60_000)) / shape(now - 30 * 60_000) + 0.6 * wander(time, seed + 11) + jitter(0.15);
  }
  if (key === "leakage_current") {
    const days = (now - time) / DAY;
    const creep = r.ageing ? Math.max(0.35, 1 - 0.09 * days) : 1;
    const damp = 1 + 0.12 * wander(time, seed + 23, 3 * HOUR);
    // Now and then a load with a leaky heater or a damp socket is on for a while.
    const spike = noise(Math.floor(time / (20 * 60_000)) + seed) > 0.985 ? 1.25 : 1;
    return Math.max(0, at(key) * creep * damp * spike + jitter(0.3));
  }
  return at(key);
}

const DIGITS: Record<string, number> = { leakage_current: 0 };

/** An entity's state at a time, as its box wrote it. */
function stateOf(r: Recorded, now: number): (time: number) => string {
  const digits = DIGITS[r.key] ?? (r.key.endsWith("_threshold") ? 0 : 2);
  const scale = 10 ** digits;
  const restart = now - 3 * DAY - 5 * HOUR;
  const outage = r.index % 3 === 0 ? now - 5 * HOUR - (r.index % 7) * 2 * HOUR : -Infinity;
  return (time: number): string => {
    if (r.offlineSince !== undefined && time >= r.offlineSince) return "unavailable";
    if (time >= restart && time < restart + 90_000) return "unknown";
    if (time >= outage && time < outage + 25 * 60_000) return "unavailable";
    return String(Math.round(valueAt(r, time, now) * scale) / scale);
  };
}

/** The states of one entity from `start` to `end`, as the recorder answers with `minimal_response`. */
function statesOf(r: Recorded, start: number, end: number, now: number): HistoryState[] {
  const states: HistoryState[] = [];
  const stateAt = stateOf(r, now);
  const push = (time: number, state: string): void => {
    if (states.length && states[states.length - 1].s === state) return;
    states.push({ s: state, lu: Math.round(time) / 1000 });
  };
  const offset = (r.seed % 10) * 1000 + 317;
  // The state at the start: what the entity held then, from its last sample (dated at the start).
  push(start, stateAt(Math.floor((start - offset) / STEP) * STEP + offset));
  for (let time = Math.ceil((start - offset) / STEP) * STEP + offset; time < end; time += STEP) {
    if (time > start) push(time, stateAt(time));
  }
  if (states.length) states[0] = { ...states[0], a: r.unit ? { unit_of_measurement: r.unit } : {} };
  return states;
}

/** The answer to `history/history_during_period` for the entities the fake knows. */
export function fakeHistory(
  recorded: ReadonlyMap<string, Recorded>,
  entityIds: readonly string[],
  startIso: string,
  endIso: string | undefined,
): HistoryAnswer {
  const start = Date.parse(startIso);
  const end = Math.min(endIso ? Date.parse(endIso) : Date.now(), Date.now());
  const now = ANCHOR;
  const answer: HistoryAnswer = {};
  if (!(start < end)) return answer;
  for (const id of entityIds) {
    const r = recorded.get(id);
    if (r) answer[id] = statesOf(r, start, end, now);
  }
  return answer;
}

/**
 * The answer to `recorder/statistics_during_period` (period "hour", mean/min/max): the hours
 * compiled so far (not the current one), from the same readings sampled every minute; an hour
 * with no reading (the box offline) has no row. The settings (number entities) have no state
 * class, so no statistics: the panel reads their states.
 */
export function fakeStatistics(
  recorded: ReadonlyMap<string, Recorded>,
  statisticIds: readonly string[],
  startIso: string,
  endIso: string | undefined,
): StatisticsAnswer {
  const start = Date.parse(startIso);
  const end = Math.min(endIso ? Date.parse(endIso) : Date.now(), Date.now());
  const answer: StatisticsAnswer = {};
  const first = Math.floor(start / HOUR) * HOUR;
  // The last hour compiled: the one that ended before now (compiled a few minutes after the hour).
  const last = Math.floor((Date.now() - 12 * 60_000) / HOUR) * HOUR - HOUR;
  for (const id of statisticIds) {
    const r = recorded.get(id);
    if (!r || r.key.endsWith("_threshold")) continue;
    const stateAt = stateOf(r, ANCHOR);
    const rows: StatisticsRow[] = [];
    for (let hour = first; hour <= last && hour < end; hour += HOUR) {
      let sum = 0;
      let count = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let time = hour; time < hour + HOUR; time += 60_000) {
        const value = Number(stateAt(time));
        if (!Number.isFinite(value)) continue;
        sum += value;
        count += 1;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      if (count) rows.push({ start: hour, end: hour + HOUR, mean: sum / count, min, max });
    }
    if (rows.length) answer[id] = rows;
  }
  return answer;
}
