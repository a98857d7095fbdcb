import type { PresenceMember } from "@pulseboard/protocol";
import { cx } from "./class-names.js";
import { memberLabel } from "./member-avatar.js";

/**
 * One live indicator as the badges show it. The client's `IndicatorEntry` fits as it is; the
 * badges need no more than this.
 */
export interface IndicatorItem {
  /** What the sender is doing, e.g. "viewing" or "annotating". */
  kind: string;
  /** Whatever the sender attached, e.g. `{ panel: "plays" }`. */
  payload: unknown;
  /** The sender; `connection_id` tells two tabs of one user apart. */
  from: PresenceMember & { connection_id?: string };
}

export interface IndicatorBadgesProps<T extends IndicatorItem = IndicatorItem> {
  /** Live indicators, newest first (the client's `RoomPresence.indicators`, already pruned). */
  indicators: readonly T[];
  /** The signed-in user's id (token `sub`); their own indicators are marked "(you)". */
  selfId?: string | undefined;
  /** Leave out the signed-in user's own indicators (they know what they are doing). */
  hideSelf?: boolean;
  /** The text after the sender's name; by default `describeIndicator`. */
  describe?: (entry: T) => string;
}

/**
 * "viewing" → "viewing"; with a payload `{ label: "Plays per hour" }` or `{ panel: "plays" }`
 * → "viewing Plays per hour" / "viewing plays". A label is written for people, so it wins over
 * a panel id.
 */
export function describeIndicator(entry: IndicatorItem): string {
  const subject = stringField(entry.payload, "label") ?? stringField(entry.payload, "panel");
  return subject === undefined ? entry.kind : `${entry.kind} ${subject}`;
}

function stringField(payload: unknown, name: string): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const value = (payload as Record<string, unknown>)[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * What the others in the room are doing right now, one badge per indicator ("Ann · viewing
 * plays"). A polite live region, mounted even when empty so the first badge is announced too.
 */
export function IndicatorBadges<T extends IndicatorItem>({
  indicators,
  selfId,
  hideSelf = false,
  describe = describeIndicator,
}: IndicatorBadgesProps<T>) {
  const isSelf = (entry: T) => selfId !== undefined && entry.from.id === selfId;
  const shown = hideSelf ? indicators.filter((entry) => !isSelf(entry)) : indicators;
  const keys = uniqueKeys(shown);

  return (
    <div className="pb-indicators-slot" aria-live="polite">
      {shown.length === 0 ? null : (
        <ul className="pb-indicators" aria-label="Viewer activity">
          {shown.map((entry, index) => (
            <li
              key={keys[index]}
              className={cx("pb-indicator", isSelf(entry) && "pb-indicator--self")}
            >
              <span className="pb-indicator__who">
                {memberLabel(entry.from)}
                {isSelf(entry) ? " (you)" : ""}
              </span>
              {" · "}
              <span className="pb-indicator__what">{describe(entry)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * React keys: the client keeps one indicator per (connection, kind), but an entry without a
 * `connection_id` falls back to the user id, which two tabs share; a counter keeps those apart.
 */
function uniqueKeys(indicators: readonly IndicatorItem[]): string[] {
  const seen = new Map<string, number>();
  return indicators.map(({ from, kind }) => {
    const base = `${from.connection_id ?? from.id}\u0000${kind}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}\u0000${count}`;
  });
}
