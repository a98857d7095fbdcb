import { randomUUID } from "node:crypto";
import type { PublishInput } from "@pulseboard/protocol";
import {
  assertEphemeralChannel,
  type Broker,
  type BrokerEvent,
  type EphemeralListener,
  type EphemeralMessage,
  type LiveListener,
  type LiveSubscription,
  type ReplayRequest,
  ReplayTruncatedError,
  type StreamPosition,
} from "./broker.js";
import { LatestValues } from "./latest-values.js";
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
  readonly engine = "memory";
  readonly epoch = `mem-${randomUUID()}`;
  private readonly ring: SequenceRing<BrokerEvent>;
  private readonly latest = new LatestValues();
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

  async publish(inputs: readonly PublishInput[]): Promise<number[]> {
    if (this.closed) throw new Error("broker is closed");
    const ts = new Date().toISOString();
    // Field order as in PROTOCOL.md, so frames read naturally: type, data, room, seq, ts.
    const events = inputs.map(
      (input, index) =>
        ({
          type: input.type,
          data: input.data,
          room: input.room,
          seq: this.ring.lastSeq + 1 + index,
          ts,
        }) as BrokerEvent,
    );
    for (const event of events) {
      this.ring.append(event);
      this.latest.record(event);
    }
    for (const event of events) {
      for (const listener of this.listeners) listener(event);
    }
    return events.map((event) => event.seq);
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
      if (rooms.has(event.room)) yield event;
    }
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
