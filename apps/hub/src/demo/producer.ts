import { isValidRoom } from "@pulseboard/protocol";
import { type DemoLogger, type PublishFn, PublishQueue } from "./publish-queue.js";
import type { Random } from "./random.js";
import { RoomSimulation } from "./room-simulation.js";

export type { DemoLogger, PublishFn } from "./publish-queue.js";

export interface DemoProducerOptions {
  publish: PublishFn;
  /** Every room gets its own simulated media server. */
  rooms: string[];
  logger?: DemoLogger;
  /** Playbacks per second, per room. */
  rate?: number;
  /** Source of randomness; pass a seeded one for reproducible traffic. */
  random?: () => number;
}

export interface DemoProducer {
  stop(): void;
}

export const DEFAULT_DEMO_RATE = 2;
/** Granularity of the simulation: frequent enough for smooth traffic, cheap when idle. */
export const DEMO_TICK_MS = 250;

/**
 * Simulated media-server traffic for `pnpm dev` and demos: playbacks, stats every ~2 s, a sync
 * every ~30 s and occasional detection alerts, in every room. Its timer is unref'd, so it
 * never keeps a process alive; publish failures are logged, never thrown.
 */
export function startDemoProducer(options: DemoProducerOptions): DemoProducer {
  const random: Random = options.random ?? Math.random;
  const rate =
    options.rate !== undefined && Number.isFinite(options.rate) && options.rate >= 0
      ? options.rate
      : DEFAULT_DEMO_RATE;
  const invalid = options.rooms.filter((room) => !isValidRoom(room));
  if (invalid.length > 0) {
    options.logger?.warn({ rooms: invalid }, "demo producer skips invalid room names");
  }
  const startMs = Date.now();
  const rooms = [...new Set(options.rooms.filter(isValidRoom))];
  const simulations = rooms.map((room) => new RoomSimulation({ room, random, rate, startMs }));
  const queue = new PublishQueue(options.publish, options.logger);

  const tick = () => {
    const nowMs = Date.now();
    queue.send(simulations.flatMap((simulation) => simulation.tick(nowMs)));
  };
  tick();
  const timer = setInterval(tick, DEMO_TICK_MS);
  timer.unref();

  return {
    stop() {
      clearInterval(timer);
      queue.stop();
    },
  };
}
