import type { PlaybackData, StatsUpdateData } from "@pulseboard/protocol";
import { DEVICES, TITLES, type Title, TRANSCODE_DECISIONS, USERS, type User } from "./catalog.js";
import { chance, hex, int, pick, type Random, weighted } from "./random.js";

/** Builders of typed event data. Pure functions of the random source and the clock. */

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A random address in a documentation range (RFC 5737): never a real host. */
export function documentationIp(random: Random): string {
  return `${pick(random, ["192.0.2", "198.51.100"])}.${int(random, 1, 254)}`;
}

/** Heavy watchers appear more often, as on a real server. */
export function pickUser(random: Random): User {
  const [first, ...rest] = USERS;
  return weighted(random, [
    [first, first.weight],
    ...rest.map((user) => [user, user.weight] as const),
  ]);
}

/** A UUID-shaped id from the injected source, so seeded runs are reproducible. */
export function uuid(random: Random): string {
  const variant = pick(random, ["8", "9", "a", "b"]);
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}

export interface PlaybackContext {
  nowMs: number;
  /** Which media server software this simulated room runs. */
  source: string;
  serverId: string;
}

export function playbackData(random: Random, context: PlaybackContext): PlaybackData {
  const user = pickUser(random);
  const item: Title = pick(random, TITLES);
  const device = pick(random, DEVICES);
  // Reported while playing: the start time follows from how far in the viewer is.
  const percent = Math.round(random() * 1000) / 10;
  const durationMs = item.duration_min * 60_000;
  const startedMs = context.nowMs - Math.round((percent / 100) * durationMs);
  // Mostly from home; sometimes a phone on mobile data or a friend's place.
  const ip = chance(random, 0.85) ? user.ip : documentationIp(random);
  return {
    id: uuid(random),
    session_key: String(int(random, 1, 9999)),
    source: context.source,
    user_id: user.id,
    username: user.username,
    title: item.title,
    media_type: item.media_type,
    platform: device.platform,
    player: device.player,
    ip_address: ip,
    started_at: iso(startedMs),
    percent_complete: percent,
    // Extras a real producer sends; the protocol passes them through untouched.
    ...(item.grandparent_title === undefined ? {} : { grandparent_title: item.grandparent_title }),
    duration_ms: durationMs,
    transcode_decision: weighted(random, TRANSCODE_DECISIONS),
    server_id: context.serverId,
  };
}

export interface RoomStats {
  totalCount: number;
  uniqueUsers: number;
  lastPlayback: PlaybackData | undefined;
}

export function statsUpdateData(nowMs: number, stats: RoomStats): StatsUpdateData {
  const last = stats.lastPlayback;
  return {
    timestamp: iso(nowMs),
    total_count: stats.totalCount,
    unique_users: stats.uniqueUsers,
    ...(last === undefined
      ? {}
      : {
          last_playback: {
            id: last.id,
            username: last.username,
            title: last.title,
            media_type: last.media_type,
            platform: last.platform,
            started_at: last.started_at,
          },
        }),
  };
}
