import type { ResumePoint } from "./resume-cursor.js";

export interface ConnectParams {
  rooms: Iterable<string>;
  resume: ResumePoint | undefined;
  token: string | undefined;
  /** Take part in presence and receive indicators (`presence=1`). */
  presence?: boolean;
  /** History to start rooms with (`history=N`); sent only without a resume position. */
  history?: number;
}

/**
 * The upgrade URL: `?rooms=a,b&since=N&epoch=E&presence=1&access_token=T`, or `history=H`
 * instead of `since`/`epoch` when there is no position to resume from. An http(s) URL is turned into
 * ws(s), and a relative one ("/ws") is resolved against the page in a browser.
 */
export function buildConnectUrl(base: string, params: ConnectParams): string {
  const url = new URL(base, globalThis.location?.href);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  const rooms = [...params.rooms];
  // Without rooms the hub subscribes its default rooms, as it does for legacy clients.
  if (rooms.length > 0) url.searchParams.set("rooms", rooms.join(","));
  else url.searchParams.delete("rooms");
  if (params.resume !== undefined) {
    url.searchParams.set("since", String(params.resume.since));
    if (params.resume.epoch !== undefined) url.searchParams.set("epoch", params.resume.epoch);
  } else if (params.history !== undefined && params.history > 0) {
    url.searchParams.set("history", String(params.history));
  }
  if (params.presence === true) url.searchParams.set("presence", "1");
  else url.searchParams.delete("presence");
  if (params.token !== undefined && params.token !== "") {
    url.searchParams.set("access_token", params.token);
  }
  return url.toString();
}
