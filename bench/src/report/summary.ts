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
} as const;

export type FigureName = keyof typeof FIGURES;
export type PeerFigures = Record<FigureName, Figure>;

export interface ClientsSummary {
  clients: number;
  peers: Partial<Record<PeerName, PeerFigures>>;
  /** Pulseboard's figure divided by each other peer's (medians). */
  ratios: Partial<Record<PeerName, Record<FigureName, number>>>;
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

export function summarize(data: RunData, config: BenchConfig): Summary {
  const byClients: ClientsSummary[] = config.clients.map((clients) => {
    const peers: ClientsSummary["peers"] = {};
    for (const name of config.peers) {
      const sessions = data.sessions.filter((s) => s.peer === name && s.clients === clients);
      if (sessions.length > 0) peers[name] = figuresOf(sessions);
    }
    const ratios: ClientsSummary["ratios"] = {};
    const ours = peers.pulseboard;
    if (ours !== undefined) {
      for (const name of config.peers) {
        const theirs = peers[name];
        if (name === "pulseboard" || theirs === undefined) continue;
        ratios[name] = Object.fromEntries(
          (Object.keys(FIGURES) as FigureName[]).map((f) => [
            f,
            ratio(ours[f].median, theirs[f].median),
          ]),
        ) as Record<FigureName, number>;
      }
    }
    return { clients, peers, ratios };
  });

  const targets: TargetCheck[] = [];
  const sorted = [...byClients].sort((a, b) => a.clients - b.clients);
  const small = sorted.find((s) => s.clients === 1000) ?? sorted[0];
  const large = sorted.find((s) => s.clients === 5000) ?? sorted[sorted.length - 1];
  for (const s of sorted) {
    for (const [figureName, how] of [
      ["cpuPerMillion", "even"],
      ["cpuPerMillionBursty", "bursty"],
    ] as const) {
      const io = s.ratios.socketio?.[figureName] ?? Number.NaN;
      const naive = s.ratios["naive-ws"]?.[figureName] ?? Number.NaN;
      targets.push(
        check(
          `hub CPU per delivery ≤ 1/2 of Socket.IO's (N=${s.clients}, ${how})`,
          io,
          (v) => v <= 0.5,
          fmtRatio(io),
        ),
        check(
          `hub CPU per delivery ≤ 2/3 of naive ws's (N=${s.clients}, ${how})`,
          naive,
          (v) => v <= 2 / 3,
          fmtRatio(naive),
        ),
      );
    }
  }
  if (small !== undefined) {
    const ours = small.peers.pulseboard?.maxDeliveries.median ?? Number.NaN;
    const best = Math.max(
      ...config.peers
        .filter((p) => p !== "pulseboard")
        .map((p) => small.peers[p]?.maxDeliveries.median ?? Number.NaN)
        .filter(Number.isFinite),
    );
    const r = ratio(ours, best);
    targets.push(
      check(
        `highest sustained deliveries/s ≥ 2× the best peer (N=${small.clients}, bursty)`,
        r,
        (v) => v >= 2,
        fmtRatio(r),
      ),
    );
  }
  if (large !== undefined) {
    const ours = large.peers.pulseboard?.latencyP99.median ?? Number.NaN;
    const best = Math.min(
      ...config.peers
        .filter((p) => p !== "pulseboard")
        .map((p) => large.peers[p]?.latencyP99.median ?? Number.NaN)
        .filter(Number.isFinite),
    );
    const r = ratio(ours, best);
    targets.push(
      check(
        `p99 latency ≤ 1/2 of the best peer's (N=${large.clients}, ${config.latency.rate} events/s)`,
        r,
        (v) => v <= 0.5,
        fmtRatio(r),
      ),
    );
    const rss = large.peers.pulseboard?.rssPerIdleKiB.median ?? Number.NaN;
    targets.push(
      check(
        `RSS per idle connection ≤ 8 KiB (N=${large.clients})`,
        rss,
        (v) => v <= 8,
        Number.isFinite(rss) ? `${rss.toFixed(1)} KiB` : "n/a",
      ),
    );
  }
  return { byClients, targets };
}

export function peerLabel(name: PeerName): string {
  return PEERS[name].label;
}
