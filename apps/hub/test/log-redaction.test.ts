import { connect } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubApp, type HubApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { signToken, TEST_SECRET } from "./support/tokens.js";
import { TestClient } from "./support/ws-client.js";

const PUBLISH_TOKEN = "test-publish-token";

describe("logs", () => {
  /** Every line the hub logs, at the most verbose level. */
  const lines: string[] = [];
  let app: HubApp;
  let port: number;
  beforeAll(async () => {
    const config = loadConfig({
      HUB_HOST: "127.0.0.1",
      HUB_PORT: "0",
      HUB_AUTH: "jwt",
      HUB_AUTH_SECRET: TEST_SECRET,
      HUB_PUBLISH_TOKEN: PUBLISH_TOKEN,
      HUB_SHUTDOWN_MS: "1000",
    });
    const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(line) });
    app = createHubApp(config, logger);
    ({ port } = await app.start());
  });
  afterAll(async () => {
    await app.shutdown();
  });

  it("never print a query string, where access_token may be", async () => {
    const secret = await signToken({ sub: "ann", rooms: ["*"] });
    // A publish whose body never arrives: the request fails, and the hub logs it.
    const failed = new Promise<void>((resolve) => {
      const socket = connect({ port, host: "127.0.0.1" }, () => {
        socket.write(
          `POST /api/v1/publish?access_token=${secret} HTTP/1.1\r\nHost: x\r\n` +
            `Authorization: Bearer ${PUBLISH_TOKEN}\r\nContent-Type: application/json\r\n` +
            "Content-Length: 1000\r\n\r\n{",
        );
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on("error", () => {});
      socket.on("close", () => resolve());
    });
    await failed;
    // Upgrades refused and accepted with the token in the query.
    const ws = `ws://127.0.0.1:${port}/ws`;
    await TestClient.connect(`${ws}?rooms=bad%20room&access_token=${secret}x`).catch(() => {});
    (await TestClient.ready(`${ws}?rooms=dash:1&access_token=${secret}`)).close();

    const deadline = Date.now() + 30_000;
    while (!lines.some((line) => line.includes("request failed"))) {
      if (Date.now() > deadline) throw new Error("the failed request was never logged");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const leaking = lines.filter((line) => line.includes(secret) || line.includes("access_token"));
    expect(leaking).toEqual([]);
    const failure = JSON.parse(lines.find((line) => line.includes("request failed")) ?? "{}");
    expect(failure).toMatchObject({ path: "/api/v1/publish" });
  });
});
