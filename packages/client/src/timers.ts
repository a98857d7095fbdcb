/**
 * The clock and timers the client uses, injectable so tests can drive them. The handle is
 * opaque: browsers return numbers, Node returns objects.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type TimeoutHandle = ReturnType<typeof globalThis.setTimeout>;

/** Looks the globals up on every call, so fake timers installed later still take effect. */
export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as TimeoutHandle),
};

export const defaultNow = (): number => Date.now();

/** A one-shot timer slot: arming it again replaces the pending callback. */
export class TimerSlot {
  private handle: unknown;
  private armed = false;

  constructor(private readonly timers: Timers) {}

  set(callback: () => void, ms: number): void {
    this.clear();
    this.armed = true;
    this.handle = this.timers.setTimeout(() => {
      this.armed = false;
      callback();
    }, ms);
  }

  clear(): void {
    if (!this.armed) return;
    this.armed = false;
    this.timers.clearTimeout(this.handle);
  }

  get pending(): boolean {
    return this.armed;
  }
}
