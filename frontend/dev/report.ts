// A made-up answer of the `safe_power.report` action for the preview (the real one reads the
// recorder's statistics): the period computed as the integration does (in Asia/Shanghai, the fake
// Home Assistant's time zone), energy and demand from a fixed daily figure per box, and the alarms
// counted from the fake register, so the figures agree with the Alarms tab.
import type { AlarmRecord, FleetBox, Report, ReportRequest, TariffPeriod } from "../src/api";

const DAY_MS = 86_400_000;
const ZONE = "+08:00";
/** The share of each tariff period in a commercial building's day. */
const SHARES: Record<TariffPeriod, number> = { sharp: 0.07, peak: 0.36, flat: 0.31, valley: 0.26 };

const pad = (n: number): string => String(n).padStart(2, "0");
/** Local midnight of a day (months and days past their end roll over, as Date.UTC does). */
function midnight(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T00:00:00${ZONE}`;
}

function periodOf(request: ReportRequest): Report["period"] {
  const [year, month, day] = request.date.split("-").map(Number);
  switch (request.period) {
    case "day":
      return { start: midnight(year, month, day), end: midnight(year, month, day + 1), kind: "day", label: request.date };
    case "month":
      return {
        start: midnight(year, month, 1),
        end: midnight(year, month + 1, 1),
        kind: "month",
        label: `${year}-${pad(month)}`,
      };
    case "year":
      return { start: midnight(year, 1, 1), end: midnight(year + 1, 1, 1), kind: "year", label: String(year) };
    case "custom": {
      const start = request.start ?? "";
      const end = request.end ?? "";
      return { start, end, kind: "custom", label: `${start.slice(0, 10)} – ${end.slice(0, 10)}` };
    }
  }
}

/** A time as local ISO 8601 with the zone's offset, as the integration sends it. */
const local = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19) + ZONE;

export function fakeReport(request: ReportRequest, fleet: readonly FleetBox[], register: readonly AlarmRecord[]): Report {
  const period = periodOf(request);
  const boxes = fleet.filter(
    (box) =>
      (!request.device_id || request.device_id.includes(box.device_id)) &&
      (!request.area_id || request.area_id.includes(box.area_id ?? "")),
  );
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  // Statistics exist up to now, not for the rest of the period.
  const days = Math.max(0, (Math.min(end, Date.now()) - start) / DAY_MS);
  const daily = boxes.reduce((sum, box) => sum + 60 + ((fleet.indexOf(box) * 37) % 140), 0);
  const byPeriod = Object.fromEntries(
    Object.entries(SHARES).map(([p, share]) => [p, Math.round(daily * days * share * 10) / 10]),
  );
  const energy = days > 0 && boxes.length ? Object.values(byPeriod).reduce((a, b) => a + b, 0) : null;
  // The busiest hour: 14:00 on the period's fourth day (or its last, if shorter), not after now.
  const hour = 3_600_000;
  const peak = Math.max(
    start,
    Math.min(start + Math.min(Math.floor(days), 3) * DAY_MS + 14 * hour, Math.floor(Date.now() / hour) * hour - hour),
  );
  const alarms = register.filter(
    (a) =>
      boxes.some((box) => box.device_id === a.device_id) &&
      Date.parse(a.time) >= start &&
      Date.parse(a.time) < end,
  );
  const counted = alarms.filter((a) => a.covered_by === null);
  const count = <K extends string>(keys: K[]): Map<K, number> => {
    const counts = new Map<K, number>();
    keys.forEach((key) => counts.set(key, (counts.get(key) ?? 0) + 1));
    return counts;
  };
  const byBox = [...count(counted.map((a) => a.device_id ?? ""))].sort((a, b) => b[1] - a[1]);
  const worst = byBox.length ? boxes.find((box) => box.device_id === byBox[0][0]) : undefined;
  const undervoltage = boxes.some((box) => box.device_id === "dev-10");
  const qualification = energy === null ? null : undervoltage ? 97.92 : 99.41;
  return {
    period,
    scope: {
      boxes: boxes.length,
      areas: [...new Set(boxes.map((b) => b.area).filter((a): a is string => a !== null))].sort(),
    },
    summary: {
      has_data: energy !== null || alarms.length > 0,
      energy: energy === null ? null : Math.round(energy * 10) / 10,
      by_period: energy === null ? {} : byPeriod,
      max_demand: energy === null ? null : { kw: Math.round((daily / 24) * 2.1 * 10) / 10, at: local(peak) },
      qualification_mean: qualification,
      alarms: counted.length,
      open_alarms: counted.filter((a) => a.state !== "cleared").length,
      covered_alarms: alarms.length - counted.length,
      worst_box: worst
        ? { serial: worst.serial, name: worst.name, alarms: byBox[0][1], qualification }
        : null,
    },
    alarms: {
      total: counted.length,
      open: counted.filter((a) => a.state !== "cleared").length,
      covered: alarms.length - counted.length,
      unacknowledged: counted.filter((a) => a.state === "active").length,
      by_cause: [...count(counted.map((a) => a.cause))]
        .sort((a, b) => b[1] - a[1])
        .map(([key, n]) => ({ key, name: key, count: n })),
    },
    files: {
      html: `/report-sample.html?lang=${request.language}&authSig=preview`,
      csv: "/report-sample.csv?authSig=preview",
    },
  };
}
