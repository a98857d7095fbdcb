import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { EphemeralBus } from "../broker/broker.js";
import type { Logger } from "../logger.js";

/**
 * Operator requests to every hub, over the engine's ephemeral bus (core NATS, or in process):
 *
 *   operator.request        {id, from, op, args}   every hub (the asking one included) answers
 *   operator.reply.<hub>    {id, hub, result}      to the asking hub only
 *
 * `gather` waits until every hub known from presence heartbeats answered, or `waitMs`: a hub
 * that did not answer is named in `missing`, never silently left out. Anything with NATS access
 * could publish here, so every message is validated on receipt.
 */
export const OPERATOR_REQUEST_CHANNEL = "operator.request";
const replyChannel = (hub: string) => `operator.reply.${hub}`;

const requestSchema = z.object({
  id: z.string().min(1).max(64),
  from: z.string().regex(/^[A-Za-z0-9_:-]{1,128}$/),
  op: z.string().min(1).max(32),
  args: z.unknown(),
});
const replySchema = z.object({
  id: z.string(),
  hub: z.string().min(1).max(128),
  result: z.unknown(),
});

export interface HubAnswer {
  hub: string;
  result: unknown;
}

export interface Gathered {
  /** One answer per hub that answered in time, this hub's first. */
  answers: HubAnswer[];
  /** Hubs known from presence heartbeats that did not answer within the wait. */
  missing: string[];
}

export interface ClusterBusOptions {
  bus: EphemeralBus;
  hubId: string;
  /** The other hubs this hub hears presence heartbeats from. */
  peers: () => readonly string[];
  waitMs: number;
  logger: Logger;
  /** Runs one operation on this hub; its result (awaited) is sent back to the asking hub. */
  handle: (op: string, args: unknown) => unknown;
}

interface Pending {
  answers: HubAnswer[];
  expected: Set<string>;
  done: () => void;
}

export class ClusterBus {
  private readonly pending = new Map<string, Pending>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ClusterBusOptions) {}

  start(): void {
    const mine = replyChannel(this.options.hubId);
    this.unsubscribe = this.options.bus.subscribeEphemeral(({ channel, data }) => {
      if (channel === OPERATOR_REQUEST_CHANNEL) void this.answer(data);
      else if (channel === mine) this.collect(data);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const id of [...this.pending.keys()]) this.settle(id);
  }

  private settle(id: string): void {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    pending?.done();
  }

  /** Asks every hub; resolves when all known hubs answered or the wait is over. */
  async gather(op: string, args: unknown): Promise<Gathered> {
    const id = randomUUID();
    const { hubId } = this.options;
    const expected = new Set([hubId, ...this.options.peers()]);
    const answers: HubAnswer[] = [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.settle(id), this.options.waitMs);
      this.pending.set(id, {
        answers,
        expected,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      this.options.bus.publishEphemeral({
        channel: OPERATOR_REQUEST_CHANNEL,
        data: { id, from: hubId, op, args },
      });
    });
    const answered = new Set(answers.map((answer) => answer.hub));
    answers.sort((a, b) => Number(b.hub === hubId) - Number(a.hub === hubId));
    return { answers, missing: [...expected].filter((hub) => !answered.has(hub)).sort() };
  }

  private async answer(data: unknown): Promise<void> {
    const request = requestSchema.safeParse(data);
    if (!request.success) return;
    const { id, from, op, args } = request.data;
    let result: unknown;
    try {
      result = await this.options.handle(op, args);
    } catch (error) {
      this.options.logger.warn({ err: error, op }, "operator request failed");
      result = { error: error instanceof Error ? error.message : String(error) };
    }
    this.options.bus.publishEphemeral({
      channel: replyChannel(from),
      data: { id, hub: this.options.hubId, result: result ?? null },
    });
  }

  private collect(data: unknown): void {
    const reply = replySchema.safeParse(data);
    if (!reply.success) return;
    const pending = this.pending.get(reply.data.id);
    if (pending === undefined) return;
    if (pending.answers.some((answer) => answer.hub === reply.data.hub)) return;
    pending.answers.push({ hub: reply.data.hub, result: reply.data.result });
    if ([...pending.expected].every((hub) => pending.answers.some((a) => a.hub === hub))) {
      this.settle(reply.data.id);
    }
  }
}
