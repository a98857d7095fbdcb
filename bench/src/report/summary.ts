import type { BenchConfig } from "../config.js";
import { PEERS, type PeerName } from "../peers/catalog.js";
import type { RunData, SessionResult } from "../results.js";
import { median, ratio, spread } from "../stats/summary.js";

/** The figures of one peer at one N: medians over rounds, with the spread. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export const FIGURES = {
  cpuPerMillion: { label: "hub CPU s per million deliveries", better: "lower" },
  cpuPerMillionBursty: { label: "hub CPU s per million deliveries, bursty", better: "lower" },
  maxDeliveries: { label: "highest sustained deliveries/s", better: "higher" },
  latencyP50: { label: "latency p50 (ms)", better: "lower" },
  latencyP99: { label: "latency p99 (ms)", better: "lower" },
  latencyMax: { label: "latency max (ms)", better: "lower" },
  rssPerIdleKiB: { label: "RSS per idle connection (KiB)", better: "lower" },
  // Context, not compared: what else the figures above cost, and whether the generator limited them.
  brokerCpuPerMillion: {
    label: "nats-server CPU s per million deliveries (not in hub CPU)",
    better: "none",
  },
  generatorCoresLatency: { label: "load generator, busiest worker (cores)", better: "none" },
  generatorCoresCpu: { label: "load generator, busiest worker (cores)", better: "none" },
} as const;

export type FigureName = keyof typeof FIGURES;
export type PeerFigures = Record<FigureName, Figure>;

export interface ClientsSummary {
  clients: number;
  peers: Partial<Record<PeerName, PeerFigures>>;
  /**
   * Each Pulseboard variant's figure divided by each other peer's (medians):
   * `ratios[ours][theirs][figure]`.
   */
  ratios: Partial<Record<PeerName, Partial<Record<PeerName, Record<FigureName, number>>>>>;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export interface Summary {
  byClients: ClientsSummary[];
  targets: TargetCheck[];
}

function figure(values: number[]): Figure {
  return { median: median(values), ...spread(values), runs: values };
}

function busiest(cores: readonly number[] | undefined): number | undefined {
  return cores === undefined || cores.length === 0 ? undefined : Math.max(...cores);
}

function figuresOf(sessions: SessionResult[]): PeerFigures {
  const values = (pick: (s: SessionResult) => number | undefined): number[] =>
    sessions.map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v));
  return {
    cpuPerMillion: figure(values((s) => s.cpu?.cpuSecondsPerMillion)),
    cpuPerMillionBursty: figure(values((s) => s.cpuBursty?.cpuSecondsPerMillion)),
    maxDeliveries: figure(values((s) => s.ramp?.bestDeliveriesPerSec)),
    latencyP50: figure(values((s) => s.latency?.latency.p50Ms)),
    latencyP99: figure(values((s) => s.latency?.latency.p99Ms)),
    latencyMax: figure(values((s) => s.latency?.latency.maxMs)),
    rssPerIdleKiB: figure(
      values((s) => (s.idle ? s.idle.rssPerConnectionBytes / 1024 : undefined)),
    ),
    brokerCpuPerMillion: figure(
      values((s) =>
        s.cpu?.brokerCpuSeconds === undefined || s.cpu.received === 0
          ? undefined
          : (s.cpu.brokerCpuSeconds / s.cpu.received) * 1e6,
      ),
    ),
    generatorCoresLatency: figure(values((s) => busiest(s.latency?.generatorCores))),
    generatorCoresCpu: figure(values((s) => busiest(s.cpu?.generatorCores))),
  };
}

function fmtRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a";
}

function check(
  target: string,
  value: number,
  goal: (v: number) => boolean,
  measured: string,
): TargetCheck {
  return { target, measured, met: Number.isFinite(value) ? goal(value) : undefined };
}

/** Pulseboard's variants and the peers they are compared with, in the run's order. */
export function sides(config: BenchConfig): { ours: PeerName[]; theirs: PeerName[] } {
  return {
    ours: config.peers.filter((p) => PEERS[p].ours),
    theirs: config.peers.filter((p) => !PEERS[p].ours),
  };
}

/** "" for the embedded hub (the targets' original wording), "; <label>" for the others. */
function variantSuffix(name: PeerName): string {
  return name === "pulseboard" ? "" : `; ${PEERS[name].label}`;
}

