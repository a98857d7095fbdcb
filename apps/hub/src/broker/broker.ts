import type { PublishInput, ServerEvent } from "@pulseboard/protocol";

/**
 * The contract between the hub and its engines: an event stream, an ephemeral bus between
 * hubs, and a lifecycle (see `Broker` at the end). Engines: `memory` (embedded default, a
 * bounded ring buffer) and `nats` (JetStream stream `PULSE`). Both are run against the same
 * test suite (test/broker/broker-contract.ts), so they cannot drift apart.
 *
 * Sequence numbers are global across rooms, strictly increasing, never reused within one
 * epoch. The broker knows nothing about sockets or clients.
 */

/**
 * An event as the broker sequenced it: the wire shape clients receive, plus the JSON text of
 * its `data` exactly as the producer wrote it. Frames splice that text in (ingest/event-text.ts)
 * so clients get the producer's bytes, never a re-serialization of the parsed value.
 */
export type BrokerEvent = ServerEvent & { readonly dataJson: string };

/**
 * An event handed to `publish`: validated input (with its optional `idempotency_key`: a retry
 * with the same key within the duplicate window is stored once; see `PublishResult`), and
 * optionally its data's original JSON text (else the engine serializes `data`).
 */
export type ProducedEvent = PublishInput & { readonly dataJson?: string };

export interface PublishResult {
  /** Sequence of each event, in input order; a duplicate gets the sequence stored first. */
  seqs: number[];
  /** Indexes of the events that were duplicates of an earlier publish (nothing stored). */
  duplicates: number[];
}

/** How long an idempotency key is remembered: JetStream's default duplicate window. */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

export type LiveListener = (event: BrokerEvent) => void;

export interface LiveSubscription {
  /** Sequence the feed starts after: the first event delivered has a greater seq. */
  readonly startSeq: number;
  stop(): Promise<void>;
}

export interface StreamPosition {
  /** Identifies this stream instance; a different epoch means sequence numbers restarted. */
  epoch: string;
  /** Oldest sequence still retained; `lastSeq + 1` when nothing is retained. */
  firstSeq: number;
  /** Newest sequence assigned; 0 when nothing was ever published. */
  lastSeq: number;
}

export interface ReplayRequest {
  rooms: readonly string[];
  /** Every room's events (`rooms` is ignored): how a hub seeds its recent events at start. */
  allRooms?: boolean;
  /** Replay events with `seq > afterSeq` ... */
  afterSeq: number;
  /** ... and `seq <= throughSeq`. */
  throughSeq: number;
}

/** The newest events of rooms: what a subscription with `history` starts with (protocol 1.1). */
export interface HistoryRequest {
  rooms: readonly string[];
  /** At most this many events of each room: its newest ones. */
  perRoom: number;
  /** Only events with `seq <= throughSeq`. */
  throughSeq: number;
}

/** Thrown by a replay when part of the requested range is no longer retained. */
export class ReplayTruncatedError extends Error {
  constructor(readonly missingFromSeq: number) {
    super(`events from seq ${missingFromSeq} are no longer retained`);
    this.name = "ReplayTruncatedError";
  }
}

/**
 * A message for every hub, now, never stored and never sequenced: presence reports and relayed
 * indicators. Delivery is best effort, at most once, to every subscriber of every broker
 * attached to the same engine (the publishing one included), in publish order per publisher.
 */
export interface EphemeralMessage {
  /** Dot-separated tokens of `[A-Za-z0-9_:-]` (see EPHEMERAL_CHANNEL_PATTERN). */
  channel: string;
  /** Any JSON-serializable value. */
  data: unknown;
}

export type EphemeralListener = (message: EphemeralMessage) => void;

/** Ephemeral channels become NATS subject suffixes: tokens without dots, spaces or wildcards. */
export const EPHEMERAL_CHANNEL_PATTERN = /^[A-Za-z0-9_:-]{1,128}(\.[A-Za-z0-9_:-]{1,128}){0,3}$/;

