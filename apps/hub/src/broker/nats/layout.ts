import type { JetStreamManager } from "@nats-io/jetstream";
import { PULSE_SUBJECTS } from "./subjects.js";

/**
 * Where raw playbacks come from. Pulseboard's own events (`pulse.>`) are always captured by
 * its stream; the playback subject (`playback.>` by default) is either captured by it too
 * (standalone) or, when another stream already holds it — a media-analytics backend's own
 * stream, e.g. Cartographus's `MEDIA_EVENTS` — sourced from that stream with a subject filter,
 * so both live side by side and the hub never touches the other stream.
 */
export type PlaybackOrigin =
  | { kind: "captured" }
  | { kind: "sourced"; stream: string; exists: boolean };

/** `auto`: source from whichever stream holds the subject, else capture it; `none`: capture. */
export type UpstreamSetting =
  | { kind: "auto" }
  | { kind: "none" }
  | { kind: "named"; stream: string };

export class StreamLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamLayoutError";
  }
}

/** Other streams (not `own`) whose subjects overlap `subject`. */
async function streamsCapturing(
  jsm: JetStreamManager,
  subject: string,
  own: string,
): Promise<string[]> {
  const names: string[] = [];
  for await (const name of jsm.streams.names(subject)) if (name !== own) names.push(name);
  return names.sort();
}

export async function resolvePlaybackOrigin(
  jsm: JetStreamManager,
  own: string,
  playbackSubject: string,
  upstream: UpstreamSetting,
): Promise<PlaybackOrigin> {
  // Pulseboard's own subjects must be free whatever the mode: nothing else can work otherwise.
  for (const subject of PULSE_SUBJECTS) {
    const others = await streamsCapturing(jsm, subject, own);
    if (others.length > 0) {
      throw new StreamLayoutError(
        `stream ${others.join(", ")} already captures ${subject}, which stream ${own} needs for ` +
          "its own events; give Pulseboard its own subjects or remove them from that stream",
      );
    }
  }
  const holders = await streamsCapturing(jsm, playbackSubject, own);
  if (upstream.kind === "named") {
    if (upstream.stream === own) {
      throw new StreamLayoutError(
        `HUB_NATS_UPSTREAM_STREAM names ${own}, the hub's own stream; name the backend's stream`,
      );
    }
    const strangers = holders.filter((name) => name !== upstream.stream);
    if (strangers.length > 0) {
      throw new StreamLayoutError(
        `${playbackSubject} is captured by ${strangers.join(", ")}, not by ` +
          `HUB_NATS_UPSTREAM_STREAM=${upstream.stream}; fix the setting or HUB_NATS_PLAYBACK_SUBJECT`,
      );
    }
    // Sourcing from a stream that does not exist yet is allowed: JetStream starts copying once
    // the backend creates it, so the two can start in either order.
    return { kind: "sourced", stream: upstream.stream, exists: holders.length > 0 };
  }
  if (upstream.kind === "none") {
    if (holders.length > 0) {
      throw new StreamLayoutError(
        `HUB_NATS_UPSTREAM_STREAM=none, but ${holders.join(", ")} already captures ` +
          `${playbackSubject}; JetStream refuses overlapping subjects. Use auto (the default) ` +
          "to read playbacks from that stream",
      );
    }
    return { kind: "captured" };
  }
  const [holder, ...more] = holders;
  if (holder === undefined) return { kind: "captured" };
  if (more.length > 0) {
    throw new StreamLayoutError(
      `several streams capture ${playbackSubject} (${holders.join(", ")}); name the one to ` +
        "read with HUB_NATS_UPSTREAM_STREAM",
    );
  }
  return { kind: "sourced", stream: holder, exists: true };
}
