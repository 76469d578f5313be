// A list of alarms read with a query and kept up to date by the shared alarm feed.
import type { ReactiveController, ReactiveControllerHost } from "lit";
import {
  errorMessage,
  fetchAlarms,
  matchesQuery,
  type AlarmEvent,
  type AlarmFeed,
  type AlarmQuery,
  type AlarmRecord,
  type HomeAssistant,
} from "./api";

export interface LiveAlarmsHost extends ReactiveControllerHost {
  feed?: AlarmFeed;
}

export class LiveAlarms implements ReactiveController {
  alarms: AlarmRecord[] = [];
  /** How many alarms match the query (the list holds at most `query.limit`). */
  total = 0;
  loading = false;
  loaded = false;
  error: string | null = null;

  private query: AlarmQuery = {};
  private feed?: AlarmFeed;
  private unlisten?: () => void;
  /** Events received while a read is under way, applied on top of its answer. */
  private pending: AlarmEvent[] | null = null;
  private reads = 0;
  private hass?: HomeAssistant;

  constructor(private readonly host: LiveAlarmsHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  /** The host's feed may be set after it is connected. */
  hostUpdate(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    this.feed = undefined;
  }

  async load(hass: HomeAssistant, query: AlarmQuery): Promise<void> {
    const read = ++this.reads;
    this.hass = hass;
    this.query = query;
    this.pending = [];
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const page = await fetchAlarms(hass, query);
      if (read !== this.reads) return;
      this.alarms = page.alarms;
      this.total = page.total;
      this.loaded = true;
    } catch (err) {
      if (read !== this.reads) return;
      this.error = errorMessage(err);
    }
    const pending = this.pending ?? [];
    this.pending = null;
    this.loading = false;
    pending.forEach((event) => this.apply(event));
    this.host.requestUpdate();
  }

  private follow(): void {
    const feed = this.host.feed;
    if (feed === this.feed) return;
    this.unlisten?.();
    this.feed = feed;
    this.unlisten = feed?.listen({
      onEvent: (event) => {
        if (this.pending) {
          this.pending.push(event);
        } else if (this.loaded) {
          this.apply(event);
          this.host.requestUpdate();
        }
      },
      onResync: () => {
        if (this.hass) void this.load(this.hass, this.query);
      },
    });
  }

  private apply({ alarm }: AlarmEvent): void {
    const index = this.alarms.findIndex((a) => a.alarm_id === alarm.alarm_id);
    const belongs = matchesQuery(alarm, this.query);
    if (index >= 0 && belongs) {
      this.alarms = this.alarms.map((a, i) => (i === index ? alarm : a));
    } else if (index >= 0) {
      this.alarms = this.alarms.filter((_, i) => i !== index);
      this.total -= 1;
    } else if (belongs) {
      // Newest first: an alarm that starts to match (say, once acknowledged) may be an old one.
      const time = Date.parse(alarm.time);
      const at = this.alarms.findIndex((a) => Date.parse(a.time) < time);
      this.alarms =
        at < 0 ? [...this.alarms, alarm] : [...this.alarms.slice(0, at), alarm, ...this.alarms.slice(at)];
      this.total += 1;
    }
  }
}
