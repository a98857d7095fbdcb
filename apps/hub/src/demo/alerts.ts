import type { AlertSeverity, DetectionAlertData } from "@pulseboard/protocol";
import { CITY_LIST, type City, DEVICES, type User } from "./catalog.js";
import { documentationIp, iso, pickUser } from "./generators.js";
import { int, type NonEmpty, nonEmpty, pick, type Random, weighted } from "./random.js";

/**
 * Detection alerts like an account-sharing detector raises. Severity is drawn first (mostly
 * info and warning) and the rule's numbers are scaled to match it, so the text stays coherent.
 */

type Finding = Pick<DetectionAlertData, "title" | "message" | "metadata">;
type Rule = (random: Random, user: User, severity: AlertSeverity) => Finding;

const SEVERITIES: NonEmpty<readonly [AlertSeverity, number]> = [
  ["info", 5],
  ["warning", 4],
  ["critical", 1],
];

const SCALE: Record<AlertSeverity, number> = { info: 1, warning: 2, critical: 4 };

export const RULES = {
  impossible_travel: (random, user, severity) => {
    const to = farCity(random, user.city);
    const km = Math.round(distanceKm(user.city, to));
    // Critical when the implied speed is absurd even for a plane.
    const minutes = Math.max(5, Math.round(((km / 900) * 60) / SCALE[severity]));
    return {
      title: "Impossible travel",
      message: `${user.username} streamed from ${user.city.name} and ${to.name} ${minutes} minutes apart (${km} km)`,
      metadata: {
        from_city: user.city.name,
        to_city: to.name,
        from_ip: user.ip,
        to_ip: documentationIp(random),
        distance_km: km,
        minutes_between: minutes,
        speed_kmh: Math.round((km / minutes) * 60),
      },
    };
  },
  concurrent_streams: (random, user, severity) => {
    const limit = int(random, 2, 4);
    const count = limit + SCALE[severity];
    const ips = Array.from({ length: count }, (_, i) =>
      i === 0 ? user.ip : documentationIp(random),
    );
    return {
      title: "Concurrent streams over limit",
      message: `${user.username} has ${count} simultaneous streams (limit ${limit})`,
      metadata: { stream_count: count, limit, ip_addresses: ips },
    };
  },
  device_velocity: (random, user, severity) => {
    const count = 2 + SCALE[severity];
    const window = int(random, 10, 60);
    const players = Array.from({ length: count }, () => pick(random, DEVICES).player);
    return {
      title: "Rapid device switching",
      message: `${user.username} used ${count} devices within ${window} minutes`,
      metadata: { device_count: count, window_minutes: window, players },
    };
  },
  simultaneous_locations: (random, user, severity) => {
    const others = Array.from({ length: SCALE[severity] }, () => farCity(random, user.city).name);
    const locations = [user.city.name, ...new Set(others)];
    return {
      title: "Simultaneous locations",
      message: `${user.username} is streaming from ${locations.join(", ")} at the same time`,
      metadata: { locations, location_count: locations.length },
    };
  },
} satisfies Record<string, Rule>;

export type RuleType = keyof typeof RULES;
export const RULE_TYPES: NonEmpty<RuleType> = nonEmpty(Object.keys(RULES) as RuleType[]);

export function detectionAlertData(random: Random, nowMs: number, id: number): DetectionAlertData {
  const user = pickUser(random);
  const severity = weighted(random, SEVERITIES);
  const ruleType = pick(random, RULE_TYPES);
  const finding = RULES[ruleType](random, user, severity);
  return {
    id,
    rule_type: ruleType,
    user_id: user.id,
    username: user.username,
    severity,
    created_at: iso(nowMs),
    acknowledged: false,
    ...finding,
  };
}

/** Any city at least 1000 km away, so "travel" between them is implausible in minutes. */
function farCity(random: Random, from: City): City {
  const far = CITY_LIST.filter((city) => distanceKm(from, city) > 1000);
  return pick(random, far.length > 0 ? nonEmpty(far) : CITY_LIST);
}

/** Great-circle distance (haversine). */
function distanceKm(a: City, b: City): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
