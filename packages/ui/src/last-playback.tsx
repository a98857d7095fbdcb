import type { StatsUpdateData } from "@pulseboard/protocol";
import { firstTime, formatAge, formatClock, parseTime } from "./format.js";
import { present } from "./present.js";

export interface LastPlaybackProps {
  /** `stats_update.last_playback`: a time (Cartographus), a playback object, null or absent. */
  value: StatsUpdateData["last_playback"];
  /** The current time (ms since 1970), for "2 min ago"; omitted, only the clock time shows. */
  now?: number | undefined;
}

interface Summary {
  who: string | undefined;
  at: string | undefined;
}

/**
 * "Last playback: marisol · Dune at 21:12:47 UTC (2 min ago)". Upstream producers send only
 * the newest playback's time, Pulseboard's own a playback object; nothing is rendered when
 * neither says anything usable.
 */
export function LastPlayback({ value, now }: LastPlaybackProps) {
  const summary = summarise(value);
  if (summary.who === undefined && summary.at === undefined) return null;
  const ms = parseTime(summary.at);
  return (
    <p className="pb-muted pb-stats__last">
      Last playback{summary.who === undefined ? "" : `: ${summary.who}`}
      {summary.at === undefined ? null : (
        <>
          {" at "}
          <time dateTime={summary.at}>{formatClock(summary.at)}</time>
          {now === undefined || ms === undefined ? null : ` (${formatAge(ms, now)})`}
        </>
      )}
    </p>
  );
}

function summarise(value: LastPlaybackProps["value"]): Summary {
  if (typeof value === "string") return { who: undefined, at: firstTime(value) };
  if (value === null || value === undefined) return { who: undefined, at: undefined };
  // A loose object: read only what is there and has the expected type.
  const user = present(stringField(value, "username"));
  const title = present(stringField(value, "title"));
  const who = [user, title].filter((part) => part !== undefined).join(" · ") || undefined;
  const at = firstTime(stringField(value, "started_at"), stringField(value, "timestamp"));
  return { who, at };
}

function stringField(value: Record<string, unknown>, key: string): string | undefined {
  const field = value[key];
  return typeof field === "string" ? field : undefined;
}
