import { loadavg } from "node:os";
import { runCapacity } from "./capacity.js";
import type { BenchConfig } from "./config.js";
import { digestOf, hubSources, machineInfo, sourceChanges } from "./machine.js";
import { PEERS, type PeerName } from "./peers/catalog.js";
import type { CapacityResult, RunData, SessionResult } from "./results.js";
import { runSession } from "./session.js";

/** "Held by one process" (a cluster spreads its connections over several); hubs only. */
function takesCapacityTest(name: PeerName): boolean {
  return PEERS[name].singleProcess && PEERS[name].reference !== true;
}

/** Time set aside at the end of the run for each peer's capacity test. */
function capacityReserveMs(config: BenchConfig): number {
  if (config.capacity.target <= 0) return 0;
  const tested = config.peers.filter(takesCapacityTest).length;
  return tested * (config.profile === "quick" ? 6_000 : 45_000);
}

/**
 * The whole run: rounds of sessions interleaved by peer (A B C A B C for each N), then one
 * capacity test per peer. New work starts only while the deadline allows; what is skipped is
 * listed in the results.
 */
export async function runAll(config: BenchConfig, log: (line: string) => void): Promise<RunData> {
  const started = Date.now();
  const deadline = started + config.deadlineMs;
  const sessionsDeadline = deadline - capacityReserveMs(config);
  const sources = hubSources();
  const machine = machineInfo(sources);
  const sessions: SessionResult[] = [];
  const capacity: CapacityResult[] = [];
  const skipped: string[] = [];
  let sessionMs = 0;

  for (let round = 1; round <= config.rounds; round++) {
    for (const clients of config.clients) {
      for (const name of config.peers) {
        const label = `round ${round}/${config.rounds}, N=${clients}, ${PEERS[name].label}`;
        const average = sessions.length === 0 ? 0 : sessionMs / sessions.length;
        if (Date.now() + average > sessionsDeadline) {
          skipped.push(`${label}: not started, run deadline`);
          continue;
        }
        log(`${label} (${Math.round((Date.now() - started) / 1000)} s into the run)`);
        const session = await runSession(
          PEERS[name],
          clients,
          round,
          config,
          sessionsDeadline,
          log,
        );
        sessions.push(session);
        sessionMs += session.durationMs;
      }
    }
  }

  if (config.capacity.target > 0) {
    for (const name of config.peers.filter(takesCapacityTest)) {
      const label = `capacity, ${PEERS[name].label}`;
      if (Date.now() > deadline - 5_000) {
        skipped.push(`${label}: not started, run deadline`);
        continue;
      }
      log(`${label} (${Math.round((Date.now() - started) / 1000)} s into the run)`);
      capacity.push(await runCapacity(PEERS[name], config, log));
    }
  }

  machine.loadAverageEnd = loadavg();
  const sourcesAfter = hubSources();
  machine.hubSourceEnd = digestOf(sourcesAfter);
  machine.hubSourceChanges = sourceChanges(sources, sourcesAfter);
  return { machine, config, sessions, capacity, skipped, durationMs: Date.now() - started };
}
