import { decodeServerMessage } from "@pulseboard/protocol";
import WebSocket from "ws";

/**
 * A client that behaves as PROTOCOL.md asks: it remembers the last seq and the epoch and, when
 * its connection drops, reconnects to the next hub in the list with `since` and `epoch`. It
 * records every event seq it receives, duplicates included, so a test can count end to end.
 */
export class ResumingReader {
  readonly seqs: number[] = [];
  resets = 0;
  /** The `reason` of every `reset` received, in order. */
  readonly resetReasons: string[] = [];
  connections = 0;
  /** `subscribed` messages seen: one per completed catch-up. */
  catchUps = 0;
  private lastSeq: number | undefined;
  private welcomeSeq = 0;
  private epoch: string | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly urls: readonly string[],
    private readonly rooms: readonly string[],
    private next = 0,
  ) {}

  start(): void {
    this.connect();
  }

  get last(): number {
    return this.lastSeq ?? 0;
  }

  stop(): void {
    this.stopped = true;
    this.socket?.terminate();
  }

  private connect(): void {
    if (this.stopped) return;
    const base = this.urls[this.next % this.urls.length];
    this.next++;
    const params = new URLSearchParams({ rooms: this.rooms.join(",") });
    if (this.lastSeq !== undefined) params.set("since", String(this.lastSeq));
    if (this.epoch !== undefined) params.set("epoch", this.epoch);
    const socket = new WebSocket(`${base}?${params}`);
    this.socket = socket;
    socket.on("open", () => {
      this.connections++;
    });
    socket.on("message", (data) => {
      const decoded = decodeServerMessage(data.toString());
      if (!decoded.ok) throw new Error(`invalid frame: ${decoded.error.message}`);
      const message = decoded.value;
      if (message.type === "welcome") {
        this.epoch = message.data.epoch;
        this.welcomeSeq = message.data.seq;
        this.lastSeq ??= message.data.seq;
      } else if (message.type === "subscribed") {
        this.catchUps++;
      } else if (message.type === "reset") {
        // Sequence numbers restarted or are gone: start over from this connection's head.
        this.resets++;
        this.resetReasons.push(message.data.reason);
        this.lastSeq = this.welcomeSeq;
      } else if ("seq" in message && "room" in message) {
        this.seqs.push(message.seq);
        this.lastSeq = Math.max(this.lastSeq ?? 0, message.seq);
      }
    });
    socket.on("error", () => {
      // A refused or dropped connection also emits `close`, which reconnects.
    });
    socket.on("close", () => {
      if (!this.stopped) setTimeout(() => this.connect(), 100);
    });
  }
}
