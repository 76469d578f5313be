// The alarm list as a CSV file that Excel opens with its Chinese intact (UTF-8 with a BOM).
import type { AlarmRecord, HomeAssistant } from "./api";
import { formatSortableTime } from "./format";
import { causeName, measurementName, originName, t, type Lang, type MessageKey } from "./i18n";
import { powerLine, who } from "./parts";

type Cell = string | number | null;

/** A cell as CSV: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function cell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS: readonly [MessageKey, (hass: HomeAssistant, lang: Lang, a: AlarmRecord) => Cell][] = [
  ["csv_time", (hass, _, a) => formatSortableTime(hass, a.time)],
  ["csv_received", (hass, _, a) => formatSortableTime(hass, a.received)],
  ["csv_box", (_, __, a) => a.box],
  ["csv_serial", (_, __, a) => a.serial],
  ["csv_site", (_, __, a) => a.site],
  ["csv_building", (_, __, a) => a.building],
  ["csv_area", (_, __, a) => a.area],
  ["csv_location", (_, __, a) => a.location],
  ["csv_floor", (_, __, a) => a.floor],
  ["csv_cause", (_, lang, a) => causeName(lang, a.cause)],
  ["csv_origin", (_, lang, a) => originName(lang, a.origin)],
  ["csv_value", (_, __, a) => a.value],
  ["csv_threshold", (_, __, a) => a.threshold],
  ["csv_unit", (_, __, a) => a.unit],
  ["csv_channel", (_, lang, a) => (a.channel ? (measurementName(lang, a.channel) ?? a.channel) : null)],
  ["csv_state", (_, lang, a) => t(lang, `alarm_${a.state}`)],
  ["csv_ack_by", (_, lang, a) => (a.acknowledged ? who(lang, a.acknowledged) : null)],
  ["csv_ack_at", (hass, _, a) => (a.acknowledged ? formatSortableTime(hass, a.acknowledged.at) : null)],
  ["csv_cleared", (hass, _, a) => (a.cleared ? formatSortableTime(hass, a.cleared) : null)],
  [
    "csv_power",
    (hass, lang, a) => a.power.map((p) => powerLine(lang, p, formatSortableTime(hass, p.at))).join("\n"),
  ],
  ["csv_diagnosis", (_, lang, a) => a.diagnosis.map((d) => d[lang]).join("\n")],
  ["csv_covered", (_, __, a) => a.covered_by],
];

export function alarmsCsv(hass: HomeAssistant, lang: Lang, alarms: readonly AlarmRecord[]): string {
  const rows = [
    COLUMNS.map(([key]) => cell(t(lang, key))),
    ...alarms.map((alarm) => COLUMNS.map(([, value]) => cell(value(hass, lang, alarm)))),
  ];
  return `\uFEFF${rows.map((row) => row.join(",")).join("\r\n")}\r\n`;
}

export function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
