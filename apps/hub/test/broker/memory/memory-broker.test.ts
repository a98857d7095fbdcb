import { describe, expect, it } from "vitest";
import { newestEvents } from "../../../src/broker/history-windows.js";
import { MemoryBroker } from "../../../src/broker/memory/memory-broker.js";
import { playback } from "../../support/broker-events.js";
import { describeBrokerContract } from "../broker-contract.js";

const RETENTION = 200;

describeBrokerContract("memory", async () => {
  const broker = new MemoryBroker({ retention: RETENTION });
  await broker.start();
  return {
    broker,
    // The ring only forgets by being overwritten: push enough filler through it.
    async forget(upTo) {
      const { lastSeq } = await broker.position();
      const needed = upTo + RETENTION - lastSeq;
      const filler = Array.from({ length: Math.max(0, needed) }, (_, i) =>
        playback("filler", `f${i}`),
      );
      await broker.publish(filler);
    },
    dispose: () => broker.close(),
  };
});

describe("history read backwards in windows (history-windows.ts)", () => {
  it("finds the same newest events with tiny windows as in one pass, quiet rooms included", async () => {
    const broker = new MemoryBroker({ retention: 500 });
    await broker.start();
    // "busy" gets most events; "quiet" one event every 40, so its newest 3 span many windows.
    const inputs = Array.from({ length: 300 }, (_, i) =>
      playback(i % 40 === 7 ? "quiet" : "busy", `e${i}`),
    );
    const seqs = (await broker.publish(inputs)).seqs;
    const request = { rooms: ["busy", "quiet", "nobody"], perRoom: 3, throughSeq: seqs[250] ?? 0 };
    const reads: number[] = [];
    const counting = {
      position: () => broker.position(),
      replay: (range: Parameters<MemoryBroker["replay"]>[0]) => {
        reads.push(range.throughSeq - range.afterSeq);
        return broker.replay(range);
      },
    };
    const windowed = await newestEvents(counting, request, 4);
    const onePass = await broker.history(request);
    const expected = [
      ...seqs
        .filter((seq, i) => inputs[i]?.room === "quiet" && seq <= request.throughSeq)
        .slice(-3),
      ...seqs.filter((seq, i) => inputs[i]?.room === "busy" && seq <= request.throughSeq).slice(-3),
    ].sort((a, b) => a - b);
    expect(windowed.map((event) => event.seq)).toEqual(expected);
    expect(onePass.map((event) => event.seq)).toEqual(expected);
    // The first window spans 2 × 3 × 3 rooms; they double back to the start ("nobody" keeps
    // the scan going): 4 reads for 251 seqs, where fixed windows of 18 would take 14.
    expect(reads).toEqual([18, 36, 72, 125]);
    await broker.close();
  });

  it("reads a window again from the new start when retention moves into it meanwhile", async () => {
    const broker = new MemoryBroker({ retention: 50 });
    await broker.start();
    const seqs = (
      await broker.publish(Array.from({ length: 50 }, (_, i) => playback("a", `e${i}`)))
    ).seqs;
    let evicted = false;
    const source = {
      position: () => broker.position(),
      async *replay(range: Parameters<MemoryBroker["replay"]>[0]) {
        for await (const event of broker.replay(range)) {
          yield event;
          // Mid-read, 30 newer events of another room push seqs 1..30 out of the ring.
          if (!evicted && event.seq === seqs[9]) {
            evicted = true;
            await broker.publish(Array.from({ length: 30 }, (_, i) => playback("f", `f${i}`)));
          }
        }
      },
    };
    const found = await newestEvents(source, { rooms: ["a"], perRoom: 100, throughSeq: 50 });
    expect(found.map((event) => event.seq)).toEqual(seqs.slice(30));
    await broker.close();
  });
});
