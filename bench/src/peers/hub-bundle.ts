import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHub } from "@pulseboard/testkit";
import { PEERS, type PeerName } from "./catalog.js";

/**
 * The cluster peers run the hub's production bundle: built again from the sources before a run
 * that includes one, so a bundle left by an earlier build never stands in for the code measured
 * (the run records the sources' digest, not the bundle's).
 */
export function buildHubBundleFor(peers: readonly PeerName[], log: (line: string) => void): void {
  if (peers.every((name) => PEERS[name].singleProcess)) return;
  const started = Date.now();
  buildHub(mkdtempSync(join(tmpdir(), "pulse-bench-build-")));
  log(`hub bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
