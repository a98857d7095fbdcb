import type { TestHub } from "@pulseboard/hub/testing";

/** How a scenario's producer publishes: which edge of the hub its events enter by. */
export type PublishPath = "nats" | "http";

export const PUBLISH_PATHS: readonly PublishPath[] = ["nats", "http"];

type PublishInput = Parameters<TestHub["publish"]>[0][number];

export interface Publisher {
  readonly path: PublishPath;
  /** Resolves when the events are stored (JetStream acknowledged them). */
  publish(events: PublishInput[]): Promise<void>;
}

/**
 * Over NATS: a JetStream publish to `pulse.<room>.playback` of the hub's stream, through the
 * hub's own NATS broker (`TestHub.publish`: validation, then the publish pipeline the CLI
 * uses). The hub delivers the events from its live feed of the stream, as it does for any
 * NATS producer.
 */
export function natsPublisher(hub: TestHub): Publisher {
  return {
    path: "nats",
    publish: async (events) => {
      await hub.publish(events);
    },
  };
}

/** Over HTTP: `POST /api/v1/publish` of the hub, one request per batch, Bearer token. */
export function httpPublisher(hubUrl: string, token: string): Publisher {
  const url = `${hubUrl}/api/v1/publish`;
  return {
    path: "http",
    publish: async (events) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(events),
      });
      const body = await response.text();
      if (!response.ok) throw new Error(`POST /api/v1/publish: ${response.status} ${body}`);
    },
  };
}
