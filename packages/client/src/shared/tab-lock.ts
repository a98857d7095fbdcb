/**
 * Tab liveness through Web Locks: a MessagePort says nothing when its page crashes or is
 * killed, but a lock is released when the context holding it goes away. Each tab holds a lock
 * named after itself for as long as it is attached; the worker queues a request for the same
 * lock and is granted it exactly when the tab is gone. Where Web Locks are missing, tabs are
 * removed by their `detach` message only (sent on pagehide and close).
 */

interface LockManagerLike {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

function lockManager(): LockManagerLike | undefined {
  const navigatorLike = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return navigatorLike?.locks;
}

export function hasTabLocks(): boolean {
  return lockManager() !== undefined;
}

/**
 * Tab side: takes the lock and keeps it until `release` is called. Resolves once the lock is
 * held (so the worker's request queues behind it), or with undefined when locks are missing.
 */
export async function holdTabLock(name: string): Promise<(() => void) | undefined> {
  const locks = lockManager();
  if (locks === undefined) return undefined;
  let release: () => void = () => {};
  await new Promise<void>((held) => {
    void locks
      .request(
        name,
        () =>
          new Promise<void>((done) => {
            release = done;
            held();
          }),
      )
      .catch(() => held());
  });
  return release;
}

/** Worker side: calls `onGone` once the tab holding `name` has released it (or died). */
export function watchTabLock(name: string, onGone: () => void): void {
  const locks = lockManager();
  if (locks === undefined) return;
  void locks.request(name, () => onGone()).catch(() => {});
}
