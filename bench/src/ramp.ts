import type { BenchConfig } from "./config.js";
import type { PhaseResult, RampResult, RampStep } from "./results.js";
import type { Rig } from "./rig.js";

/** One burst interval of slack (a burst may take that long to fan out) plus 5 % of the step. */
function allowedLagMs(config: BenchConfig): number {
  return config.ramp.burstMs + 0.05 * config.ramp.stepMs;
}

/** Why a step does not count as sustained; empty when it does. */
export function judgeStep(result: PhaseResult, config: BenchConfig): string[] {
  const { ramp } = config;
  const reasons: string[] = [];
  if (result.receivedRatio < ramp.minReceived) {
    reasons.push(
      `received ${(result.receivedRatio * 100).toFixed(2)} % < ${ramp.minReceived * 100} %`,
    );
  }
  if (!(result.latency.p99Ms < ramp.maxP99Ms)) {
    reasons.push(`p99 ${result.latency.p99Ms.toFixed(1)} ms ≥ ${ramp.maxP99Ms} ms`);
  }
  if (result.producerLagMs > allowedLagMs(config)) {
    reasons.push(`producer ${result.producerLagMs.toFixed(0)} ms behind (event loop saturated)`);
  }
  return reasons;
}

/** A process using this share of a core or more is taken for saturated. */
const SATURATED_CORES = 0.9;

/**
 * What limited a failed step: whichever process ran out of CPU; else, when the producer (in
 * the peer's process) fell behind anyway, other processes had the machine's CPU; else neither.
 */
export function limitOf(step: PhaseResult, producerLate: boolean): string {
  const generator = Math.max(0, ...step.generatorCores);
  const parts: string[] = [];
  if (step.peerCores >= SATURATED_CORES)
    parts.push(`peer CPU (${step.peerCores.toFixed(2)} cores)`);
  if (generator >= SATURATED_CORES)
    parts.push(`load generator CPU (${generator.toFixed(2)} cores)`);
  if (parts.length > 0) return parts.join(" and ");
  const usage = `neither CPU saturated (peer ${step.peerCores.toFixed(2)}, load ${generator.toFixed(2)} cores)`;
  if (producerLate)
    return `${usage}, yet the peer's event loop fell behind: the machine's CPU was busy elsewhere`;
  return `${usage}: loopback, the kernel or the peer's slow-consumer policy`;
}

/**
 * Highest sustained deliveries/s, with a bursty producer, in steps of `stepMs`, climbing until
 * a step fails (there is no step cap: only the run's deadline stops it earlier):
 * 1. coarse: from `startDeliveriesPerSec`, ×`coarseFactor` per passing step (×1/coarseFactor
 *    when the very first steps fail, down to start/8);
 * 2. fine: after the first failure, from the last passing step ×`fineFactor` per step, up to
 *    the rate that failed.
 * A failing step gets `retries` more tries (after the peer is idle again and dropped clients
 * are reconnected: the machine is shared). The answer is the highest passing step, so its
 * resolution is one `fineFactor`.
 */
export async function runRamp(
  rig: Rig,
  clients: number,
  config: BenchConfig,
  deadline: number,
): Promise<RampResult> {
  const { ramp } = config;
  const steps: RampStep[] = [];
  let best = 0;
  let failedAt = Number.POSITIVE_INFINITY;
  let refining = false;
  let offered = ramp.startDeliveriesPerSec;
  let retriesLeft = ramp.retries;
  let stoppedBy = "run deadline";
  let limitedBy: string | undefined;
  for (;;) {
    if (Date.now() + ramp.stepMs + ramp.graceMs > deadline) {
      stoppedBy = "run deadline";
      break;
    }
    const { open } = await rig.connect(clients);
    if (open === 0) {
      stoppedBy = "no client connected";
      break;
    }
    const result = await rig.measure(
      { rate: offered / open, durationMs: ramp.stepMs, tickMs: ramp.burstMs },
      ramp.graceMs,
    );
    const reasons = judgeStep(result, config);
    steps.push({ ...result, pass: reasons.length === 0, reasons });
    if (reasons.length > 0)
      limitedBy = limitOf(result, result.producerLagMs > allowedLagMs(config));
    if (reasons.length === 0) {
      best = Math.max(best, result.deliveriesPerSec);
      retriesLeft = ramp.retries;
      offered *= refining ? ramp.fineFactor : ramp.coarseFactor;
      if (offered >= failedAt * 0.999) {
        stoppedBy = `resolved: ${Math.round(failedAt)} deliveries/s failed`;
        break;
      }
      continue;
    }
    await rig.waitIdle(ramp.settleMaxMs); // the failed step's backlog must not leak into the next
    if (retriesLeft > 0) {
      retriesLeft--;
      continue;
    }
    failedAt = Math.min(failedAt, offered);
    const why = `${Math.round(offered)} deliveries/s failed: ${reasons.join("; ")}`;
    if (best === 0 && offered > ramp.startDeliveriesPerSec / 8) {
      offered /= ramp.coarseFactor; // nothing passed yet: step down
      retriesLeft = ramp.retries;
      continue;
    }
    if (!refining && best > 0 && best * ramp.fineFactor < failedAt * 0.999) {
      refining = true;
      offered = best * ramp.fineFactor;
      retriesLeft = ramp.retries;
      continue;
    }
    stoppedBy = why;
    break;
  }
  return { bestDeliveriesPerSec: best, steps, stoppedBy, limitedBy };
}
