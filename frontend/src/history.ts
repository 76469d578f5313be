// A box's history from Home Assistant's recorder, as its own frontend reads it
// (`history/history_during_period`), kept compact and drawn at the chart's width.
//
// Seven days of 10-second samples are ~60,000 states per entity: the answer is turned at once into
// two typed arrays per entity (the time of each change, its value; NaN where the entity was
// unavailable or unknown), and a chart draws, per pixel column, the lowest and highest value
// held there (`decimate`): a few thousand points per line whatever the period.
import type { HomeAssistant } from "./api";

/** One state of the compressed answer: its state and when it was written (seconds since epoch). */
export interface HistoryState {
  s: string;
  lu?: number;
  lc?: number;
  a?: Record<string, unknown>;
}

export type HistoryAnswer = Record<string, HistoryState[] | undefined>;

/** The states of `entityIds` from `start` to `end` (ms since epoch), each with its time. */
export const fetchHistory = (
  hass: HomeAssistant,
  entityIds: readonly string[],
  start: number,
  end: number,
): Promise<HistoryAnswer> =>
  hass.callWS<HistoryAnswer>({
    type: "history/history_during_period",
    start_time: new Date(start).toISOString(),
    end_time: new Date(end).toISOString(),
    entity_ids: [...entityIds],
    minimal_response: true,
    no_attributes: true,
    significant_changes_only: false,
  });

/** An hour of long-term statistics: its start and end (ms since epoch; ISO text in older versions). */
export interface StatisticsRow {
  start: number | string;
  end: number | string;
  mean?: number | null;
  min?: number | null;
  max?: number | null;
}

export type StatisticsAnswer = Record<string, StatisticsRow[] | undefined>;

/** The hourly mean, min and max of `entityIds` from `start` to `end` (ms): light for a week. */
export const fetchStatistics = (
  hass: HomeAssistant,
  entityIds: readonly string[],
  start: number,
  end: number,
): Promise<StatisticsAnswer> =>
  hass.callWS<StatisticsAnswer>({
    type: "recorder/statistics_during_period",
    start_time: new Date(start).toISOString(),
    end_time: new Date(end).toISOString(),
    statistic_ids: [...entityIds],
    period: "hour",
    types: ["mean", "min", "max"],
    units: {},
  });

/**
 * An entity's changes in time order: from `times[i]` (ms) the entity held `values[i]` until the
 * next change (NaN: unavailable, unknown or not a number: a gap in the line). Read from hourly
 * statistics, `values` are the means and `min`/`max` each hour's band.
 */
export interface Series {
  times: Float64Array;
  values: Float32Array;
  min?: Float32Array;
  max?: Float32Array;
}

const msOf = (time: number | string): number => (typeof time === "number" ? time : Date.parse(time));
const numberOr = (value: number | null | undefined, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

/** Hourly statistics as a series with a band: each hour's mean from its start, a gap after an hour without a next. */
export function statisticsSeries(rows: readonly StatisticsRow[] | undefined, start: number): Series {
  if (!rows?.length) return EMPTY_SERIES;
  const times: number[] = [];
  const values: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  const add = (time: number, value: number, lo: number, hi: number): void => {
    if (times.length && time <= times[times.length - 1]) {
      values[values.length - 1] = value;
      min[min.length - 1] = lo;
      max[max.length - 1] = hi;
      return;
    }
    times.push(time);
    values.push(value);
    min.push(lo);
    max.push(hi);
  };
  for (const [i, row] of rows.entries()) {
    const from = Math.max(msOf(row.start), start);
    const mean = numberOr(row.mean, NaN);
    add(from, mean, numberOr(row.min, mean), numberOr(row.max, mean));
    // An hour missing after this one (not the last: the read of what is new follows it).
    const next = rows[i + 1];
    if (next && msOf(next.start) > msOf(row.end)) add(msOf(row.end), NaN, NaN, NaN);
  }
  return {
    times: Float64Array.from(times),
    values: Float32Array.from(values),
    min: Float32Array.from(min),
    max: Float32Array.from(max),
  };
}

/** When a series read from statistics ends: its last hour's end. */
export const statisticsEnd = (rows: readonly StatisticsRow[]): number => msOf(rows[rows.length - 1].end);

export const EMPTY_SERIES: Series = { times: new Float64Array(0), values: new Float32Array(0) };

/** The answer's states for one entity as a series; states before `start` count from `start`. */
export function toSeries(states: readonly HistoryState[] | undefined, start: number): Series {
  if (!states?.length) return EMPTY_SERIES;
  const times = new Float64Array(states.length);
  const values = new Float32Array(states.length);
  let n = 0;
  let last = -Infinity;
  for (const state of states) {
    const seconds = state.lu ?? state.lc;
    if (seconds === undefined) continue;
    const time = Math.max(seconds * 1000, start);
    const text = state.s.trim();
    const value = text === "" ? NaN : Number(text);
    // Out of order (it should not be) or at the same instant: the later state wins.
    if (time <= last && n > 0) {
      values[n - 1] = value;
      continue;
    }
    times[n] = time;
    values[n] = value;
    last = time;
    n += 1;
  }
  return { times: times.subarray(0, n), values: values.subarray(0, n) };
}

/**
 * `older` followed by what `newer` adds after its last change, without what lies before `start`
 * (but the value held at `start`, from `start`): a series kept up to date with small reads.
 */
export function extendSeries(older: Series, newer: Series, start: number): Series {
  const lastTime = older.times.length ? older.times[older.times.length - 1] : -Infinity;
  const lastValue = older.values.length ? older.values[older.values.length - 1] : NaN;
  // The first change at or after `start`, less one: the value held at `start`.
  let from = 0;
  while (from + 1 < older.times.length && older.times[from + 1] <= start) from += 1;
  let add = 0;
  while (add < newer.times.length && newer.times[add] <= lastTime) add += 1;
  // The newer read's first state (the state at its start) repeats the last known value.
  if (add < newer.times.length && sameValue(newer.values[add], lastValue) && older.times.length) add += 1;
  const keep = older.times.length - from;
  const size = keep + newer.times.length - add;
  const times = new Float64Array(size);
  const values = new Float32Array(size);
  times.set(older.times.subarray(from), 0);
  values.set(older.values.subarray(from), 0);
  times.set(newer.times.subarray(add), keep);
  values.set(newer.values.subarray(add), keep);
  if (keep > 0 && times[0] < start) times[0] = start;
  if (!older.min || !older.max) return { times, values };
  // A band (statistics) goes on with the states' values: a band of no width.
  const min = new Float32Array(size);
  const max = new Float32Array(size);
  min.set(older.min.subarray(from), 0);
  max.set(older.max.subarray(from), 0);
  min.set((newer.min ?? newer.values).subarray(add), keep);
  max.set((newer.max ?? newer.values).subarray(add), keep);
  return { times, values, min, max };
}

const sameValue = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The value held at `time`, or NaN (none yet, or a gap). */
export function valueAt(series: Series, time: number): number {
  const { times, values } = series;
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || times[0] > time) return NaN;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= time) lo = mid;
    else hi = mid - 1;
  }
  return values[lo];
}

