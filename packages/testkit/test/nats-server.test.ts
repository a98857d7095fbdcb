import { describe, expect, it } from "vitest";
import { startNatsServer } from "../src/nats-server.js";
import { isListening } from "../src/ports.js";

describe("nats-server", () => {
  it("starts on loopback, halts and resumes on the same port, stops", async () => {
    const server = await startNatsServer();
    try {
      expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
      expect(await isListening(server.port)).toBe(true);
      await server.halt();
      expect(await isListening(server.port)).toBe(false);
      await server.resume();
      expect(await isListening(server.port)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(await isListening(server.port)).toBe(false);
  });
});
