import { CloseCode, ErrorCode } from "@pulseboard/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

describe("inbound frames", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_MAX_PAYLOAD: "4096" });
  });
  afterAll(async () => {
    await hub.close();
  });

  /** Sends a frame and returns the hub's answer to it, proving the connection still works after. */
  async function answerTo(frame: string | Buffer) {
    const client = await TestClient.ready(hub.wsUrl);
    const from = client.messages.length;
    client.socket.send(frame);
    const answer = await client.waitFor((m) => m.type === "error" || m.type === "pong", { from });
    client.send({ type: "ping", id: "after" });
    await client.waitFor((m) => m.type === "pong" && m.ref === "after", { from });
    client.close();
    return answer;
  }

  it("answers a JSON ping with a pong carrying the ping's id", async () => {
    expect(await answerTo('{"type":"ping","id":42}')).toEqual({
      type: "pong",
      data: null,
      ref: 42,
    });
    expect(await answerTo('{"type":"ping","data":null}')).toEqual({ type: "pong", data: null });
  });

  it.each([
    ["not JSON", "{oops", ErrorCode.BAD_JSON],
    ["a JSON array", "[1,2]", ErrorCode.BAD_MESSAGE],
    ["a JSON string", '"ping"', ErrorCode.BAD_MESSAGE],
    ["no type", '{"data":{}}', ErrorCode.BAD_MESSAGE],
    ["an unknown type", '{"type":"launch_missiles","data":null}', ErrorCode.UNKNOWN_TYPE],
    ["a server-only type", '{"type":"welcome","data":{}}', ErrorCode.UNKNOWN_TYPE],
    ["subscribe without rooms", '{"type":"subscribe","data":{}}', ErrorCode.BAD_MESSAGE],
    [
      "rooms of the wrong type",
      '{"type":"subscribe","data":{"rooms":"global"}}',
      ErrorCode.BAD_MESSAGE,
    ],
    ["a bad room name", '{"type":"subscribe","data":{"rooms":["no spaces"]}}', ErrorCode.BAD_ROOM],
    ["a dotted room name", '{"type":"subscribe","data":{"rooms":["a.b"]}}', ErrorCode.BAD_ROOM],
    [
      "a room name of 65 characters",
      `{"type":"subscribe","data":{"rooms":["${"r".repeat(65)}"]}}`,
      ErrorCode.BAD_ROOM,
    ],
    ["a wildcard room", '{"type":"subscribe","data":{"rooms":["*"]}}', ErrorCode.BAD_ROOM],
    [
      "a negative since",
      '{"type":"subscribe","data":{"rooms":["a"],"since":-1}}',
      ErrorCode.BAD_MESSAGE,
    ],
    ["refresh without token", '{"type":"refresh","data":{}}', ErrorCode.BAD_MESSAGE],
  ])("answers %s with an error and keeps the connection", async (_name, frame, code) => {
    const answer = await answerTo(frame);
    expect(answer).toMatchObject({ type: "error", data: { code } });
  });

  it("answers too many rooms with too_many_rooms", async () => {
    const rooms = Array.from({ length: 101 }, (_, i) => `r${i}`);
    const answer = await answerTo(
      JSON.stringify({ type: "subscribe", id: "big", data: { rooms } }),
    );
    expect(answer).toMatchObject({
      type: "error",
      ref: "big",
      data: { code: ErrorCode.TOO_MANY_ROOMS, ref: "big" },
    });
  });

  it("answers a binary frame with an error", async () => {
    const answer = await answerTo(Buffer.from([1, 2, 3]));
    expect(answer).toMatchObject({ type: "error", data: { code: ErrorCode.BAD_MESSAGE } });
  });

  it("closes a connection that sends an oversized frame with 1009, and keeps serving others", async () => {
    const bystander = await TestClient.ready(hub.wsUrl);
    const offender = await TestClient.ready(hub.wsUrl);
    offender.send({ type: "ping", data: "x".repeat(8192) });
    expect((await offender.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG);
    const seqs = await hub.publish(playbacks("global", 2));
    const events = await bystander.waitForEvents(2);
    expect(events.slice(-2).map((e) => e.seq)).toEqual(seqs);
    bystander.close();
  });

  it("closes a connection that sends invalid UTF-8 in a text frame with 1007, serving others", async () => {
    const bystander = await TestClient.ready(hub.wsUrl);
    const offender = await TestClient.ready(hub.wsUrl);
    offender.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await offender.closed).code).toBe(1007);
    const seqs = await hub.publish(playbacks("global", 1));
    expect((await bystander.waitForEvents(1)).map((e) => e.seq)).toEqual(seqs);
    bystander.close();
  });

  it("reports bad upgrade parameters after welcome and ignores them", async () => {
    const client = await TestClient.ready(`${hub.wsUrl}?rooms=good,bad%20room&since=abc`);
    const welcome = client.ofType("welcome")[0];
    expect(welcome?.data.rooms).toEqual(["good"]);
    const codes = client.ofType("error").map((e) => e.data.code);
    expect(codes).toEqual([ErrorCode.BAD_ROOM, ErrorCode.BAD_MESSAGE]);
    client.close();
  });

  it("treats refresh as a no-op while authentication is off", async () => {
    const client = await TestClient.ready(hub.wsUrl);
    client.send({ type: "refresh", id: 1, data: { token: "anything" } });
    expect(await client.waitFor((m) => m.type === "refreshed")).toEqual({
      type: "refreshed",
      data: { exp: null },
      ref: 1,
    });
    client.close();
  });
});
