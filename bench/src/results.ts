import type { PeerName } from "./peers/catalog.js";

/** The shapes a run produces, written as JSON and turned into the Markdown table. */

export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** One measured phase: a producer plan against the connected clients. */
export interface PhaseResult {
  /** Events per second the producer was asked for. */
  rate: number;
  clients: number;
  /** rate × clients: deliveries per second offered. */
  deliveriesPerSec: number;
  published: number;
  expected: number;
  received: number;
  receivedRatio: number;
  latency: LatencyFigures;
  /** Peer process CPU (user + system) over the phase, seconds. */
  peerCpuSeconds: number;
  /** The kernel's share of peerCpuSeconds (socket writes on loopback do the TCP work). */
  peerSystemSeconds: number;
  wallSeconds: number;
  /** peerCpuSeconds / wallSeconds: cores the peer used. */
  peerCores: number;
  cpuSecondsPerMillion: number;
  /** The broker's CPU over the phase (nats-server), for peers that need one; not in peerCpuSeconds. */
  brokerCpuSeconds?: number;
  producerLagMs: number;
  /** Each load worker's CPU over the phase, in cores: near 1 means the generator was the limit. */
  generatorCores: number[];
  /** Clients still connected when the phase ended. */
  openAfter: number;
  stale: number;
}

export interface RampStep extends PhaseResult {
  pass: boolean;
  reasons: string[];
}

export interface RampResult {
  /** Offered deliveries/s of the highest step that passed; 0 when none did. */
  bestDeliveriesPerSec: number;
  steps: RampStep[];
  stoppedBy: string;
  /**
   * What saturated at the step that failed: the peer's CPU, a load worker's CPU, or neither
   * (then loopback, the kernel or the peer's own slow-consumer policy); undefined when no step
   * failed.
   */
  limitedBy?: string;
}

export interface IdleResult {
  clients: number;
  connectMs: number;
  connectFailed: number;
  connectErrors: string[];
  rssBaseBytes: number;
  rssIdleBytes: number;
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
  /** False when memory was read without forced collections (a peer in other processes). */
  collected?: boolean;
  /** V8's young generation at the idle reading (in-process peers; settled: ≤ 2 MiB). */
  youngGenerationBytes?: number;
}

export interface SessionResult {
  round: number;
  peer: PeerName;
  clients: number;
  startedAt: string;
  durationMs: number;
  idle?: IdleResult;
  latency?: PhaseResult;
  /** Equal load for every peer, events evenly spaced. */
  cpu?: PhaseResult;
  /** The same load from a bursty producer (events released together every burstMs). */
  cpuBursty?: PhaseResult;
  ramp?: RampResult;
  error?: string;
}

export interface CapacityResult {
  peer: PeerName;
  requested: number;
  /** What was attempted: the request, capped below the open-file limit. */
  target: number;
  limitedBy: string | undefined;
  /** Connections the peer itself counted, after the connect phase and GC. */
  held: number;
  connectMs: number;
  connectFailed: number;
  connectErrors: string[];
  rssBytes: number;
  rssPerConnectionBytes: number;
  /** One event to every held connection: the share that arrived, and its p99. */
  probeReceivedRatio: number;
  probeP99Ms: number;
  error?: string;
}

export interface MachineInfo {
  date: string;
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  versions: Record<string, string>;
  openFileLimit: number;
  ephemeralPorts: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
  gitCommit: string;
  /** Digest of apps/hub/src and packages/protocol/src at the start and end of the run. */
  hubSourceStart?: string;
  hubSourceEnd?: string;
  /** Files of those that changed during the run. */
  hubSourceChanges?: string[];
}

export interface RunData {
  machine: MachineInfo;
  config: unknown;
  sessions: SessionResult[];
  capacity: CapacityResult[];
  skipped: string[];
  durationMs: number;
}
