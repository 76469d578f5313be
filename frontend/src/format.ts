// Numbers, quantities and times as the user reads them.
import type { AlarmRecord, HomeAssistant } from "./api";

/** The locale for `Intl`: the user's language in Home Assistant. */
export const localeOf = (hass: HomeAssistant): string => hass.locale?.language ?? hass.language;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format as T;
}

/** Fraction digits by size: 0.987, 35.25, 231.4, 12 345.6. */
function fractionDigits(value: number): number {
  const size = Math.abs(value);
  return size >= 100 ? 1 : size >= 10 ? 2 : 3;
}

/** Fewer digits where space is short (a tile): 7.96, 22.8, 312. */
export function shortDigits(value: number): number {
  const size = Math.abs(value);
  return size >= 100 ? 0 : size >= 10 ? 1 : 2;
}

export function formatNumber(locale: string, value: number, digits = fractionDigits(value)): string {
  return cached(`n|${locale}|${digits}`, () => {
    try {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    } catch {
      return new Intl.NumberFormat("en", { maximumFractionDigits: digits });
    }
  }).format(value);
}

/** A share (0.82) as a percentage: "82%". */
export const formatPercent = (locale: string, share: number): string =>
  formatNumber(locale, share * 100, 0) + "%";

/** "35.2 A", "68 °C", "12%"; a bare number without a unit. */
export function formatQuantity(
  locale: string,
  value: number,
  unit: string | null | undefined,
  digits = fractionDigits(value),
): string {
  const number = formatNumber(locale, value, digits);
  if (!unit) return number;
  return unit === "%" ? `${number}%` : `${number} ${unit}`;
}

/** An alarm's reading against its limit: "35.2 A > 32 A", "180 V < 198 V", or the reading alone. */
export function formatAlarmValue(locale: string, alarm: AlarmRecord): string {
  if (alarm.value === null) return "";
  const value = formatQuantity(locale, alarm.value, alarm.unit);
  if (alarm.threshold === null || alarm.limit === null) return value;
  const sign = alarm.limit === "above" ? ">" : "<";
  return `${value} ${sign} ${formatQuantity(locale, alarm.threshold, alarm.unit)}`;
}

function dateTimeFormat(
  hass: HomeAssistant,
  options: Intl.DateTimeFormatOptions,
  locale = localeOf(hass),
): Intl.DateTimeFormat {
  const timeZone = hass.config.time_zone;
  return cached(`d|${locale}|${timeZone}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // An unknown locale or time zone: the browser's own, rather than nothing.
      return new Intl.DateTimeFormat(undefined, options);
    }
  });
}

/** A time with its date, in Home Assistant's time zone. */
export const formatDateTime = (hass: HomeAssistant, iso: string): string =>
  dateTimeFormat(hass, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(iso));

/** "2025-11-30 14:03:12" in Home Assistant's time zone: what a spreadsheet reads as a time. */
export function formatSortableTime(hass: HomeAssistant, iso: string): string {
  const parts = dateTimeFormat(
    hass,
    {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    },
    "en",
  ).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}`;
}

/** A time with its date, to the minute: when an hour starts. */
export const formatMinute = (hass: HomeAssistant, iso: string): string =>
  dateTimeFormat(hass, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** Now in Home Assistant's time zone, as a `datetime-local` input holds it: "2025-11-30T14:03". */
export const localNow = (hass: HomeAssistant): string =>
  formatSortableTime(hass, new Date().toISOString()).slice(0, 16).replace(" ", "T");

/** The offset of Home Assistant's time zone from UTC at a moment, in minutes (+480 in Shanghai). */
export function zoneOffset(hass: HomeAssistant, ms: number): number {
  const [d, t] = formatSortableTime(hass, new Date(ms).toISOString()).split(" ");
  const [y, mo, da] = d.split("-").map(Number);
  const [h, mi, s] = t.split(":").map(Number);
  return Math.round((Date.UTC(y, mo - 1, da, h, mi, s) - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** A time on a chart's axis: "14:00" (or "2 PM"), or the day ("Dec 1", "12月1日") at midnight. */
export function formatAxisTime(hass: HomeAssistant, ms: number, day: boolean): string {
  const options: Intl.DateTimeFormatOptions = day
    ? { month: "short", day: "numeric" }
    : { hour: "numeric", minute: "2-digit" };
  return dateTimeFormat(hass, options).format(new Date(ms));
}

/** A moment on a chart: the day and the time to the minute, short. */
export const formatChartTime = (hass: HomeAssistant, ms: number): string =>
  dateTimeFormat(hass, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(
    new Date(ms),
  );

/** "2025-11-30T14:03" (`datetime-local`) in Home Assistant's time zone → "…T14:03:00+08:00". */
export function zonedIso(hass: HomeAssistant, local: string): string {
  const [day, time] = local.split("T");
  const [year, month, date] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  // The zone's offset at that moment: guessed at the wall time, then checked where that lands.
  const offsetAt = (ms: number): number => zoneOffset(hass, ms);
  const offset = offsetAt(wall - offsetAt(wall) * 60_000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  const size = Math.abs(offset);
  return `${day}T${pad(hour)}:${pad(minute)}:00${offset < 0 ? "-" : "+"}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

/** A `YYYY-MM-DD` date `days` later (or earlier). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
