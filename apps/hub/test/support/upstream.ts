import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream";
import { headers, nanos } from "@nats-io/transport-node";
import type { UpstreamNatsFixture } from "@pulseboard/protocol/fixtures";

/**
 * The media-analytics backend's side of NATS, as Cartographus sets it up
 * (internal/eventprocessor/config.go DefaultStreamConfig, stream_init.go EnsureStream) and
 * publishes to it (publisher.go: Nats-Msg-Id = event_id, watermill's headers).
 */
export const UPSTREAM_STREAM = "MEDIA_EVENTS";

const DAY_MS = 24 * 60 * 60 * 1000;

export const upstreamStreamConfig = {
  name: UPSTREAM_STREAM,
  subjects: ["playback.>", "plex.>", "jellyfin.>", "tautulli.>"],
  retention: RetentionPolicy.Limits,
  max_age: nanos(7 * DAY_MS),
  max_bytes: 10 * 1024 * 1024 * 1024,
  max_msgs: -1,
  duplicate_window: nanos(2 * 60_000),
  num_replicas: 1,
  storage: StorageType.File,
  allow_direct: true,
  discard: DiscardPolicy.Old,
  allow_rollup_hdrs: true,
} satisfies Partial<StreamConfig> & { name: string };

export async function createUpstreamStream(jsm: JetStreamManager): Promise<StreamConfig> {
  return (await jsm.streams.add(upstreamStreamConfig)).config;
}

/** Publishes one MediaEvent as the backend does; resolves with the backend stream's ack. */
export async function publishUpstream(js: JetStreamClient, fixture: UpstreamNatsFixture) {
  const h = headers();
  for (const [key, value] of Object.entries(fixture.headers)) h.set(key, value);
  return js.publish(fixture.subject, fixture.body, {
    headers: h,
    msgID: fixture.headers["Nats-Msg-Id"] ?? fixture.name,
  });
}

/** `count` distinct MediaEvents made from one fixture (new event ids, same shape). */
export function mediaEvents(template: UpstreamNatsFixture, count: number): UpstreamNatsFixture[] {
  const id = JSON.parse(template.body).event_id as string;
  return Array.from({ length: count }, (_, n) => {
    const eventId = `${id.slice(0, -6)}${String(n).padStart(6, "0")}`;
    return {
      ...template,
      name: `${template.name}-${n}`,
      headers: {
        ...template.headers,
        "Nats-Msg-Id": eventId,
        _watermill_message_uuid: eventId,
      },
      body: template.body.replace(id, eventId),
    };
  });
}
