// The panel's view of Home Assistant and the integration's websocket commands
// (custom_components/safe_power/websocket_api.py implements them).

/** The part of the frontend's `HomeAssistant` object the panel reads. */
export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: {
    unit_of_measurement?: string;
    friendly_name?: string;
    [key: string]: unknown;
  };
}

export interface WsMessage {
  type: string;
  [key: string]: unknown;
}

export type Unsubscribe = () => Promise<void>;

/** The websocket connection (home-assistant-js-websocket); "ready" fires again after a reconnect. */
export interface Connection {
  subscribeMessage<T>(callback: (msg: T) => void, msg: WsMessage): Promise<Unsubscribe>;
  addEventListener(event: "ready", listener: () => void): void;
  removeEventListener(event: "ready", listener: () => void): void;
}

export interface HomeAssistant {
  states: Record<string, HassEntity | undefined>;
  /** The entity registry's display entries: `display_precision`, the decimals an entity is shown with. */
  entities?: Record<string, { display_precision?: number } | undefined>;
  language: string;
  locale?: { language: string };
  config: { time_zone: string };
  user?: { id: string; name: string; is_admin: boolean };
  dockedSidebar?: "docked" | "always_hidden" | "auto";
  callWS<T>(msg: WsMessage): Promise<T>;
  /** Home Assistant's translations of an integration's category, in the user's language. */
  loadBackendTranslation?(
    category: string,
    integration?: string,
  ): Promise<(key: string, values?: Record<string, unknown>) => string>;
  /** With `returnResponse`, the action's response is in `response` (an action that supports one). */
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
    notifyOnError?: boolean,
    returnResponse?: boolean,
  ): Promise<ServiceCallResponse>;
  connection: Connection;
}

export interface ServiceCallResponse {
  context: { id: string };
  response?: unknown;
}

/** Where Home Assistant's router is: the panel's URL prefix and the path after it. */
export interface PanelRoute {
  prefix: string;
  path: string;
}

/**
 * The keys of a box's `entities` the panel knows, in the order its page shows them: the names of
 * the panel's contract (`power`, `unbalance`, `alarm`) and the integration's own entity keys
 * (`active_power`, `voltage_unbalance`, one `alarm_<cause>` binary sensor per cause…), which are
 * what `safe_power/fleet` sends when it keys the entities by their unique id.
 */
export const ENTITY_KEYS = [
  "connectivity",
  "alarm",
  "active_alarms",
  "contactor",
  "current_a",
  "current_b",
  "current_c",
  "current_n",
  "voltage_a",
  "voltage_b",
  "voltage_c",
  "line_voltage_ab",
  "line_voltage_bc",
  "line_voltage_ca",
  "leakage_current",
  "cable_temperature_a",
  "cable_temperature_b",
  "cable_temperature_c",
  "cable_temperature_n",
  "box_temperature",
  "power",
  "active_power",
  "active_power_a",
  "active_power_b",
  "active_power_c",
  "power_factor",
  "frequency",
  "energy",
  "unbalance",
  "voltage_unbalance",
  "current_unbalance",
  "voltage_qualification_rate",
  "voltage_qualification_rate_month",
  "cable_temperature_margin",
  "leakage_days_to_limit",
  "cable_temperature_trend",
  "leakage_trend",
  "overcurrent_threshold",
  "leakage_threshold",
  "cable_temperature_threshold",
  "box_temperature_threshold",
  "overvoltage_threshold",
  "undervoltage_threshold",
  "overcurrent_delay",
  "leakage_delay",
  "temperature_delay",
] as const;
export type EntityKey = (typeof ENTITY_KEYS)[number];

export interface FleetBox {
  device_id: string;
  serial: string;
  name: string;
  transport: "modbus" | "mqtt";
  area_id: string | null;
  area: string | null;
  /** The box's site: its own when set, else this Home Assistant's location name. */
  site: string;
  building: string | null;
  floor_id: string | null;
  floor: string | null;
  level: number | null;
  location: string | null;
  x: number | null;
  y: number | null;
  latitude: number | null;
  longitude: number | null;
  /** Entity id by key: `EntityKey`s, `alarm_<cause>`, and any other key (shown by its entity's name). */
  entities: Partial<Record<string, string>>;
  /** The detector's alarm settings as last read, by key (their number entities are off by default). */
  settings?: BoxSettings;
}

export interface BoxSetting {
  value: number;
  unit: string | null;
}

export interface Fleet {
  can_power: boolean;
  boxes: FleetBox[];
}

export const ALARM_STATES = ["active", "acknowledged", "cleared"] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
/** The states of an alarm not cleared yet. */
export const OPEN_STATES: readonly AlarmState[] = ["active", "acknowledged"];

