import { cx } from "./class-names.js";
import { formatAge, secondsUntil } from "./format.js";
import { useNow } from "./use-now.js";

/**
 * The connection states the badge renders. The client's `ConnectionState` is assignable to it
 * as is; the badge needs no more than this.
 */
export type ConnectionBadgeState =
  | { status: "connecting"; attempt?: number }
  | { status: "open" }
  | {
      status: "reconnecting";
      attempt?: number;
      /** When the next try starts (ms since 1970). */
      nextTryAt: number;
    }
  | { status: "offline" }
  | { status: "revoked" }
  | { status: "closed" };

export interface ConnectionBadgeProps {
  state: ConnectionBadgeState;
  /** When the last event arrived (ms since 1970). */
  lastEventAt?: number | undefined;
  /** Ping round trip, ms. */
  latencyMs?: number | undefined;
  /** "Retry now" while reconnecting or offline. */
  onRetry?: () => void;
  /** Fixed clock for tests and stories; by default the badge re-reads the time every second. */
  now?: number;
  /** The clock of the first render (a server render's time), so hydration prints the same text. */
  initialNow?: number | undefined;
}

const LABEL: Record<ConnectionBadgeState["status"], string> = {
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting",
  offline: "Offline",
  revoked: "Access revoked",
  closed: "Disconnected",
};

/**
 * Connection state, reconnect countdown and the age of the last event. Only the state word is
 * a live region: the countdown changes every second and would flood a screen reader.
 */
export function ConnectionBadge({
  state,
  lastEventAt,
  latencyMs,
  onRetry,
  now: fixedNow,
  initialNow,
}: ConnectionBadgeProps) {
  const ticking =
    fixedNow === undefined && (state.status === "reconnecting" || lastEventAt !== undefined);
  const clock = useNow(1000, ticking, initialNow);
  const now = fixedNow ?? clock;
  const details: string[] = [];
  if (state.status === "reconnecting") {
    details.push(`next try in ${secondsUntil(state.nextTryAt, now)} s`);
  }
  // `attempt` counts failures: before this try while connecting, including the last one after.
  const failures =
    state.status === "reconnecting" || state.status === "connecting" ? (state.attempt ?? 0) : 0;
  if (state.status === "connecting" && failures > 0) details.push(`attempt ${failures + 1}`);
  if (state.status === "reconnecting" && failures > 1) details.push(`${failures} failed attempts`);
  if (state.status === "offline") details.push("waiting for the network");
  if (state.status === "open" && latencyMs !== undefined)
    details.push(`${Math.round(latencyMs)} ms`);
  const canRetry =
    onRetry !== undefined && (state.status === "reconnecting" || state.status === "offline");

  return (
    <div className={cx("pb-conn", `pb-conn--${state.status}`)}>
      <span className="pb-conn__dot" aria-hidden="true" />
      <span className="pb-conn__state" role="status">
        {LABEL[state.status]}
      </span>
      {details.length === 0 ? null : <span className="pb-conn__detail">{details.join(" · ")}</span>}
      <span className="pb-conn__age">
        {lastEventAt === undefined ? "No events yet" : `Last event ${formatAge(lastEventAt, now)}`}
      </span>
      {canRetry ? (
        <button type="button" className="pb-button pb-button--small" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}
