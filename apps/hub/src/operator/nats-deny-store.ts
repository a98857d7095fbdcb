import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from "@nats-io/jetstream";
import { connect, type NatsConnection, nanos } from "@nats-io/transport-node";
import type { Logger } from "../logger.js";
import { type DenyEntry, denyEntrySchema } from "./deny-list.js";
import type { DenyStore } from "./deny-store.js";

export interface NatsDenyStoreOptions {
  servers: string[];
  /** KV bucket name: the stream is `KV_<bucket>`, its subjects `$KV.<bucket>.>`. */
  bucket: string;
  /** Oldest an entry may get (the bucket's max_age): the longest token lifetime covered. */
  maxAgeSeconds: number;
  replicas: number;
  logger: Logger;
}

/**
 * The deny list in a NATS KV bucket (file storage: it survives hub and NATS restarts), one key
 * per entry: `sub.<base64url>` or `jti.<base64url>`. Written and read with the JetStream API
 * the hub already depends on, in KV's layout, so `nats kv ls/get <bucket>` show it.
 *
 * Expiry: nats-server 2.9 has no per-key TTL (per-message TTL came with 2.11), so the bucket
 * has a max_age (the longest token lifetime, HUB_REVOKE_MAX_S) and each entry carries `until`,
 * the expiry of the tokens it covers; readers ignore entries past it, and max_age removes them.
 * Its own connection: the event stream's connections stay as they are.
 */
export class NatsDenyStore implements DenyStore {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsDenyStoreOptions,
  ) {}

  static async open(options: NatsDenyStoreOptions): Promise<NatsDenyStore> {
    const nc = await connect({
      servers: options.servers,
      name: "pulseboard-hub-deny-list",
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    try {
      const jsm = await jetstreamManager(nc);
      const store = new NatsDenyStore(nc, jetstream(nc), jsm, options);
      await store.ensureBucket();
      return store;
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  private get stream(): string {
    return `KV_${this.options.bucket}`;
  }

  private async ensureBucket(): Promise<void> {
    const config = {
      name: this.stream,
      subjects: [`$KV.${this.options.bucket}.>`],
      max_msgs_per_subject: 1,
      max_age: nanos(this.options.maxAgeSeconds * 1000),
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
      num_replicas: this.options.replicas,
      allow_rollup_hdrs: true,
      deny_delete: true,
      allow_direct: true,
    };
    try {
      await this.jsm.streams.info(this.stream);
      await this.jsm.streams.update(this.stream, { max_age: config.max_age });
    } catch {
      try {
        await this.jsm.streams.add(config);
      } catch (error) {
        // Another hub created it meanwhile.
        await this.jsm.streams.info(this.stream).catch(() => {
          throw error;
        });
      }
    }
  }

  async load(): Promise<DenyEntry[]> {
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: ">" });
    const entries: DenyEntry[] = [];
    for (const subject of Object.keys(info.state.subjects ?? {})) {
      const message = await this.jsm.streams.getMessage(this.stream, { last_by_subj: subject });
      if (message === null) continue;
      const parsed = denyEntrySchema.safeParse(safeJson(message.string()));
      if (parsed.success) entries.push(parsed.data);
      else this.options.logger.warn({ subject }, "invalid deny-list entry ignored");
    }
    return entries;
  }

  async put(entry: DenyEntry): Promise<void> {
    const key = `${entry.kind}.${Buffer.from(entry.value).toString("base64url")}`;
    await this.js.publish(`$KV.${this.options.bucket}.${key}`, JSON.stringify(entry));
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
