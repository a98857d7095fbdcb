/**
 * What holds back a target that was not met, as profiling found it (README "Profiling").
 * Printed under the targets table only for the kinds of target that were missed, so a run
 * that meets them says nothing stale. Update it when a profile says something new.
 */

interface TargetRow {
  target: string;
  met: boolean | undefined;
}

const CPU =
  "**Hub CPU with evenly spaced events.** One event per tick means one `write` per client per " +
  "event for every hub; batching (one write per client per tick) only helps when several events " +
  "fall in the same tick, which is why the bursty figures at N = 1,000 meet the target and the " +
  "even ones do not (at N = 5,000, 50,000 deliveries/s are 10 events/s: a burst every 100 ms " +
  "holds a single event, so that row is evenly spaced too). A `--cpu-prof` profile at N = 5,000 (even events) puts the `write` syscall at ~35 % of " +
  "all samples, ~68 % of the hub's busy time. User time per delivery is 1.8–2.7 µs for Pulseboard " +
  "against 7–9 µs for the peers, but kernel time is ~5–6 µs for all three: on loopback the " +
  "sender's `write` also runs the receiving socket's TCP work, which no user-space change removes. " +
  "Halving Socket.IO's total would need fewer syscalls per delivery (coalescing across ticks, " +
  "i.e. added latency) or a different transport; neither was taken.";

const LATENCY =
  "**p99 at 5,000 clients.** One event to 5,000 clients is 5,000 sequential socket writes " +
  "(~35–40 ms on this machine), and the load generator must then read 5,000 sockets " +
  "on the same 2 cores. That bounds every single-threaded hub's p99 alike; Pulseboard's margin " +
  "comes from its shorter user-space path. Spreading clients over worker processes would cut " +
  "the sequential part, at the price of a second core the load generator needs here.";

const CAPACITY =
  '**Idle connections held.** Where the capacity table says "open-file limit", the process ' +
  "ran out of file descriptors before the target (on the machine these figures were first " +
  "taken on, the hard limit is 20,000 per process and cannot be raised there), so every peer " +
  "stops at the same count; the RSS per connection at that point is in the table.";

export function limitNotes(targets: readonly TargetRow[], capacityShort: boolean): string[] {
  const missed = (prefix: string) =>
    targets.some((t) => t.met === false && t.target.startsWith(prefix));
  const notes: string[] = [];
  if (missed("hub CPU")) notes.push(CPU);
  if (missed("p99")) notes.push(LATENCY);
  if (capacityShort) notes.push(CAPACITY);
  return notes.length === 0
    ? []
    : ["What limits the targets not met:", "", ...notes.map((n) => `- ${n}`), ""];
}
