import { describe, expectTypeOf, it } from "vitest";
import type WsWebSocket from "ws";
import type { WebSocketConstructor } from "../src/socket.js";

describe("WebSocketConstructor", () => {
  it("accepts the browser's WebSocket and the ws package's as they are", () => {
    expectTypeOf<typeof globalThis.WebSocket>().toExtend<WebSocketConstructor>();
    expectTypeOf<typeof WsWebSocket>().toExtend<WebSocketConstructor>();
  });
});
