import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clientMessageSchemas,
  decodeClientMessage,
  decodeServerMessage,
  ErrorCode,
  EVENT_TYPES,
  encode,
  type Result,
  serverControlSchemas,
  validateEventData,
  validatePublishInput,
} from "../src/index.js";
import {
  eventDataArb,
  eventTypeArb,
  messageIdArb,
  publishInputArb,
  roomArb,
  serverEventArb,
  subscribeArb,
  timestampArb,
  welcomeArb,
} from "./arbitraries.js";
import { expectFailure, expectSuccess, expectWellFormed } from "./expect-result.js";

/**
 * Hundreds of random values per property: a few seconds on a busy 2-core machine, over vitest's
 * 5 s default there (seen at load average 30). A time limit, not a speed assertion.
 */
const PROPERTY_TIMEOUT_MS = 60_000;

const KNOWN_TYPES = [
  ...EVENT_TYPES,
  ...Object.keys(clientMessageSchemas),
  ...Object.keys(serverControlSchemas),
];

const decoders: [string, (text: string) => Result<unknown>][] = [
  ["decodeClientMessage", decodeClientMessage],
  ["decodeServerMessage", decodeServerMessage],
];

/** Runs every text decoder on `text`; each must return a well-formed result, never throw. */
function decodeAll(text: string): void {
  for (const [, decode] of decoders) expectWellFormed(decode(text));
}

/** Any JavaScript value that could reach validatePublishInput, JSON-representable or not. */
const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** Valid data of `type` with one field replaced by an arbitrary JSON value (or removed). */
const mutatedData = eventTypeArb.chain((type) =>
  fc
    .tuple(eventDataArb(type), fc.string({ maxLength: 20 }), fc.option(fc.jsonValue()))
    .map(([data, pick, value]) => {
      const keys = Object.keys(data);
      const key = keys[pick.length % Math.max(keys.length, 1)] ?? pick;
      const copy: Record<string, unknown> = { ...data };
      if (value === null) delete copy[key];
      else copy[key] = value;
      return { type, data: copy };
    }),
);

/** `{type, data, ...}` objects with a known type and random or nearly valid data. */
const typedObject = fc.record(
  {
    type: fc.constantFrom(...KNOWN_TYPES),
    data: fc.oneof(
      fc.jsonValue(),
      mutatedData.map((m) => m.data),
    ),
    id: fc.oneof(messageIdArb, fc.jsonValue()),
    room: fc.oneof(roomArb, fc.jsonValue()),
    seq: fc.oneof(fc.nat(), fc.jsonValue()),
    ts: fc.oneof(timestampArb, fc.jsonValue()),
  },
  { requiredKeys: ["type"] },
);

describe("decoders never throw", { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), decodeAll), {
      numRuns: 500,
    });
  });

  it("on arbitrary JSON text", () => {
    fc.assert(fc.property(fc.json(), decodeAll), { numRuns: 500 });
  });

  it("on arbitrary values stringified", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        decodeAll(JSON.stringify(value) ?? "undefined");
      }),
      { numRuns: 500 },
    );
  });

  it("on objects of every known type with random data, alone and in arrays", () => {
    fc.assert(
      fc.property(fc.array(typedObject, { minLength: 1, maxLength: 3 }), (objects) => {
        for (const object of objects) decodeAll(JSON.stringify(object));
        decodeAll(JSON.stringify(objects));
      }),
      { numRuns: 1000 },
    );
  });

  it("on objects whose type is a random string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 2000 }), fc.jsonValue(), (type, data) => {
        const text = JSON.stringify({ type, data });
        for (const [, decode] of decoders) {
          const result = decode(text);
          expectWellFormed(result);
          if (!KNOWN_TYPES.includes(type)) expectFailure(result, ErrorCode.UNKNOWN_TYPE);
        }
      }),
    );
  });
});

describe("validatePublishInput never throws", { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it("on arbitrary values", () => {
    fc.assert(
      fc.property(anyValue, (value) => expectWellFormed(validatePublishInput(value))),
      {
        numRuns: 500,
      },
    );
  });

  it("on {room, type, data} with any values in each field", () => {
    fc.assert(
      fc.property(
        fc.oneof(roomArb, anyValue),
        fc.oneof(eventTypeArb, anyValue),
        anyValue,
        (room, type, data) => expectWellFormed(validatePublishInput({ room, type, data })),
      ),
      { numRuns: 500 },
    );
  });

  it("on nearly valid data of each type, and agrees with validateEventData", () => {
    fc.assert(
      fc.property(roomArb, mutatedData, (room, { type, data }) => {
        const published = validatePublishInput({ room, type, data });
        const validated = validateEventData(type, data);
        expectWellFormed(published);
        expectWellFormed(validated);
        expect(published.ok).toBe(validated.ok);
        if (!published.ok) expect(published.error.code).toBe(ErrorCode.BAD_MESSAGE);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("valid values round-trip", { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it("validatePublishInput returns any valid event unchanged", () => {
    fc.assert(
      fc.property(publishInputArb, (input) => {
        expect(expectSuccess(validatePublishInput(input))).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });

  it("any valid server event survives encode → decode", () => {
    fc.assert(
      fc.property(fc.array(serverEventArb, { minLength: 1, maxLength: 4 }), (events) => {
        for (const event of events) {
          const text = encode(event);
          // Compare with the JSON reading of the text: JSON itself turns -0 into 0.
          const decoded = expectSuccess(decodeServerMessage(text));
          expect(decoded).toEqual(JSON.parse(text));
          expect(JSON.parse(encode(decoded))).toEqual(JSON.parse(text));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("any valid subscribe survives encode → decode", () => {
    fc.assert(
      fc.property(subscribeArb, (message) => {
        const text = encode(message);
        expect(expectSuccess(decodeClientMessage(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it("any valid welcome survives encode → decode", () => {
    fc.assert(
      fc.property(welcomeArb, (message) => {
        expect(expectSuccess(decodeServerMessage(encode(message)))).toEqual(message);
      }),
    );
  });

  it("an error about a client message always carries that message's id as ref", () => {
    fc.assert(
      fc.property(messageIdArb, fc.jsonValue(), (id, data) => {
        const unknown = expectFailure(decodeClientMessage(JSON.stringify({ type: "x", id, data })));
        expect(unknown.ref).toEqual(id);
        const bad = JSON.stringify({ type: "subscribe", id, data: { rooms: ["bad room"] } });
        expect(expectFailure(decodeClientMessage(bad), ErrorCode.BAD_ROOM).ref).toEqual(id);
      }),
    );
  });
});
