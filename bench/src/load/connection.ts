import type { Socket } from "node:net";
import { nowUs } from "../clock.js";
import { TIMESTAMP_KEY } from "../payload.js";
import type { ClientDialect } from "../peers/catalog.js";
import {
  clientFrame,
  OPCODE_CLOSE,
  OPCODE_PING,
  OPCODE_PONG,
  OPCODE_TEXT,
  upgradeRequest,
} from "./frames.js";

const KEY = Buffer.from(TIMESTAMP_KEY);
const HEADER_END = Buffer.from("\r\n\r\n");
const CHAR_0 = 0x30;
const CHAR_2 = 0x32;
const CHAR_4 = 0x34;
const SOCKETIO_CONNECT = clientFrame(OPCODE_TEXT, "40");
const SOCKETIO_PONG = clientFrame(OPCODE_TEXT, "3");

/** Where a connection's event frames are counted (one per load worker). */
export interface EventSink {
  /** `sentUs` parsed from the frame, `arrivedUs` when its TCP chunk was read. */
  event(sentUs: number, arrivedUs: number): void;
}

/**
 * One load client over a bare TCP socket: a hand-written WebSocket handshake and frame reader,
 * so that reading a frame costs a header decode and a search for `"sent_us":` (no JSON.parse,
 * no per-frame event emitter). It answers pings (WebSocket, and Engine.IO's `2`), and nothing
 * else of the payload is looked at.
 */
export class LoadConnection {
  onReady: (() => void) | undefined;
  onFailure: ((error: Error) => void) | undefined;
  ready = false;
  private upgraded = false;
  private rest: Buffer | undefined;

  constructor(
    readonly socket: Socket,
    private readonly dialect: ClientDialect,
    private readonly sink: EventSink,
  ) {}

  start(path: string, port: number): void {
    this.socket.write(upgradeRequest(path, port));
  }

  onData(chunk: Buffer): void {
    const arrivedUs = nowUs();
    const buf = this.rest === undefined ? chunk : Buffer.concat([this.rest, chunk]);
    this.rest = undefined;
    let offset = 0;
    if (!this.upgraded) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) {
        this.rest = Buffer.from(buf);
        return;
      }
      const status = buf.toString("latin1", 0, Math.min(end, 64)).split(" ")[1];
      if (status !== "101") {
        this.fail(new Error(`upgrade refused: HTTP ${status}`));
        return;
      }
      this.upgraded = true;
      offset = end + HEADER_END.length;
      if (this.dialect === "plain") this.markReady();
    }
    const length = buf.length;
    while (length - offset >= 2) {
      const b0 = buf[offset] as number;
      const b1 = buf[offset + 1] as number;
      let size = b1 & 0x7f;
      let header = 2;
      if (size === 126) {
        if (length - offset < 4) break;
        size = buf.readUInt16BE(offset + 2);
        header = 4;
      } else if (size === 127) {
        if (length - offset < 10) break;
        size = buf.readUInt32BE(offset + 2) * 2 ** 32 + buf.readUInt32BE(offset + 6);
        header = 10;
      }
      if (b1 & 0x80) header += 4; // servers do not mask; tolerate it anyway
      const start = offset + header;
      const end = start + size;
      if (end > length) break;
      this.frame(b0 & 0x0f, buf, start, end, arrivedUs);
      offset = end;
    }
    if (offset < length) {
      // Copy the partial frame: a subarray would pin the whole chunk per connection.
      this.rest = Buffer.from(buf.subarray(offset));
    }
  }

  private frame(opcode: number, buf: Buffer, start: number, end: number, arrivedUs: number): void {
    if (opcode === OPCODE_TEXT) {
      const at = buf.indexOf(KEY, start);
      if (at >= 0 && at + KEY.length < end) {
        let value = 0;
        for (let i = at + KEY.length; i < end; i++) {
          const digit = (buf[i] as number) - CHAR_0;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
        }
        this.sink.event(value, arrivedUs);
        return;
      }
      this.controlText(buf, start, end);
      return;
    }
    if (opcode === OPCODE_PING) {
      this.socket.write(clientFrame(OPCODE_PONG, buf.subarray(start, end)));
      return;
    }
    if (opcode === OPCODE_CLOSE) {
      this.socket.end(clientFrame(OPCODE_CLOSE, buf.subarray(start, Math.min(end, start + 2))));
      this.socket.destroy();
    }
  }

  /** Frames without a timestamp: handshakes and heartbeats of each dialect. */
  private controlText(buf: Buffer, start: number, end: number): void {
    if (this.dialect === "pulseboard") {
      if (!this.ready) this.markReady(); // the first frame is `welcome`
      return;
    }
    if (this.dialect !== "socketio" || end === start) return;
    const first = buf[start];
    if (first === CHAR_0) {
      this.socket.write(SOCKETIO_CONNECT); // Engine.IO open → Socket.IO connect to "/"
    } else if (first === CHAR_2 && end - start === 1) {
      this.socket.write(SOCKETIO_PONG); // Engine.IO ping → pong
    } else if (first === CHAR_4 && buf[start + 1] === CHAR_0 && !this.ready) {
      this.markReady(); // "40{sid}": connected to the namespace
    }
  }

  private markReady(): void {
    this.ready = true;
    this.onReady?.();
  }

  private fail(error: Error): void {
    this.onFailure?.(error);
    this.socket.destroy();
  }
}
