"use client";

import { formatCount, formatDuration, Panel, ThroughputChart } from "@pulseboard/ui";
import {
  gaugeSeries,
  type HubSample,
  type HubSamples,
  latestRate,
  rateSeries,
} from "../../lib/admin/samples";
import type { HubFigures, HubsAnswer } from "../../lib/admin/types";

/** Each hub's figures and its plots of the last 15 minutes; hubs that did not answer, named. */
export function HubOverview({
  answer,
  samples,
}: {
  answer: HubsAnswer | undefined;
  samples: HubSamples;
}) {
  if (answer === undefined) return <p className="pb-muted">Reading the hubs…</p>;
  return (
    <div className="admin-hubs">
      {answer.missing.length === 0 ? null : (
        <p className="admin-warning" role="alert">
          No answer from {answer.missing.length === 1 ? "hub" : "hubs"}{" "}
          {answer.missing.map(shortId).join(", ")}: their figures are missing below.
        </p>
      )}
      {answer.status.map((figures) => (
        <HubCard key={figures.hub} figures={figures} samples={samples[figures.hub] ?? []} />
      ))}
    </div>
  );
}

function HubCard({ figures, samples }: { figures: HubFigures; samples: readonly HubSample[] }) {
  const rows: [string, string][] = [
    ["Version", figures.version],
    ["Uptime", formatDuration(figures.uptime_s * 1000)],
    ["Connections", formatCount(figures.connections)],
    ["Rooms", formatCount(figures.rooms)],
    ["Events in / s", formatRate(latestRate(samples, "eventsIn"))],
    ["Frames out / s", formatRate(latestRate(samples, "messagesOut"))],
    ["Slow-consumer closes", formatCount(figures.slow_consumer_closes)],
    ["NATS consumer lag", lagText(figures.stream_lag_events)],
  ];
  return (
    <Panel
      title={`Hub ${shortId(figures.hub)}`}
      className="admin-hub"
      aside={
        // A live region of its own: readiness is the one figure worth announcing when it changes.
        <span
          role="status"
          className={`pb-tag admin-ready admin-ready--${figures.ready ? "yes" : "no"}`}
        >
          {figures.ready ? "Ready" : "Not ready"}
        </span>
      }
    >
      <p className="pb-muted admin-hub__id" title={figures.hub}>
        {figures.hub}
      </p>
      <dl className="admin-figures">
        {rows.map(([label, value]) => (
          <div key={label} className="admin-figure">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="admin-plots">
        {plots(samples).map(({ title, unit, series }) => (
          <ThroughputChart key={title} title={title} unit={unit} height={90} series={series} />
        ))}
      </div>
    </Panel>
  );
}

/** The four plots of a hub, over the readings kept in this tab. */
function plots(samples: readonly HubSample[]) {
  return [
    { title: "Events in", unit: "events/s", series: rateSeries(samples, "eventsIn") },
    { title: "Frames out", unit: "frames/s", series: rateSeries(samples, "messagesOut") },
    { title: "Connections", unit: "connections", series: gaugeSeries(samples, "connections") },
    { title: "NATS consumer lag", unit: "events", series: gaugeSeries(samples, "lag") },
  ];
}

/** Hub ids are UUIDs: the first group tells them apart on a page. */
export function shortId(hub: string): string {
  return hub.split("-")[0] ?? hub;
}

function formatRate(rate: number | undefined): string {
  if (rate === undefined) return "—";
  return rate < 10 ? rate.toFixed(1) : formatCount(Math.round(rate));
}

function lagText(lag: number | null): string {
  return lag === null ? "unknown" : `${formatCount(lag)} events`;
}
