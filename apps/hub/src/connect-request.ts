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
    since: parseSince(params.get("since"), problems),
    epoch: parseEpoch(params.get("epoch"), problems),
    history: parseHistory(params.get("history"), problems),
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

function parseSince(value: string | null, problems: ProtocolError[]): number | undefined {
  if (value === null || value === "") return undefined;
  const since = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(since)) return since;
  problems.push({
    code: ErrorCode.BAD_MESSAGE,
    message: "since must be a non-negative integer; sending a snapshot instead",
  });
  return undefined;
}

/** `history=N`: a non-negative integer; the catch-up clamps it to HUB_HISTORY_LIMIT. */
function parseHistory(value: string | null, problems: ProtocolError[]): number | undefined {
  if (value === null || value === "") return undefined;
  const count = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(count)) return count;
  problems.push({
    code: ErrorCode.BAD_MESSAGE,
    message: "history must be a non-negative integer; starting without history",
  });
  return undefined;
}

function parseEpoch(value: string | null, problems: ProtocolError[]): string | undefined {
  if (value === null || value === "") return undefined;
  if (value.length <= 128) return value;
  problems.push({ code: ErrorCode.BAD_MESSAGE, message: "epoch is longer than 128 characters" });
  return undefined;
}
