import {
  ErrorCode,
  isValidRoom,
  MAX_ROOMS_PER_REQUEST,
  type ProtocolError,
  ROOM_NAME_PATTERN,
} from "@pulseboard/protocol";
import type { ConnectRequest } from "./hub.js";

/**
 * Reads `rooms`, `since`, `epoch`, `history` and `presence` from an upgrade URL. Problems do not refuse the
 * connection: they are reported as `error` messages after `welcome`, where even a browser
 * client can read them, and the offending parameter is ignored.
 */
export function parseConnectRequest(params: URLSearchParams): ConnectRequest {
  const problems: ProtocolError[] = [];
  return {
    rooms: parseRooms(params.get("rooms"), problems),
    since: parseCount(
      params.get("since"),
      problems,
      "since must be a non-negative integer; sending a snapshot instead",
    ),
    epoch: parseEpoch(params.get("epoch"), problems),
    history: parseCount(
      params.get("history"),
      problems,
      "history must be a non-negative integer; starting without history",
    ),
    presence: ["1", "true"].includes(params.get("presence") ?? ""),
    problems,
  };
}

function parseRooms(value: string | null, problems: ProtocolError[]): string[] | undefined {
  if (value === null) return undefined;
  const names = [...new Set(value.split(",").map((room) => room.trim()))].filter(
    (room) => room.length > 0,
  );
  if (names.length === 0) return undefined;
  if (names.length > MAX_ROOMS_PER_REQUEST) {
    problems.push({
      code: ErrorCode.TOO_MANY_ROOMS,
      message: `rooms names ${names.length} rooms; at most ${MAX_ROOMS_PER_REQUEST} are allowed`,
    });
    return [];
  }
  for (const room of names.filter((name) => !ROOM_NAME_PATTERN.test(name))) {
    problems.push({
      code: ErrorCode.BAD_ROOM,
      message: `invalid room ${JSON.stringify(room.slice(0, 80))}: names match ^[A-Za-z0-9_:-]{1,64}$`,
    });
  }
  return names.filter((name) => isValidRoom(name));
}

/**
 * An optional non-negative integer parameter (`since`, `history=N`; the catch-up clamps the
 * latter to HUB_HISTORY_LIMIT). Anything else is reported with `otherwise` and ignored.
 */
function parseCount(
  value: string | null,
  problems: ProtocolError[],
  otherwise: string,
): number | undefined {
  if (value === null || value === "") return undefined;
  const count = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(count)) return count;
  problems.push({ code: ErrorCode.BAD_MESSAGE, message: otherwise });
  return undefined;
}

function parseEpoch(value: string | null, problems: ProtocolError[]): string | undefined {
  if (value === null || value === "") return undefined;
  if (value.length <= 128) return value;
  problems.push({ code: ErrorCode.BAD_MESSAGE, message: "epoch is longer than 128 characters" });
  return undefined;
}