export const CAUSES = [
  "overcurrent",
  "leakage",
  "cable_over_temperature",
  "box_over_temperature",
  "overvoltage",
  "undervoltage",
  "phase_loss",
  "unbalance",
  "supply_outage",
  "sensor_fault",
  "contactor_tripped",
  "offline",
  "gateway_unreachable",
] as const;
export type Cause = (typeof CAUSES)[number];

/** Causes whose box cannot be reached: cutting its power is not offered. */
export const UNREACHABLE_CAUSES: readonly Cause[] = ["offline", "gateway_unreachable"];

export type Origin = "device" | "home_assistant" | "user_limit";

export interface Actor {
  at: string;
  via: string;
  user_id: string | null;
  user: string | null;
}

export interface PowerCommand extends Actor {
  command: "off" | "on";
  ok: boolean;
  error: string | null;
  /** Set when the command went to another box than the alarm's. */
  serial?: string;
  box?: string | null;
}

export interface Diagnosis {
  rule: string;
  confidence: number;
  en: string;
  zh: string;
}

export interface AlarmRecord {
  alarm_id: string;
  serial: string;
  device_id: string | null;
  entry_id: string | null;
  box: string;
  cause: Cause;
  origin: Origin;
  value: number | null;
  threshold: number | null;
  limit: "above" | "below" | null;
  unit: string | null;
  channel: string | null;
  time: string;
  received: string;
  clock: string;
  late: boolean;
  area_id: string | null;
  area: string | null;
  site: string | null;
  building: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  x: number | null;
  y: number | null;
  floor: number | null;
  diagnosis: Diagnosis[];
  notify_targets: string[];
  state: AlarmState;
  acknowledged: Actor | null;
  cleared: string | null;
  cleared_value: number | null;
  power: PowerCommand[];
  covered_by: string | null;
  uncovered: string | null;
  notifications: { count: number; last: string | null; level: number };
}

/** The most alarms one `safe_power/alarms` answer holds (without `limit`: 100). */
export const MAX_LIMIT = 10_000;

export interface AlarmQuery {
  states?: AlarmState[];
  causes?: Cause[];
  area_ids?: string[];
  device_ids?: string[];
  start?: string;
  end?: string;
  limit?: number;
}

export interface AlarmPage {
  alarms: AlarmRecord[];
  total: number;
}

export interface AlarmEvent {
  type: "raised" | "reminder" | "escalated" | "acknowledged" | "cleared" | "power_result";
  alarm: AlarmRecord;
}

export interface PowerResult {
  ok: boolean;
  error: string | null;
}

export const fetchFleet = (hass: HomeAssistant): Promise<Fleet> =>
  hass.callWS<Fleet>({ type: "safe_power/fleet" });

export type BoxSettings = Partial<Record<string, BoxSetting>>;

/**
 * A box's alarm settings, at once and whenever the box reports others (their number entities are
 * off by default, so no state carries them). Home Assistant's connection subscribes again after a
 * reconnect, and the settings come again with it.
 */
export const subscribeBoxSettings = (
  hass: HomeAssistant,
  deviceId: string,
  callback: (settings: BoxSettings) => void,
): Promise<Unsubscribe> =>
  hass.connection.subscribeMessage<{ settings: BoxSettings }>((event) => callback(event.settings), {
    type: "safe_power/subscribe_box_settings",
    device_id: deviceId,
  });

export const fetchAlarms = (hass: HomeAssistant, query: AlarmQuery): Promise<AlarmPage> =>
  hass.callWS<AlarmPage>({ type: "safe_power/alarms", ...query });

export const acknowledgeAlarms = (
  hass: HomeAssistant,
  alarmIds: string[],
): Promise<{ acknowledged: string[] }> =>
  hass.callWS({ type: "safe_power/acknowledge", alarm_ids: alarmIds });

export const powerOff = (hass: HomeAssistant, alarmId: string): Promise<PowerResult> =>
  hass.callWS<PowerResult>({ type: "safe_power/power_off", alarm_id: alarmId });

// --- Floor plans' drawings: an image under a floor's plan, placed in the boxes' metres

/**
 * A floor's drawing: `x`, `y` its top-left (north-west) corner and `width`, `height` its size, in
 * metres; `url` a signed link to the image (valid for a day).
 */
