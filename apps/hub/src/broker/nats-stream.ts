import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { StreamPosition } from "./broker.js";
import type { BrokerLogger } from "./logger.js";
import { STREAM_SUBJECTS } from "./nats-subjects.js";

export interface StreamSettings {
  name: string;
  /** 0 keeps events forever (as far as `maxBytes` allows). */
  maxAgeMs: number;
  /** 0 or less: no byte limit. */
  maxBytes: number;
  storage: "file" | "memory";
  replicas: number;
}

/**
 * Creates the stream, or brings an existing one to the configured limits. Every hub runs this
 * at start, so it must be idempotent and tolerate another hub doing the same concurrently.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
  logger: BrokerLogger,
): Promise<StreamInfo> {
  const wanted = desiredConfig(settings);
  const existing = await findStream(jsm, settings.name);
  if (existing === undefined) {
    try {
      const created = await jsm.streams.add(wanted);
      logger.info({ stream: settings.name, epoch: epochOf(created) }, "created stream");
      return created;
    } catch (error) {
      // Another hub may have created it between our lookup and add: fall through to update.
      const raced = await findStream(jsm, settings.name);
      if (raced === undefined) throw error;
      return reconcile(jsm, raced, wanted, logger);
    }
  }
  return reconcile(jsm, existing, wanted, logger);
}

function desiredConfig(settings: StreamSettings): Partial<StreamConfig> & { name: string } {
  return {
    name: settings.name,
    subjects: [...STREAM_SUBJECTS],
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    storage: settings.storage === "memory" ? StorageType.Memory : StorageType.File,
    max_age: nanos(settings.maxAgeMs),
    max_bytes: settings.maxBytes > 0 ? settings.maxBytes : -1,
    num_replicas: settings.replicas,
  };
}

async function reconcile(
  jsm: JetStreamManager,
  info: StreamInfo,
  wanted: Partial<StreamConfig> & { name: string },
  logger: BrokerLogger,
): Promise<StreamInfo> {
  const current = info.config;
  if (wanted.storage !== current.storage) {
    // JetStream cannot change storage in place; recreating would drop every event.
    logger.warn(
      { stream: wanted.name, configured: wanted.storage, actual: current.storage },
      "stream storage differs from configuration; keeping the existing stream",
    );
  }
  // Keep subjects an operator added; only make sure ours are there.
  const subjects = [...new Set([...(current.subjects ?? []), ...(wanted.subjects ?? [])])];
  const changed =
    subjects.length !== (current.subjects ?? []).length ||
    current.max_age !== wanted.max_age ||
    current.max_bytes !== wanted.max_bytes ||
    current.num_replicas !== wanted.num_replicas ||
    current.discard !== wanted.discard;
  if (!changed) return info;
  const updated = await jsm.streams.update(wanted.name, {
    subjects,
    max_age: wanted.max_age,
    max_bytes: wanted.max_bytes,
    num_replicas: wanted.num_replicas,
    discard: wanted.discard,
  });
  logger.info({ stream: wanted.name }, "updated stream limits");
  return updated;
}

async function findStream(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
      return undefined;
    }
    throw error;
  }
}

/**
 * The epoch names one stream instance: its creation time survives server restarts and config
 * updates, and changes when the stream is deleted and created again (sequences restart).
 */
export function epochOf(info: StreamInfo): string {
  return `${info.config.name}@${info.created}`;
}

export function positionOf(info: StreamInfo): StreamPosition {
  const { first_seq, last_seq, messages } = info.state;
  // An empty stream reports first_seq 0 (fresh) or last_seq + 1 (purged/expired); the contract
  // wants lastSeq + 1 for "nothing retained" in both cases.
  const firstSeq = messages === 0 ? last_seq + 1 : first_seq;
  return { epoch: epochOf(info), firstSeq, lastSeq: last_seq };
}

export async function readPosition(jsm: JetStreamManager, stream: string): Promise<StreamPosition> {
  return positionOf(await jsm.streams.info(stream));
}
