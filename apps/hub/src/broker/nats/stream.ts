import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
  type StreamSource,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { StreamPosition } from "../broker.js";
import { DUPLICATE_WINDOW_MS } from "../broker.js";
import type { BrokerLogger } from "../logger.js";
import { type PlaybackOrigin, resolvePlaybackOrigin, type UpstreamSetting } from "./layout.js";
import { PULSE_SUBJECTS, subjectMatches } from "./subjects.js";

export interface StreamSettings {
  name: string;
  /** 0 keeps events forever (as far as `maxBytes` allows). */
  maxAgeMs: number;
  /** 0 or less: no byte limit. */
  maxBytes: number;
  storage: "file" | "memory";
  replicas: number;
  /** Subject filter of raw playbacks (`playback.>`). */
  playbackSubject: string;
  upstream: UpstreamSetting;
  /**
   * When the stream starts sourcing a backend's stream: how far back to copy (0: playbacks
   * from now on). Read once, when the source is added; later starts keep the source as it is.
   */
  upstreamHistoryMs: number;
}

export interface PreparedStream {
  info: StreamInfo;
  origin: PlaybackOrigin;
}

/**
 * Creates the stream, or brings an existing one to the configured limits and playback origin.
 * Every hub runs this at start, so it must be idempotent and tolerate another hub doing the
 * same concurrently. It never creates, changes or deletes any stream but its own.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
  logger: BrokerLogger,
): Promise<PreparedStream> {
  const origin = await resolvePlaybackOrigin(
    jsm,
    settings.name,
    settings.playbackSubject,
    settings.upstream,
  );
  logOrigin(settings, origin, logger);
  const wanted = desiredConfig(settings, origin);
  const existing = await findStream(jsm, settings.name);
  if (existing === undefined) {
    try {
      const created = await jsm.streams.add(wanted);
      logger.info({ stream: settings.name, epoch: epochOf(created) }, "created stream");
      return { info: created, origin };
    } catch (error) {
      // Another hub may have created it between our lookup and add: fall through to update.
      const raced = await findStream(jsm, settings.name);
      if (raced === undefined) throw error;
      return { info: await reconcile(jsm, raced, wanted, settings, logger), origin };
    }
  }
  return { info: await reconcile(jsm, existing, wanted, settings, logger), origin };
}

function logOrigin(settings: StreamSettings, origin: PlaybackOrigin, logger: BrokerLogger): void {
  const subject = settings.playbackSubject;
  if (origin.kind === "captured") {
    logger.info({ stream: settings.name, subject }, "stream captures raw playbacks itself");
  } else if (origin.exists) {
    logger.info(
      { stream: settings.name, upstream: origin.stream, subject },
      "reading raw playbacks from the backend's stream (sourced with a subject filter; that stream is never modified)",
    );
  } else {
    logger.warn(
      { stream: settings.name, upstream: origin.stream, subject },
      "upstream stream does not exist yet; playbacks flow once it is created",
    );
  }
}

function desiredConfig(
  settings: StreamSettings,
  origin: PlaybackOrigin,
): Partial<StreamConfig> & { name: string } {
  const captured = origin.kind === "captured" ? [settings.playbackSubject] : [];
  return {
    name: settings.name,
    subjects: [...PULSE_SUBJECTS, ...captured],
    ...(origin.kind === "sourced" ? { sources: [sourceOf(settings, origin.stream)] } : {}),
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    storage: settings.storage === "memory" ? StorageType.Memory : StorageType.File,
    max_age: nanos(settings.maxAgeMs),
    max_bytes: settings.maxBytes > 0 ? settings.maxBytes : -1,
    num_replicas: settings.replicas,
    // Producers' `Nats-Msg-Id` (and the publish API's idempotency keys) are honoured this long;
    // JetStream refuses a window longer than the stream's max age.
    duplicate_window: nanos(
      settings.maxAgeMs > 0
        ? Math.min(DUPLICATE_WINDOW_MS, settings.maxAgeMs)
        : DUPLICATE_WINDOW_MS,
    ),
  };
}

function sourceOf(settings: StreamSettings, stream: string): StreamSource {
  const start = new Date(Date.now() - settings.upstreamHistoryMs).toISOString();
  return { name: stream, filter_subject: settings.playbackSubject, opt_start_time: start };
}

/** The stream's subjects and sources after moving to `wanted`, keeping what operators added. */
function mergeLayout(
  current: StreamConfig,
  wanted: Partial<StreamConfig>,
  playbackSubject: string,
): { subjects: string[]; sources: StreamSource[] } {
  const wantedSources = wanted.sources ?? [];
  const sourcing = wantedSources.length > 0;
  // Subjects: ours plus any an operator added, except the playback subject while it is
  // sourced (the backend's stream holds it; keeping it would overlap).
  const subjects = [
    ...new Set([
      ...(current.subjects ?? []).filter((s) => !(sourcing && subjectMatches(playbackSubject, s))),
      ...(wanted.subjects ?? []),
    ]),
  ];
  // Sources: an existing source of the playback subject is kept as it is (its start position
  // must not move on every restart); one from another stream is replaced; others are kept.
  const others = (current.sources ?? []).filter((s) => s.filter_subject !== playbackSubject);
  const kept = (current.sources ?? []).filter(
    (s) => s.filter_subject === playbackSubject && wantedSources.some((w) => w.name === s.name),
  );
  const added = wantedSources.filter((w) => !kept.some((s) => s.name === w.name));
  return { subjects, sources: [...others, ...kept, ...added] };
}