export interface FloorDrawing {
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The drawings by floor key: a Home Assistant floor id, or `level:<n>`. */
export const fetchDrawings = (hass: HomeAssistant): Promise<Record<string, FloorDrawing>> =>
  hass.callWS<Record<string, FloorDrawing>>({ type: "safe_power/plans" });

/** Place a floor's drawing (administrators); `image` the file's base64, absent to move the one there. */
export const saveDrawing = (
  hass: HomeAssistant,
  floor: string,
  placement: Omit<FloorDrawing, "url">,
  image?: string,
): Promise<unknown> =>
  hass.callWS({ type: "safe_power/plans/set", floor, ...placement, ...(image === undefined ? {} : { image }) });

export const deleteDrawing = (hass: HomeAssistant, floor: string): Promise<unknown> =>
  hass.callWS({ type: "safe_power/plans/delete", floor });

// --- The panel's settings (administrators): `safe_power/settings`, and Home Assistant's users and areas

/** A change of the time-of-use schedule: from `start` ("HH:MM", local) the period runs until the next. */
export interface TariffChange {
  start: string;
  period: TariffPeriod;
}

/** The schedule reports use when the site has none (custom_components/safe_power/box/tariff.py). */
export const DEFAULT_TARIFF: readonly TariffChange[] = [
  { start: "00:00", period: "valley" },
  { start: "07:00", period: "flat" },
  { start: "08:00", period: "peak" },
  { start: "11:00", period: "flat" },
  { start: "18:00", period: "peak" },
  { start: "23:00", period: "valley" },
];

/**
 * How often a measurement writes a state (custom_components/safe_power/box/deadband.py): on
 * every change, or on significant changes only and at least every heartbeat while it moves.
 */
export const STATE_UPDATES = ["every_change", "significant"] as const;
export type StateUpdates = (typeof STATE_UPDATES)[number];
export const DEFAULT_HEARTBEAT_MINUTES = 5;
/** The heartbeat's range in minutes, both ends included. */
export const HEARTBEAT_RANGE = [1, 60] as const;

/**
 * Who besides the administrators may cut power from the panel, the areas a user's panel shows,
 * the site's time-of-use schedule for reports (null: the default), and how often measurements
 * write a state: as the server sends them (one older than the state updates leaves them out).
 */
export interface PanelSettings {
  power_users: string[];
  user_areas: Record<string, string[]>;
  tariff: TariffChange[] | null;
  state_updates?: StateUpdates;
  heartbeat_minutes?: number;
}

/** The settings as the page holds them: every field there, an older server's filled in. */
export type SiteSettings = Required<PanelSettings>;

/** A user as `config/auth/list` lists them (administrators only). */
export interface HaUser {
  id: string;
  name: string;
  username: string | null;
  is_owner: boolean;
  is_active: boolean;
  system_generated: boolean;
  group_ids: string[];
}

/** An area as `config/area_registry/list` lists them. */
export interface HaArea {
  area_id: string;
  name: string;
  floor_id?: string | null;
}

/** Home Assistant's group of administrators. */
export const ADMIN_GROUP = "system-admin";

/**
 * The server's answer with what an older server leaves out filled in: without `tariff` the
 * default schedule, without the state updates a state on every change (heartbeat 5 minutes).
 */
const withDefaults = (settings: PanelSettings): SiteSettings => ({
  ...settings,
  tariff: settings.tariff ?? null,
  state_updates: settings.state_updates === "significant" ? "significant" : "every_change",
  heartbeat_minutes: settings.heartbeat_minutes ?? DEFAULT_HEARTBEAT_MINUTES,
});

export const fetchSettings = async (hass: HomeAssistant): Promise<SiteSettings> =>
  withDefaults(await hass.callWS<PanelSettings>({ type: "safe_power/settings" }));

export const saveSettings = async (hass: HomeAssistant, settings: SiteSettings): Promise<SiteSettings> =>
  withDefaults(await hass.callWS<PanelSettings>({ type: "safe_power/settings/update", ...settings }));

export const fetchUsers = (hass: HomeAssistant): Promise<HaUser[]> =>
  hass.callWS<HaUser[]>({ type: "config/auth/list" });

export const fetchAreas = (hass: HomeAssistant): Promise<HaArea[]> =>
  hass.callWS<HaArea[]>({ type: "config/area_registry/list" });

export const setContactor = (hass: HomeAssistant, entityId: string, on: boolean): Promise<unknown> =>
  hass.callService("switch", on ? "turn_on" : "turn_off", { entity_id: entityId });

// --- The management report: the `safe_power.report` action (custom_components/safe_power/reports.py)

export const REPORT_KINDS = ["day", "month", "year", "custom"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The tariff periods of the energy split, from the most expensive. */
export const TARIFF_PERIODS = ["sharp", "peak", "flat", "valley"] as const;
export type TariffPeriod = (typeof TARIFF_PERIODS)[number];

export interface ReportRequest {
  period: ReportKind;
  /** A day of the day, month or year reported: YYYY-MM-DD. */
  date: string;
  /** A custom period: ISO 8601 times with their offset. */
  start?: string;
  end?: string;
  area_id?: string[];
  device_id?: string[];
  language: "en" | "zh";
  save: boolean;
}

export interface ReportCount {
  key: string;
  name: string;
  count: number;
}

/** The part of the report the panel shows; the printable HTML holds all of it. */
export interface Report {
  period: { start: string; end: string; kind: ReportKind; label: string };
  scope: { boxes: number; areas: string[] };
  summary: {
    has_data: boolean;
    /** kWh; null without statistics. */
    energy: number | null;
    by_period: Partial<Record<TariffPeriod, number>>;
    /** The highest hourly demand: kW, and the local start of its hour. */
    max_demand: { kw: number; at: string } | null;
    /** The mean voltage qualification rate, %. */
    qualification_mean: number | null;
    alarms: number;
    open_alarms: number;
    covered_alarms: number;
    worst_box: { serial: string; name: string; alarms: number; qualification: number | null } | null;
  };
  alarms: {
    total: number;
    open: number;
    covered: number;
    unacknowledged: number;
    by_cause: ReportCount[];
  };
  /** Signed links to the saved files (none when Home Assistant has no web server). */
  files?: { html?: string; csv?: string };
}

/** Make a report: the action answers with it (a year's may take seconds). */
export async function makeReport(hass: HomeAssistant, request: ReportRequest): Promise<Report> {
  const { response } = await hass.callService(
    "safe_power",
    "report",
    { ...request },
    undefined,
    false,
    true,
  );
  if (typeof response !== "object" || response === null || !("summary" in response)) {
    throw new Error("safe_power.report answered without a report");
  }
  return response as Report;
}

/**
 * The text of a rejected call in the user's language: an error the integration translated (it
 * names its `translation_key`) is read from Home Assistant's translations, else its message.
 */
export async function errorText(hass: HomeAssistant, err: unknown): Promise<string> {
  if (typeof err === "object" && err !== null && hass.loadBackendTranslation) {
    const { translation_domain: domain, translation_key: key, translation_placeholders: values } =
      err as Record<string, unknown>;
    if (typeof domain === "string" && typeof key === "string") {
      try {
        const localize = await hass.loadBackendTranslation("exceptions", domain);
        const params = typeof values === "object" && values !== null ? (values as Record<string, unknown>) : {};
        const text = localize(`component.${domain}.exceptions.${key}.message`, params);
        if (text) return text;
      } catch {
        // The server's text follows.
      }
    }
  }
  return errorMessage(err);
}

/** The text of a rejected call: Home Assistant rejects with `{code, message}`, not an Error. */
export function errorMessage(err: unknown): string {
  if (typeof err === "object" && err !== null && "message" in err) {
    const { message } = err as { message: unknown };
    if (typeof message === "string" && message) return message;
  }
  return String(err);
}

/** Whether an alarm belongs in a list read with `query` (for live updates). */
export function matchesQuery(alarm: AlarmRecord, query: AlarmQuery): boolean {
  const within = <T>(allowed: readonly T[] | undefined, value: T): boolean =>
    allowed === undefined || allowed.includes(value);
  const time = Date.parse(alarm.time);
  return (
    within(query.states, alarm.state) &&
    within(query.causes, alarm.cause) &&
    within(query.area_ids, alarm.area_id ?? "") &&
    within(query.device_ids, alarm.device_id ?? "") &&
    (query.start === undefined || time >= Date.parse(query.start)) &&
    (query.end === undefined || time <= Date.parse(query.end))
  );
}

export interface AlarmListener {
  onEvent(event: AlarmEvent): void;
  /** The connection came back: events may have been missed, read again. */
  onResync(): void;
}

/**
 * One `safe_power/subscribe_alarms` subscription shared by every list of the panel.
 * Home Assistant's connection subscribes again by itself after a reconnect; what happened while
 * it was away is not sent, so the lists read again then.
 */
export class AlarmFeed {
  private readonly listeners = new Set<AlarmListener>();
  private subscription?: Promise<Unsubscribe>;
  private connection?: Connection;
  private readonly resync = (): void => this.listeners.forEach((listener) => listener.onResync());

  /** Subscribe once; a refused subscription rejects (the panel shows it). */
  start(hass: HomeAssistant): Promise<Unsubscribe> {
    if (!this.subscription) {
      this.connection = hass.connection;
      this.connection.addEventListener("ready", this.resync);
      this.subscription = hass.connection.subscribeMessage<AlarmEvent>(
        (event) => this.listeners.forEach((listener) => listener.onEvent(event)),
        { type: "safe_power/subscribe_alarms" },
      );
    }
    return this.subscription;
  }

  stop(): void {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.connection?.removeEventListener("ready", this.resync);
    this.connection = undefined;
    // Closing a subscription fails only when the connection is gone, and the subscription with it.
    subscription?.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  listen(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
