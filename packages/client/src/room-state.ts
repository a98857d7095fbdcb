import type {
  AlertAcknowledgedData,
  DashboardRefreshData,
  DetectionAlertData,
  PlaybackData,
  StatsUpdateData,
  SyncCompletedData,
  SyncProgressData,
} from "@pulseboard/protocol";
import { type EventRate, emptyRate } from "./event-rate.js";

/** An event's data with where it sits in the stream and when it reached this client. */
export interface Received<T> {
  data: T;
  seq: number;
  /** When the hub sequenced it (RFC 3339). */
  ts: string;
  /** When this client received it (ms since 1970). */
  receivedAt: number;
}

/** One media session, identified by `session_key`, else by user and title, else by playback id. */
export interface SessionEntry extends Received<PlaybackData> {
  key: string;
  percentComplete: number | undefined;
}

export interface AlertEntry extends Received<DetectionAlertData> {
  /** Acknowledged by the producer (`data.acknowledged`) or by someone (`alert_acknowledged`). */
  acknowledged: boolean;
  /** Who acknowledged it and when: the newest `alert_acknowledged` naming it, if any. */
  acknowledgement: Received<AlertAcknowledgedData> | undefined;
}

/** Where "load older" pages from (`GET /api/v1/rooms/{room}/events?before=`). */
export interface OlderEvents {
  /** The oldest seq of the room's contiguous past this client holds; undefined: not known. */
  before: number | undefined;
  /** Whether the hub may hold older events of the room. */
  more: boolean;
}

/** Everything the store knows about one room. Arrays are newest first. */
export interface RoomState {
  stats: Received<StatsUpdateData> | undefined;
  playbacks: readonly Received<PlaybackData>[];
  /** Sessions still playing, most recently updated first; finished ones (100 %) leave. */
  sessions: readonly SessionEntry[];
  /** Running syncs by `correlation_id`. */
  syncs: Readonly<Record<string, Received<SyncProgressData>>>;
  /** Syncs whose last progress said anything but `running` (completed, error, idle, …). */
  finishedSyncs: readonly Received<SyncProgressData>[];
  /** `sync_completed` summaries. */
  completedSyncs: readonly Received<SyncCompletedData>[];
  alerts: readonly AlertEntry[];
  /**
   * The newest `alert_acknowledged` per alert id (as text: 7 and "7" are one alert), also for
   * alerts not (yet) in `alerts`: an alert loaded later (older pages) shows as acknowledged.
   */
  acknowledgements: Readonly<Record<string, Received<AlertAcknowledgedData>>>;
  /** Paging position of "load older" (hydrateRoom and loadOlderEvents keep it). */
  older: OlderEvents;
  /**
   * `requested_at` of the newest `dashboard_refresh`: when it changes, reload the dashboard's
   * data (a dependency for an effect). `refreshRequest` holds the whole event.
   */
  refreshRequestedAt: string | undefined;
  refreshRequest: Received<DashboardRefreshData> | undefined;
  rate: EventRate;
  lastEventAt: number | undefined;
}

export const emptyRoom: RoomState = {
  stats: undefined,
  playbacks: [],
  sessions: [],
  syncs: {},
  finishedSyncs: [],
  completedSyncs: [],
  alerts: [],
  acknowledgements: {},
  older: { before: undefined, more: true },
  refreshRequestedAt: undefined,
  refreshRequest: undefined,
  rate: emptyRate,
  lastEventAt: undefined,
};
