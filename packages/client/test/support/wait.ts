/**
 * Polls `check` until it returns something other than undefined/false. Real sockets take the
 * time they take: tests wait for outcomes with a generous deadline, never assert durations.
 */
export async function waitFor<T>(
  check: () => T | undefined | false,
  { timeoutMs = 20_000, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
