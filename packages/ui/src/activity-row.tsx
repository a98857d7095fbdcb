import type { PlaybackData } from "@pulseboard/protocol";
import { memo } from "react";
import { clampPercent, firstTime, formatClock, formatPercent } from "./format.js";
import { present } from "./present.js";

export interface ActivityRowProps {
  data: PlaybackData;
  /** When the hub sequenced the playback, for one without a time of its own. */
  ts?: string | undefined;
}

/**
 * One playback: "ana is watching Dune", media type, platform, time, progress. Producers may
 * send only an id: a missing user or title reads "Unknown user" / "Unknown title" (styled as a
 * placeholder, but the words themselves say it), and other missing parts are left out.
 *
 * Memoised: a busy room re-renders the feed once per frame with a few new rows on top, and the
 * rows already shown (the same event objects) need no render at all.
 */
export const ActivityRow = memo(function ActivityRow({ data, ts }: ActivityRowProps) {
  const user = present(data.username);
  const title = present(data.title);
  const mediaType = present(data.media_type);
  const platform = present(data.platform);
  const at = firstTime(data.started_at, data.timestamp, ts);
  return (
    <li className="pb-feed__item">
      <div className="pb-feed__main">
        <span className={user === undefined ? "pb-feed__user pb-unknown" : "pb-feed__user"}>
          {user ?? "Unknown user"}
        </span>
        <span className="pb-feed__verb"> is watching </span>
        <span className={title === undefined ? "pb-feed__title pb-unknown" : "pb-feed__title"}>
          {title ?? "Unknown title"}
        </span>
      </div>
      <div className="pb-feed__meta">
        {mediaType === undefined ? null : <span className="pb-tag">{mediaType}</span>}
        {platform === undefined ? null : <span className="pb-feed__platform">{platform}</span>}
        {at === undefined ? null : <time dateTime={at}>{formatClock(at)}</time>}
      </div>
      {typeof data.percent_complete === "number" ? (
        <PlaybackProgress percent={data.percent_complete} title={title ?? "unknown title"} />
      ) : null}
    </li>
  );
});

/**
 * How far the playback got. Producers compute it from ticks and overshoot (104 %): the bar and
 * the number stop at 100 %, and the value as sent stays in the tooltip.
 */
function PlaybackProgress({ percent, title }: { percent: number; title: string }) {
  const clamped = clampPercent(percent);
  return (
    <div className="pb-feed__progress">
      <div
        className="pb-bar"
        role="progressbar"
        aria-label={`Progress of ${title}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped)}
      >
        <div className="pb-bar__fill" style={{ width: `${clamped}%` }} />
      </div>
      <span
        className="pb-feed__percent"
        title={clamped === percent ? undefined : `reported as ${percent} %`}
      >
        {formatPercent(percent)}
      </span>
    </div>
  );
}
