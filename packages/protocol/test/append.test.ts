import { describe, expect, it } from "vitest";
import {
  APPENDABLE_EVENT_TYPES,
  alertKey,
  decodeClientMessage,
  decodeServerMessage,
  ErrorCode,
  MAX_ACK_NOTE_LENGTH,
  MAX_ALERT_ID_LENGTH,
  validatePublishInput,
} from "../src/index.js";
import { expectFailure, expectSuccess } from "./expect-result.js";
import { eventData, serverControlMessages, serverEvent } from "./fixtures.js";

/** `append` / `appended` and the `alert_acknowledged` event (protocol 1.1). */

const append = (data: unknown, id: string | number = "a1") =>
  JSON.stringify({ type: "append", id, data });

const ack = (data: unknown, room = "global") => append({ room, type: "alert_acknowledged", data });

describe("append (client → server)", () => {
  it("accepts an acknowledgement by number or string id, with or without a note", () => {
    for (const data of [
      { alert_id: 5521 },
      { alert_id: 0 },
      { alert_id: "alert-9f2" },
      { alert_id: "x".repeat(MAX_ALERT_ID_LENGTH) },
      { alert_id: 5521, note: "" },
      { alert_id: 5521, note: "n".repeat(MAX_ACK_NOTE_LENGTH) },
    ]) {
      expect(expectSuccess(decodeClientMessage(ack(data)))).toEqual({
        type: "append",
        id: "a1",
        data: { room: "global", type: "alert_acknowledged", data },
      });
    }
  });

  it("drops a client's own by, at and other fields: only the hub states who and when", () => {
    const decoded = expectSuccess(
      decodeClientMessage(
        ack({
          alert_id: 5521,
          note: "seen",
          by: { id: "someone-else", name: "Admin" },
          at: "2020-01-01T00:00:00Z",
          extra: "x",
        }),
      ),
    );
    expect(decoded.data).toEqual({
      room: "global",
      type: "alert_acknowledged",
      data: { alert_id: 5521, note: "seen" },
    });
  });

  it.each([
    ["another event type", { room: "global", type: "detection_alert", data: { id: 1 } }],
    ["a type that is no event", { room: "global", type: "nope", data: { alert_id: 1 } }],
    ["no type", { room: "global", data: { alert_id: 1 } }],
    ["no data", { room: "global", type: "alert_acknowledged" }],
    ["data that is not an object", { room: "global", type: "alert_acknowledged", data: 5521 }],
    ["no alert_id", { room: "global", type: "alert_acknowledged", data: { note: "x" } }],
    ["an empty alert_id", { room: "global", type: "alert_acknowledged", data: { alert_id: "" } }],
    [
      "a boolean alert_id",
      { room: "global", type: "alert_acknowledged", data: { alert_id: true } },
    ],
    [
      "an alert_id over the length limit",
      {
        room: "global",
        type: "alert_acknowledged",
        data: { alert_id: "x".repeat(MAX_ALERT_ID_LENGTH + 1) },
      },
    ],
    [
      "a note over 500 characters",
      {
        room: "global",
        type: "alert_acknowledged",
        data: { alert_id: 1, note: "n".repeat(MAX_ACK_NOTE_LENGTH + 1) },
      },
    ],
    [
      "a note that is not a string",
      { room: "global", type: "alert_acknowledged", data: { alert_id: 1, note: 3 } },
    ],
    ["no room", { type: "alert_acknowledged", data: { alert_id: 1 } }],
  ])("refuses %s with bad_message, carrying the ref", (_name, data) => {
    const error = expectFailure(decodeClientMessage(append(data, 77)), ErrorCode.BAD_MESSAGE);
    expect(error.ref).toBe(77);
  });

  it("says which types can be appended and what is wrong with the data", () => {
    const type = expectFailure(
      decodeClientMessage(append({ room: "global", type: "playback", data: { id: "p" } })),
    );
    expect(type.message).toContain("only alert_acknowledged can be appended");
    const note = expectFailure(
      decodeClientMessage(ack({ alert_id: 1, note: "n".repeat(MAX_ACK_NOTE_LENGTH + 1) })),
    );
    expect(note.message).toContain("note is at most 500 characters");
    const id = expectFailure(decodeClientMessage(ack({ alert_id: null })));
    expect(id.message).toContain("alert_id must be a number or a string");
  });

  it("refuses a bad room with bad_room", () => {
    expectFailure(decodeClientMessage(ack({ alert_id: 1 }, "a.b")), ErrorCode.BAD_ROOM);
  });

  it("lists exactly one appendable type in 1.1", () => {
    expect(APPENDABLE_EVENT_TYPES).toEqual(["alert_acknowledged"]);
  });
});

describe("appended (server → client)", () => {
  it("decodes the room and the seq, with the ref", () => {
    const frame = JSON.stringify(serverControlMessages.appended);
    expect(expectSuccess(decodeServerMessage(frame))).toEqual({
      type: "appended",
      data: { room: "global", seq: 1048 },
      ref: "a1",
    });
  });

  it.each([
    ["no seq", { room: "global" }],
    ["a negative seq", { room: "global", seq: -1 }],
    ["a bad room", { room: "a b", seq: 1 }],
  ])("refuses %s", (_name, data) => {
    expectFailure(decodeServerMessage(JSON.stringify({ type: "appended", data })));
  });
});

describe("alert_acknowledged (event)", () => {
  it("is an event with a seq like any other, data delivered as written", () => {
    const event = serverEvent("alert_acknowledged", "dashboard:42");
    expect(expectSuccess(decodeServerMessage(JSON.stringify(event)))).toEqual(event);
  });

  it("may be published by a producer that states by and at itself", () => {
    const data = { ...eventData.alert_acknowledged, by: { id: 1042, name: "marisol" } };
    const input = { room: "global", type: "alert_acknowledged", data };
    expect(expectSuccess(validatePublishInput(input))).toEqual(input);
    const { by: _by, ...unsigned } = eventData.alert_acknowledged;
    expectFailure(
      validatePublishInput({ room: "global", type: "alert_acknowledged", data: unsigned }),
      ErrorCode.BAD_MESSAGE,
    );
  });

  it("keys an alert by the text of its id: 5521 and '5521' are one alert", () => {
    expect(alertKey(5521)).toBe(alertKey("5521"));
    expect(alertKey("alert-9f2")).toBe("alert-9f2");
  });
});
