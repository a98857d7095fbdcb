import { randomUUID } from "node:crypto";
import {
  assertEphemeralChannel,
  type Broker,
  type BrokerEvent,
  type EphemeralListener,
  type EphemeralMessage,
  type HistoryRequest,
  type LiveListener,
  type LiveSubscription,
  type ProducedEvent,
  type PublishResult,
  type ReplayRequest,
  ReplayTruncatedError,
  type StreamPosition,
} from "../broker.js";
import { newestEvents } from "../history-windows.js";
import { LatestValues } from "../latest-values.js";
import { DuplicateWindow } from "./duplicate-window.js";
import { SequenceRing } from "./ring-buffer.js";

export interface MemoryBrokerOptions {
  /** How many events are kept for replay. */
  retention: number;
}

/**
 * The embedded broker for `pnpm dev` and single-process use: events live in a bounded ring
 * buffer; a new epoch per process start tells resuming clients that older sequences are gone.
 */
export class MemoryBroker implements Broker {
  readonly epoch = `mem-${randomUUID()}`;
  private readonly ring: SequenceRing<BrokerEvent>;
  private readonly latest = new LatestValues();
  private readonly duplicates = new DuplicateWindow();
  private readonly listeners = new Set<LiveListener>();
  private readonly ephemeralListeners = new Set<EphemeralListener>();
  private started = false;
  private closed = false;

  constructor(options: MemoryBrokerOptions) {
    this.ring = new SequenceRing(options.retention);
  }

  get ready(): boolean {
    return this.started && !this.closed;
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.ephemeralListeners.clear();
  }

  async publish(inputs: readonly ProducedEvent[]): Promise<PublishResult> {
    if (this.closed) throw new Error("broker is closed");
    const ts = new Date().toISOString();
    const result: PublishResult = { seqs: [], duplicates: [] };
    const events: BrokerEvent[] = [];
    // Keys repeated within this batch count too: the second one is a retry of the first.
    const batchKeys = new Map<string, number>();
    for (const [index, input] of inputs.entries()) {
      const key = input.idempotency_key;
      const earlier =
        key === undefined ? undefined : (batchKeys.get(key) ?? this.duplicates.lookup(key));
      if (earlier !== undefined) {
        result.seqs.push(earlier);
        result.duplicates.push(index);
        continue;
      }
      const seq = this.ring.lastSeq + 1 + events.length;
      if (key !== undefined) batchKeys.set(key, seq);
      // Field order as in PROTOCOL.md, so frames read naturally: type, data, room, seq, ts.
      events.push({
        type: input.type,
        data: input.data,
        room: input.room,
        seq,
        ts,
        dataJson: input.dataJson ?? JSON.stringify(input.data),
      } as BrokerEvent);
      result.seqs.push(seq);
    }
    for (const [key, seq] of batchKeys) this.duplicates.remember(key, seq);
    for (const event of events) {
      this.ring.append(event);
      this.latest.record(event);
    }
    for (const event of events) {
      for (const listener of this.listeners) listener(event);
    }
    return result;
  }

  async subscribe(listener: LiveListener): Promise<LiveSubscription> {
    this.listeners.add(listener);
    return {
      startSeq: this.ring.lastSeq,
      stop: async () => {
        this.listeners.delete(listener);
      },
    };
  }

  async *replay(request: ReplayRequest): AsyncIterable<BrokerEvent> {
    const rooms = new Set(request.rooms);
    const through = Math.min(request.throughSeq, this.ring.lastSeq);
    for (let seq = request.afterSeq + 1; seq <= through; seq++) {
      // The ring may have moved on while the consumer awaited: check every read.
      const event = this.ring.get(seq);
      if (event === undefined) throw new ReplayTruncatedError(seq);
      if (request.allRooms === true || rooms.has(event.room)) yield event;
    }
  }

  /** One window over the whole ring: everything is in memory, one backward pass is enough. */
  history(request: HistoryRequest): Promise<BrokerEvent[]> {
    return newestEvents(this, request, this.ring.capacity);
  }

  async snapshot(room: string): Promise<BrokerEvent[]> {
    return this.latest.snapshot(room);
  }

  async position(): Promise<StreamPosition> {
    return { epoch: this.epoch, firstSeq: this.ring.firstSeq, lastSeq: this.ring.lastSeq };
  }

  publishEphemeral(message: EphemeralMessage): void {
    if (this.closed) throw new Error("broker is closed");
    assertEphemeralChannel(message.channel);
    // A copy, as a network would hand over, delivered asynchronously like one.
    const copy: EphemeralMessage = {
      channel: message.channel,
      data: JSON.parse(JSON.stringify(message.data ?? null)),
    };
    queueMicrotask(() => {
      for (const listener of this.ephemeralListeners) {
        try {
          listener(copy);
        } catch {
          // One failing listener must not keep the message from the others.
        }
      }
    });
  }

  subscribeEphemeral(listener: EphemeralListener): () => void {
    const wrapped: EphemeralListener = (message) => listener(message);
    this.ephemeralListeners.add(wrapped);
    return () => {
      this.ephemeralListeners.delete(wrapped);
    };
  }

  onReadyChange(): () => void {
    // Readiness never changes while running; nothing to report.
    return () => {};
  }
}
