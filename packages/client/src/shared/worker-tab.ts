import type { TokenProvider } from "./token-broker.js";
import type { PortLike, WorkerMessage } from "./wire.js";

/** One attached tab (one MessagePort), as the worker sees it. */
export class WorkerTab implements TokenProvider {
  private closed = false;
  /** The last state sent, so unchanged states are not sent again. */
  private lastState: string | undefined;

  constructor(
    private readonly port: PortLike,
    readonly hasToken: boolean,
  ) {}

  send(message: WorkerMessage): void {
    if (this.closed) return;
    try {
      this.port.postMessage(message);
    } catch {
      // A port whose page is gone may throw; the tab's lock release removes it soon.
    }
  }

  sendState(message: WorkerMessage & { type: "state" }): void {
    const key = JSON.stringify(message.state);
    if (key === this.lastState) return;
    this.lastState = key;
    this.send(message);
  }

  requestToken(requestId: number, rooms: string[]): void {
    this.send({ type: "token_request", requestId, rooms });
  }

  /** Stops sending; the port itself stays open so the tab can attach again (back/forward cache). */
  detach(): void {
    this.closed = true;
  }
}
