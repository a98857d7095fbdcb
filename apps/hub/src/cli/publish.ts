import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { DEFAULT_ROOM, type PublishInput, validatePublishInput } from "@pulseboard/protocol";
import { publishEvents } from "../broker/nats/publish.js";

const USAGE = `usage: publish [--nats URL] [--stream PULSE] [--room ROOM] --type TYPE --data JSON
       publish [--nats URL] [--room ROOM] [--type TYPE] < events.jsonl

Publishes events to the hub's NATS stream, on the subjects the hub reads. Without --data,
each stdin line is a {"room","type","data"} object, or just the data when --type is given.
Everything is validated before anything is published. Prints one stream seq per event.`;

/** Turns one input (flag or stdin line) into an unvalidated {room, type, data}. */
function toCandidate(value: unknown, room: string, type: string | undefined): unknown {
  if (type !== undefined) return { room, type, data: value };
  if (typeof value === "object" && value !== null && !("room" in value)) {
    return { room, ...value };
  }
  return value;
}

async function readInputs(room: string, type: string | undefined, data: string | undefined) {
  const lines: string[] = [];
  if (data !== undefined) lines.push(data);
  else for await (const line of createInterface({ input: process.stdin })) lines.push(line);

  const inputs: PublishInput[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${index + 1}: not JSON`);
    }
    const checked = validatePublishInput(toCandidate(value, room, type));
    if (!checked.ok) throw new Error(`line ${index + 1}: ${checked.error.message}`);
    inputs.push(checked.value);
  }
  return inputs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nats: { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
      stream: { type: "string", default: process.env.HUB_NATS_STREAM ?? "PULSE" },
      room: { type: "string", default: DEFAULT_ROOM },
      type: { type: "string" },
      data: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const inputs = await readInputs(values.room, values.type, values.data);
  if (inputs.length === 0) throw new Error(`nothing to publish\n${USAGE}`);

  // Talks to NATS directly rather than through NatsBroker: a CLI must not create or
  // reconfigure the stream; publishing fails if the hub has not created it yet.
  const nc = await connect({ servers: values.nats.split(","), name: "pulseboard-publish" });
  try {
    // Without the stream nobody answers a publish, which nats.js reports as "jetstream is not
    // enabled"; looking the stream up first gives a message that says what is wrong.
    await (await jetstreamManager(nc)).streams.info(values.stream).catch(() => {
      throw new Error(`stream ${values.stream} not found on ${values.nats}: start the hub first`);
    });
    const { seqs, duplicates } = await publishEvents(jetstream(nc), values.stream, inputs);
    const repeated = new Set(duplicates);
    for (const [index, seq] of seqs.entries()) {
      console.log(repeated.has(index) ? `${seq} (duplicate)` : seq);
    }
  } finally {
    await nc.drain();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
