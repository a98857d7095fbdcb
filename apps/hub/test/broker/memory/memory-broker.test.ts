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