/**
 * A stretch of a line without a gap, at one point per pixel column: `cols[k]` is a column, and
 * the entity held values from `min[k]` to `max[k]` there, `first[k]` and `last[k]` in time. A
 * column without an entry between two entries holds the earlier entry's `last`.
 */
export interface Run {
  cols: number[];
  first: number[];
  min: number[];
  max: number[];
  last: number[];
  /** A series with a band (statistics): the lowest and highest of the band in the column. */
  lo?: number[];
  hi?: number[];
}

function push(run: Run, col: number, value: number, lo: number, hi: number): void {
  const k = run.cols.length - 1;
  if (k >= 0 && run.cols[k] === col) {
    if (value < run.min[k]) run.min[k] = value;
    if (value > run.max[k]) run.max[k] = value;
    run.last[k] = value;
    if (run.lo && run.hi) {
      if (lo < run.lo[k]) run.lo[k] = lo;
      if (hi > run.hi[k]) run.hi[k] = hi;
    }
    return;
  }
  run.cols.push(col);
  run.first.push(value);
  run.min.push(value);
  run.max.push(value);
  run.last.push(value);
  run.lo?.push(lo);
  run.hi?.push(hi);
}

/** A series from `start` to `end` (ms) on `width` pixel columns: its runs, each value held until the next. */
export function decimate(series: Series, start: number, end: number, width: number): Run[] {
  const { times, values, min, max } = series;
  const band = min !== undefined && max !== undefined;
  const columns = Math.max(1, Math.floor(width));
  const scale = columns / (end - start);
  const column = (time: number): number =>
    Math.min(columns - 1, Math.max(0, Math.floor((time - start) * scale)));
  const runs: Run[] = [];
  let run: Run | null = null;
  for (let i = 0; i < times.length; i++) {
    const from = Math.max(times[i], start);
    const to = Math.min(i + 1 < times.length ? times[i + 1] : end, end);
    if (from >= end) break;
    if (to <= start || to <= from) continue;
    const value = values[i];
    if (Number.isNaN(value)) {
      run = null;
      continue;
    }
    if (!run) {
      run = band ? { cols: [], first: [], min: [], max: [], last: [], lo: [], hi: [] } : { cols: [], first: [], min: [], max: [], last: [] };
      runs.push(run);
    }
    const a = column(from);
    // The last column the value is held in: not the one where the next value starts, if it starts on its edge.
    const b = Math.max(a, Math.min(columns - 1, Math.ceil((to - start) * scale) - 1));
    const lo = band ? Math.min(min[i], value) : value;
    const hi = band ? Math.max(max[i], value) : value;
    push(run, a, value, lo, hi);
    if (b > a) push(run, b, value, lo, hi);
  }
  return runs;
}

/** The band of a run at a column: [lo, hi], or null (no band, or outside the run). */
export function bandAt(run: Run, col: number): [number, number] | null {
  const { cols, lo, hi } = run;
  if (!lo || !hi || !cols.length || col < cols[0] || col > cols[cols.length - 1]) return null;
  let a = 0;
  let b = cols.length - 1;
  while (a < b) {
    const mid = (a + b + 1) >> 1;
    if (cols[mid] <= col) a = mid;
    else b = mid - 1;
  }
  return [lo[a], hi[a]];
}

/** Where a run is at a column: [min, max, last] there, or null outside the run. */
export function runAt(run: Run, col: number): [number, number, number] | null {
  const { cols } = run;
  if (!cols.length || col < cols[0] || col > cols[cols.length - 1]) return null;
  let lo = 0;
  let hi = cols.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cols[mid] <= col) lo = mid;
    else hi = mid - 1;
  }
  return cols[lo] === col ? [run.min[lo], run.max[lo], run.last[lo]] : [run.last[lo], run.last[lo], run.last[lo]];
}
