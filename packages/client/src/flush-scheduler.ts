import { FLUSH_FALLBACK_MS } from "./defaults.js";

/** Runs `flush` once, soon; returns a function that cancels it. */
export type FlushScheduler = (flush: () => void) => () => void;

/**
 * Once per animation frame in a browser: the screen cannot show more updates than that. A
 * timer backs the frame up because hidden tabs run no frames. Elsewhere (Node, workers) on a
 * zero-delay timer, which gathers every frame the socket delivered in the meantime.
 */
export function defaultFlushScheduler(): FlushScheduler {
  const frame = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
    .requestAnimationFrame;
  const cancelFrame = (globalThis as { cancelAnimationFrame?: (handle: number) => void })
    .cancelAnimationFrame;
  if (typeof frame !== "function") {
    return (flush) => {
      const timer = setTimeout(flush, 0);
      return () => clearTimeout(timer);
    };
  }
  return (flush) => {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      cancel();
      flush();
    };
    const handle = frame(run);
    const timer = setTimeout(run, FLUSH_FALLBACK_MS);
    const cancel = () => {
      cancelFrame?.(handle);
      clearTimeout(timer);
    };
    return () => {
      done = true;
      cancel();
    };
  };
}

/**
 * Collects items and hands them over in one call per scheduled flush, so a burst of 1,000
 * events costs one store update, not 1,000.
 */
export class Batcher<T> {
  private items: T[] = [];
  private cancel: (() => void) | undefined;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly schedule: FlushScheduler = defaultFlushScheduler(),
  ) {}

  push(item: T): void {
    this.items.push(item);
    this.cancel ??= this.schedule(() => this.flush());
  }

  /** Delivers what is buffered now (also used before tearing down). */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.deliver(items);
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.items = [];
  }
}
