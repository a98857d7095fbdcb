import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, freePorts, isListening } from "../src/ports.js";

describe("free ports", () => {
  it("are distinct, below the ephemeral range, and can be bound", async () => {
    const ports = await freePorts(4);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) expect(port).toBeLessThan(32_768);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], "127.0.0.1", resolve));
    expect(await isListening(ports[0] ?? 0)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await isListening(ports[0] ?? 0)).toBe(false);
  });

  it("freePort is one of them", async () => {
    expect(await freePort()).toBeGreaterThan(0);
  });
});
