import { decodeServerMessage, type ServerMessage } from "@pulseboard/protocol";
import WebSocket from "ws";

/** The hub answered the upgrade with an HTTP status instead of a socket. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; message: string } | undefined,
  ) {
    super(`upgrade refused with HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export interface Closed {
  code: number;
  reason: string;
}

/**
 * A real `ws` client that records every message the hub sends, decoded and validated with the
 * protocol package, and lets a test wait for what it expects.
 */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly raw: string[] = [];
  readonly closed: Promise<Closed>;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const text = data.toString();
      this.raw.push(text);
      const decoded = decodeServerMessage(text);
      if (!decoded.ok) {
        throw new Error(
          `hub sent an invalid frame: ${decoded.error.message}: ${text.slice(0, 300)}`,
        );
      }
      this.messages.push(decoded.value);
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.notify();
      });
    });
  }

  static connect(url: string, options: WebSocket.ClientOptions & { protocols?: string[] } = {}) {
    const socket = new WebSocket(url, options.protocols, options);
    const client = new TestClient(socket);
    return new Promise<TestClient>((resolve, reject) => {
      socket.once("open", () => resolve(client));
      socket.once("error", reject);
      socket.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () =>
          reject(new UpgradeRefused(res.statusCode ?? 0, body ? JSON.parse(body) : undefined)),
        );
      });
    });
  }

  /** Connects and waits for `welcome` and the `subscribed` that ends the initial catch-up. */
  static async ready(url: string, options?: WebSocket.ClientOptions): Promise<TestClient> {
    const client = await TestClient.connect(url, options);
    await client.waitFor((m) => m.type === "subscribed");
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Events (messages with a `seq`) received so far, in arrival order. */
  events(room?: string): Extract<ServerMessage, { seq: number; room: string }>[] {
    return this.messages.filter(
      (m): m is Extract<ServerMessage, { seq: number; room: string }> =>
        "room" in m && "seq" in m && (room === undefined || m.room === room),
    );
  }

  ofType<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  /** Resolves with the first message (from `from` on) matching the predicate. */
  async waitFor(
    predicate: (message: ServerMessage) => boolean,
    { from = 0, timeoutMs = 10_000 } = {},
  ): Promise<ServerMessage> {
    const found = await this.until(() => this.messages.slice(from).find(predicate), timeoutMs);
    return found;
  }

  /** Resolves once `count` events have arrived. */
  async waitForEvents(count: number, timeoutMs = 10_000) {
    await this.until(() => (this.events().length >= count ? true : undefined), timeoutMs);
    return this.events();
  }

  async until<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) {
        const tail = this.raw
          .slice(-5)
          .map((frame) => frame.slice(0, 300))
          .join("\n");
        throw new Error(`timed out after ${timeoutMs} ms; last frames:\n${tail}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
