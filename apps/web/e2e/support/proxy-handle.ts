import type { FailoverProxy } from "./failover-proxy";

/** The proxy lives in the runner process; the teardown (same process) closes it. */
let current: FailoverProxy | undefined;

export function setProxy(proxy: FailoverProxy | undefined): void {
  current = proxy;
}

export function takeProxy(): FailoverProxy | undefined {
  const proxy = current;
  current = undefined;
  return proxy;
}
