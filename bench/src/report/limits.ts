/**
 * What holds back a target that was not met, as profiling and the run's own reference row (the
 * write floor) show it. Printed under the targets table only for the kinds of target that were
 * missed, so a run that meets them says nothing stale. The figures come from the run.
 */
import type { ClientsSummary, Summary } from "./summary.js";

const fmt = (value: number | undefined, digits = 1): string =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : "n/a";

/** "N = 5,000: floor 8.7 s, half of Socket.IO's 6.0 s": one clause per N where both ran. */
function floorAgainstHalf(
  byClients: readonly ClientsSummary[],
  figure: "cpuPerMillion" | "latencyP99",
  half: (s: ClientsSummary) => number | undefined,
  unit: string,
): string {
  return byClients
    .map((s) => {
      const floor = s.peers["write-floor"]?.[figure].median;
      const target = half(s);
      if (floor === undefined || target === undefined || !Number.isFinite(target)) return "";
      return `N = ${s.clients.toLocaleString("en-US")}: the floor ${fmt(floor)} ${unit}, the target ${fmt(target)} ${unit}`;
    })
    .filter((clause) => clause !== "")
    .join("; ");
}

function cpuNote(summary: Summary): string {
  const figures = floorAgainstHalf(
    summary.byClients,
    "cpuPerMillion",
    (s) => (s.peers.socketio?.cpuPerMillion.median ?? Number.NaN) / 2,
    "s per million",
  );
  return (
    "**Hub CPU with evenly spaced events.** One event per tick means one `write` per client per " +
    "event for every hub; batching (one write per client per tick) only helps when several events " +
    "fall in the same tick, which is why the bursty figures at N = 1,000 meet the target and the " +
    "even ones do not (at N = 5,000, 50,000 deliveries/s are 10 events/s: a burst every 100 ms " +
    "holds a single event, so that row is evenly spaced too). The write floor row is the least " +
    "any Node.js server spends per delivery: one `socket.write` of one prepared frame per client, " +
    "nothing else. " +
    (figures === ""
      ? ""
      : `In this run (even events) half of Socket.IO's figure is below that floor: ${figures}. `) +
    "Most of it is kernel time: on loopback the sender's `write` also runs the receiving " +
    "socket's TCP work, and no user-space change removes it. Halving Socket.IO's total would " +
    "need fewer system calls per delivery (coalescing across ticks, i.e. added latency) or " +
    "another transport; neither was taken. Hub workers do not change CPU per delivery (the " +
    "workers are counted together), and each worker reads the whole stream, so the fixed " +
    "cost per event is paid once per worker."
  );
}

function latencyNote(summary: Summary): string {
  const figures = floorAgainstHalf(
    summary.byClients.filter((s) => s.clients >= 5000),
    "latencyP99",
    (s) => {
      const peers = (["socketio", "naive-ws"] as const)
        .map((p) => s.peers[p]?.latencyP99.median ?? Number.NaN)
        .filter(Number.isFinite);
      return peers.length === 0 ? undefined : Math.min(...peers) / 2;
    },
    "ms",
  );
  return (
    "**p99 at 5,000 clients.** One event to 5,000 clients is 5,000 socket writes, and the load " +
    "generator must then read 5,000 sockets, on the same 2 cores. Once both cores are busy with " +
    "that work, the last client's wait is the work divided by 2 cores whoever does it: two hub " +
    "workers write in parallel, but take the core the generator would read on, so on this " +
    "machine they do not shorten the tail. The write floor does the least work per delivery " +
    "possible" +
    (figures === "" ? "." : `, and even its p99 is above the target: ${figures}.`) +
    " A machine with cores to spare for the workers (or a generator on another host) is what " +
    "the workers are for."
  );
}

const CAPACITY =
  '**Idle connections held.** Where the capacity table says "open-file limit", the process ' +
  "ran out of file descriptors before the target (on the machine these figures were first " +
  "taken on, the hard limit is 20,000 per process and cannot be raised there), so every peer " +
  "stops at the same count; the RSS per connection at that point is in the table.";

const IDLE =
  "**RSS per idle connection.** RSS moves by a few MiB between readings (malloc arenas, V8's " +
  "pages), a few KiB per connection at N = 1,000, in either direction; the V8 heap per " +
  "connection (`heapPerConnectionBytes` in the JSON) is the steadier figure.";

export function limitNotes(summary: Summary, capacityShort: boolean): string[] {
  const missed = (prefix: string) =>
    summary.targets.some((t) => t.met === false && t.target.startsWith(prefix));
  const notes: string[] = [];
  if (missed("hub CPU")) notes.push(cpuNote(summary));
  if (missed("p99")) notes.push(latencyNote(summary));
  if (missed("RSS per idle")) notes.push(IDLE);
  if (capacityShort) notes.push(CAPACITY);
  return notes.length === 0
    ? []
    : ["What limits the targets not met:", "", ...notes.map((n) => `- ${n}`), ""];
}
