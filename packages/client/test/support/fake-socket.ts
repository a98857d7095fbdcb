import type { ClientMessage, ServerMessage } from "@pulseboard/protocol";
import type { WebSocketLike } from "../../src/socket.js";

/**
 * An in-memory WebSocket for connection unit tests: the test plays the server. Every instance
 * is recorded in `FakeSocket.instances`, newest last.
 */
export class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];

  readyState = 0;
  readonly sent: ClientMessage[] = [];
  closedByClient: { code: number | undefined; reason: string | undefined } | undefined;
  readonly url: URL;

  constructor(
    url: string,
    readonly protocols?: string | string[],
  ) {
    this.url = new URL(url);
    FakeSocket.instances.push(this);
  }

  static reset(): void {
    FakeSocket.instances = [];
  }

  static get last(): FakeSocket {
    const socket = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (socket === undefined) throw new Error("no socket was created");
    return socket;
  }

  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
  }

  // ------------------------------------------------------------ the test's side

  param(name: string): string | null {
    return this.url.searchParams.get(name);
  }

  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverSend(...messages: (ServerMessage | string)[]): void {
    for (const message of messages) {
      this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) });
    }
  }

  /** Sends a welcome (and, unless told otherwise, the catch-up's `subscribed`). */
  serverWelcome({ epoch = "e1", seq = 0, rooms = ["global"] } = {}, subscribed = true): void {
    this.serverSend({
      type: "welcome",
      data: { connection_id: "c1", protocol: 1, epoch, seq, rooms, heartbeat_ms: 30_000 },
    });
    if (subscribed) this.serverSend({ type: "subscribed", data: { rooms, seq } });
  }

  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  sentOfType<T extends ClientMessage["type"]>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }
}
