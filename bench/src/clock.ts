/**
 * The benchmark's one clock: CLOCK_MONOTONIC in whole microseconds, through process.hrtime().
 * It is system-wide on Linux, so a producer's timestamp and a load worker's receive time,
 * taken in different processes, can be subtracted directly.
 */
export function nowUs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1_000_000 + Math.floor(nanoseconds / 1000);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
