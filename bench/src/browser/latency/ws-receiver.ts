import WebSocket from "ws";
import { benchNowMs } from "./clock.js";
import type { Sighting } from "./summary.js";

/** A marked playback's id in a frame (see MarkerProducer): the frame is not parsed further. */
const MARKED_ID = /"id":"(pb-\d+)"/g;

/**
 * A plain `ws` client on the scenario's room, in the bench process: what the hub itself
 * delivers, publish → WebSocket receive, on the same clock and the same events as the pages.
 * The difference between its latency and the pages' is the browser's share.
 */
export class WsReceiver {
  readonly sightings: Sighting[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (frame, isBinary) => {
      if (isBinary) return;
      const at = benchNowMs();
      for (const match of frame.toString().matchAll(MARKED_ID)) {
        this.sightings.push([match[1] as string, at]);
      }
    });
  }

  /** Connected and welcomed (the hub's first frame), or rejects within `timeoutMs`. */
  static connect(wsUrl: string, room: string, timeoutMs = 10_000): Promise<WsReceiver> {
    const socket = new WebSocket(`${wsUrl}?rooms=${encodeURIComponent(room)}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`the plain ws client was not welcomed within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("message", () => {
        clearTimeout(timer);
        resolve(new WsReceiver(socket));
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