async function reconcile(
  jsm: JetStreamManager,
  info: StreamInfo,
  wanted: Partial<StreamConfig> & { name: string },
  settings: StreamSettings,
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
  const { subjects, sources } = mergeLayout(current, wanted, settings.playbackSubject);
  const changed =
    !sameSet(subjects, current.subjects ?? []) ||
    !sameSet(sources.map(sourceKey), (current.sources ?? []).map(sourceKey)) ||
    current.max_age !== wanted.max_age ||
    current.max_bytes !== wanted.max_bytes ||
    current.num_replicas !== wanted.num_replicas ||
    current.discard !== wanted.discard ||
    current.duplicate_window !== wanted.duplicate_window;
  if (!changed) return info;
  const updated = await jsm.streams.update(wanted.name, {
    subjects,
    sources,
    max_age: wanted.max_age,
    max_bytes: wanted.max_bytes,
    num_replicas: wanted.num_replicas,
    discard: wanted.discard,
    duplicate_window: wanted.duplicate_window,
  });
  logger.info({ stream: wanted.name, subjects, sources: sources.map(sourceKey) }, "updated stream");
  return updated;
}

function sourceKey(source: StreamSource): string {
  return `${source.name}:${source.filter_subject ?? ">"}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((item) => set.has(item));
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

/** How long a position read waits for a lagging stream leader to reach a known sequence. */
export const STALE_POSITION_WAIT_MS = 3_000;
const STALE_POSITION_POLL_MS = 100;

/**
 * A position whose `lastSeq` is at least `atLeast` if the stream gets there within
 * STALE_POSITION_WAIT_MS. A replicated stream's new leader can answer stream info before it has
 * applied every entry it holds, so right after a failover `last_seq` may be lower than a
 * sequence that was already acknowledged and delivered. Sequences never go down within one
 * epoch, so a lower answer in the same epoch is stale; an answer with another epoch is final.
 */
export async function readPositionAtLeast(
  jsm: JetStreamManager,
  stream: string,
  atLeast: number,
  waitMs = STALE_POSITION_WAIT_MS,
): Promise<StreamPosition> {
  const deadline = Date.now() + waitMs;
  let position = await readPosition(jsm, stream);
  const epoch = position.epoch;
  while (position.lastSeq < atLeast && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, STALE_POSITION_POLL_MS));
    position = await readPosition(jsm, stream);
    if (position.epoch !== epoch) break;
  }
  return position;
}
