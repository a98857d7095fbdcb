import type { ServerMessage } from "@pulseboard/protocol";
import type { Timers } from "./timers.js";

/**
 * Waits for the hub's answer to a request: the first message whose `ref` is the request's
 * `id` (its reply or an `error`). A wait ends with undefined when the time is up or the
 * connection it belongs to is gone, so a caller never hangs on a reply that cannot come.
 */
export class ReplyWaiter {
  private readonly pending = new Map<string, (reply: ServerMessage | undefined) => void>();

  constructor(private readonly timers: Timers) {}

  wait(id: string, timeoutMs: number): Promise<ServerMessage | undefined> {
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(() => settle(undefined), timeoutMs);
      const settle = (reply: ServerMessage | undefined): void => {
        this.timers.clearTimeout(handle);
        this.pending.delete(id);
        resolve(reply);
      };
      this.pending.set(id, settle);
    });
  }

  /** Hands a message to the request it answers, if any. */
  receive(message: ServerMessage): void {
    const ref = "ref" in message ? message.ref : undefined;
    if (typeof ref === "string") this.pending.get(ref)?.(message);
  }

  /** The connection closed: every wait ends now, without a reply. */
  cancelAll(): void {
    for (const settle of [...this.pending.values()]) settle(undefined);
  }
}
