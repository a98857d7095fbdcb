/**
 * Restarts allowed in a sliding window: a worker crashing now and then is restarted, one
 * crashing on every start is not restarted forever.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records a restart at `now` and returns true, or returns false when the budget is spent. */
  take(now = Date.now()): boolean {
    while (this.restarts.length > 0 && (this.restarts[0] ?? 0) <= now - this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.max) return false;
    this.restarts.push(now);
    return true;
  }
}