export function summarize(data: RunData, config: BenchConfig): Summary {
  const { ours, theirs } = sides(config);
  const byClients: ClientsSummary[] = config.clients.map((clients) => {
    const peers: ClientsSummary["peers"] = {};
    for (const name of config.peers) {
      const sessions = data.sessions.filter((s) => s.peer === name && s.clients === clients);
      if (sessions.length > 0) peers[name] = figuresOf(sessions);
    }
    const ratios: ClientsSummary["ratios"] = {};
    for (const our of ours) {
      const mine = peers[our];
      if (mine === undefined) continue;
      const against: Partial<Record<PeerName, Record<FigureName, number>>> = {};
      for (const their of theirs) {
        const other = peers[their];
        if (other === undefined) continue;
        against[their] = Object.fromEntries(
          (Object.keys(FIGURES) as FigureName[]).map((f) => [
            f,
            FIGURES[f].better === "none" ? Number.NaN : ratio(mine[f].median, other[f].median),
          ]),
        ) as Record<FigureName, number>;
      }
      ratios[our] = against;
    }
    return { clients, peers, ratios };
  });

  const targets: TargetCheck[] = [];
  const sorted = [...byClients].sort((a, b) => a.clients - b.clients);
  const small = sorted.find((s) => s.clients === 1000) ?? sorted[0];
  const large = sorted.find((s) => s.clients === 5000) ?? sorted[sorted.length - 1];
  const rivals = theirs.filter((p) => PEERS[p].reference !== true);
  const best = (
    s: ClientsSummary,
    figureName: FigureName,
    pick: (...values: number[]) => number,
  ): number =>
    pick(
      ...rivals.map((p) => s.peers[p]?.[figureName].median ?? Number.NaN).filter(Number.isFinite),
    );
  for (const our of ours) {
    const suffix = variantSuffix(our);
    for (const s of sorted) {
      for (const [figureName, how] of [
        ["cpuPerMillion", "even"],
        ["cpuPerMillionBursty", "bursty"],
      ] as const) {
        const io = s.ratios[our]?.socketio?.[figureName] ?? Number.NaN;
        const naive = s.ratios[our]?.["naive-ws"]?.[figureName] ?? Number.NaN;
        targets.push(
          check(
            `hub CPU per delivery ≤ 1/2 of Socket.IO's (N=${s.clients}, ${how}${suffix})`,
            io,
            (v) => v <= 0.5,
            fmtRatio(io),
          ),
          check(
            `hub CPU per delivery ≤ 2/3 of naive ws's (N=${s.clients}, ${how}${suffix})`,
            naive,
            (v) => v <= 2 / 3,
            fmtRatio(naive),
          ),
        );
      }
    }
    if (small !== undefined) {
      const r = ratio(
        small.peers[our]?.maxDeliveries.median ?? Number.NaN,
        best(small, "maxDeliveries", Math.max),
      );
      targets.push(
        check(
          `highest sustained deliveries/s ≥ 2× the best peer (N=${small.clients}, bursty${suffix})`,
          r,
          (v) => v >= 2,
          fmtRatio(r),
        ),
      );
    }
    if (large !== undefined) {
      const r = ratio(
        large.peers[our]?.latencyP99.median ?? Number.NaN,
        best(large, "latencyP99", Math.min),
      );
      targets.push(
        check(
          `p99 latency ≤ 1/2 of the best peer's (N=${large.clients}, ${config.latency.rate} events/s${suffix})`,
          r,
          (v) => v <= 0.5,
          fmtRatio(r),
        ),
      );
    }
  }
  // Idle memory is compared after forced collections, which only in-process peers get.
  if (ours.includes("pulseboard")) {
    for (const s of sorted) {
      const extra =
        (s.peers.pulseboard?.rssPerIdleKiB.median ?? Number.NaN) -
        (s.peers["naive-ws"]?.rssPerIdleKiB.median ?? Number.NaN);
      targets.push(
        check(
          `RSS per idle connection ≤ naive ws's + 1 KiB (N=${s.clients})`,
          extra,
          (v) => v <= 1,
          Number.isFinite(extra) ? `${extra >= 0 ? "+" : ""}${extra.toFixed(2)} KiB` : "n/a",
        ),
      );
    }
  }
  return { byClients, targets };
}

export function peerLabel(name: PeerName): string {
  return PEERS[name].label;
}
