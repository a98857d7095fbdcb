import { loadBenchConfig } from "./config.js";
import { measureIdle } from "./idle.js";
import { PEERS, type PeerName } from "./peers/catalog.js";
import { buildHubBundleFor } from "./peers/hub-bundle.js";
import { installCleanup } from "./processes.js";
import type { IdleResult } from "./results.js";
import { Rig } from "./rig.js";
import { median } from "./stats/summary.js";

/**
 * `pnpm --filter @pulseboard/bench idle`: only the idle-memory scenario of a session (warm-up,
 * N idle clients, forced GC), for every peer and N, rounds interleaved, on a fresh peer process
 * each time. Prints each measurement, then the median per peer and N and its difference to the
 * bare `ws` server (naive-ws). Takes the bench's options (--peers, --clients, --rounds, ...).
 */
const config = loadBenchConfig();
installCleanup();
buildHubBundleFor(config.peers, (line) => console.error(line));
const KIB = 1024;
const figures = new Map<string, { rss: number[]; heap: number[] }>();
const key = (peer: PeerName, clients: number) => `${peer} ${clients}`;

/** One fresh peer process, one idle measurement. */
async function measureOnce(peer: PeerName, clients: number): Promise<IdleResult> {
  const rig = await Rig.start(PEERS[peer], config);
  try {
    return (await measureIdle(rig, clients, config)).idle;
  } finally {
    await rig.stop();
  }
}

for (let round = 1; round <= config.rounds; round++) {
  for (const clients of config.clients) {
    for (const peer of config.peers) {
      const what = `round ${round} ${peer} N=${clients}`;
      let idle: IdleResult;
      try {
        idle = await measureOnce(peer, clients);
      } catch (error) {
        // A loaded machine may not start a peer in time: that round goes without this figure.
        console.error(`${what}: failed: ${error instanceof Error ? error.message : error}`);
        continue;
      }
      const entry = figures.get(key(peer, clients)) ?? { rss: [], heap: [] };
      entry.rss.push(idle.rssPerConnectionBytes / KIB);
      entry.heap.push(idle.heapPerConnectionBytes / KIB);
      figures.set(key(peer, clients), entry);
      console.error(
        `${what}: ${idle.clients} held, RSS ${(idle.rssPerConnectionBytes / KIB).toFixed(2)} KiB, ` +
          `heap ${(idle.heapPerConnectionBytes / KIB).toFixed(2)} KiB per connection`,
      );
    }
  }
}

console.log(
  "| peer | N | rounds | RSS KiB/conn (median) | heap KiB/conn (median) | RSS − ws | heap − ws |",
);
console.log("| ---- | -: | -: | -: | -: | -: | -: |");
for (const clients of config.clients) {
  const bare = figures.get(key("naive-ws", clients));
  for (const peer of config.peers) {
    const entry = figures.get(key(peer, clients));
    if (entry === undefined) continue;
    const rss = median(entry.rss);
    const heap = median(entry.heap);
    const versus = (value: number, base: number[] | undefined) =>
      base === undefined ? "–" : (value - median(base)).toFixed(2);
    console.log(
      `| ${peer} | ${clients} | ${entry.rss.length} | ${rss.toFixed(2)} | ${heap.toFixed(2)} | ${versus(rss, bare?.rss)} | ${versus(heap, bare?.heap)} |`,
    );
  }
}
process.exit(0);