export function assertEphemeralChannel(channel: string): void {
  if (!EPHEMERAL_CHANNEL_PATTERN.test(channel)) {
    throw new RangeError(`invalid ephemeral channel ${JSON.stringify(channel.slice(0, 80))}`);
  }
}

/**
 * The durable, sequenced event stream: what centrifuge calls a Broker (publication, history,
 * recovery). Every event has a seq and can be replayed; the live feed starts at the head.
 */
export interface EventStream {
  /** Current epoch (cached; valid after `start`). */
  readonly epoch: string;

  /**
   * Validated events in, assigned sequence numbers out (same order). Events carrying an
   * idempotency key already seen within the duplicate window are not stored again.
   */
  publish(events: readonly ProducedEvent[]): Promise<PublishResult>;

  /**
   * Live feed of every room, in seq order, starting right after the current head. A hub opens
   * one; it filters rooms itself.
   */
  subscribe(listener: LiveListener): Promise<LiveSubscription>;

  /** Events of `rooms` in `(afterSeq, throughSeq]`, in seq order. May throw ReplayTruncatedError. */
  replay(request: ReplayRequest): AsyncIterable<BrokerEvent>;

  /**
   * The newest `perRoom` events (every type) of each room with `seq <= throughSeq`, in seq
   * order; fewer when fewer are retained (what retention dropped is not history: no
   * ReplayTruncatedError). Engines read backwards in bounded windows (history-windows.ts).
   */
  history(request: HistoryRequest): Promise<BrokerEvent[]>;

  /**
   * Latest-value state of a room: its newest `stats_update`, the newest `sync_progress` of
   * every sync still `running` and the newest `alert_acknowledged` of each alert (bounded per
   * room, latest-values.ts), in seq order. It reflects at least every event the live feed
   * has delivered (so, for a hub, every event up to its boundary) and may hold newer ones;
   * engines answer from memory, without a request to the store per snapshot.
   */
  snapshot(room: string): Promise<BrokerEvent[]>;

  /**
   * Where the stream stands. With `atLeast`: a store that can answer from a replica that lags
   * (a JetStream cluster right after a leader change) reads again, briefly, until its `lastSeq`
   * reaches `atLeast`, and answers the newest read if it never does. Callers pass a sequence
   * they know was stored (one they delivered, or a client's `since`), so a stale answer is not
   * taken for "the client is ahead of the stream" (a needless `reset`) or for the end of a range.
   */
  position(atLeast?: number): Promise<StreamPosition>;
}

/**
 * Best-effort messages between hubs, never stored or sequenced: the transport presence and
 * indicators ride on (centrifuge keeps this apart from its Broker as the PresenceManager's).
 */
export interface EphemeralBus {
  /**
   * Sends an ephemeral message to every hub (this one included). Best effort: dropped while
   * the engine is disconnected. Throws on an invalid channel or a closed broker.
   */
  publishEphemeral(message: EphemeralMessage): void;

  /** Receives every ephemeral message, from every hub. Returns an unsubscribe function. */
  subscribeEphemeral(listener: EphemeralListener): () => void;
}

/** Connecting, readiness and closing of an engine. */
export interface EngineLifecycle {
  /** Whether the engine can serve now (connected, stream available). */
  readonly ready: boolean;

  start(): Promise<void>;
  /** Stops live subscriptions and releases connections. Idempotent. */
  close(): Promise<void>;

  /** Called with the new value whenever `ready` changes. Returns an unsubscribe function. */
  onReadyChange(listener: (ready: boolean) => void): () => void;
}

/**
 * An engine: `memory` (embedded default, a bounded ring buffer) or `nats` (JetStream). One
 * object provides the three roles; each part of the hub depends on the role it uses.
 */
export interface Broker extends EngineLifecycle, EventStream, EphemeralBus {}
