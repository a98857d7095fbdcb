import { type AppendMessage, ErrorCode, type MessageId } from "@pulseboard/protocol";
import type { EngineLifecycle, EventStream, ProducedEvent } from "./broker/broker.js";
import type { Client } from "./client.js";
import type { Logger } from "./logger.js";
import { memberOf } from "./presence/member.js";

export interface ViewerAppendOptions {
  /** Where the event is stored: the same publish path as producers' events. */
  stream: Pick<EventStream, "publish"> & Pick<EngineLifecycle, "ready">;
  logger: Logger;
  /** The hub's clock, for `at`. */
  now?: () => number;
}

/**
 * `append` (protocol 1.1): a viewer adds an `alert_acknowledged` to a room it follows. The hub
 * states who (`by`, from the token) and when (`at`, its own clock), stores the event through
 * the broker like a producer's (sequenced, on NATS, replayable, in history, in the snapshot),
 * and answers `appended` with its seq once stored. The live feed delivers it to every follower
 * on every hub, the sender included. Decoding already dropped any `by`/`at` the client sent.
 */
export class ViewerAppend {
  /** Appends stored, and those answered `unavailable` (nothing stored). */
  readonly stats = { appended: 0, unavailable: 0 };
  private readonly now: () => number;

  constructor(private readonly options: ViewerAppendOptions) {
    this.now = options.now ?? Date.now;
  }

  async append(client: Client, message: AppendMessage): Promise<void> {
    const { room, type, data } = message.data;
    const ref = message.id;
    if (!client.rooms.has(room)) {
      const text = `subscribe to room ${room} before appending to it`;
      this.refuse(client, ErrorCode.FORBIDDEN, text, ref);
      return;
    }
    if (!client.principal.publish.canRead(room)) {
      const text = `your token does not grant publishing to room ${room}`;
      this.refuse(client, ErrorCode.FORBIDDEN, text, ref);
      return;
    }
    // Fail fast while the broker is away: a publish buffered by the NATS client could still be
    // stored after the client was told it was not.
    if (!this.options.stream.ready) {
      this.unavailable(client, ref, "the hub's broker is not connected; nothing was stored");
      return;
    }
    const event = {
      room,
      type,
      data: {
        alert_id: data.alert_id,
        ...(data.note === undefined ? {} : { note: data.note }),
        // The user as presence shows them: the token's `sub`, its `name` claim (else the sub);
        // in open mode the connection's anonymous member.
        by: memberOf(client),
        at: new Date(this.now()).toISOString(),
      },
    } satisfies ProducedEvent;
    let seq: number | undefined;
    try {
      [seq] = (await this.options.stream.publish([event])).seqs;
    } catch (error) {
      this.options.logger.warn({ err: error, room, client: client.id }, "append not stored");
    }
    if (seq === undefined) {
      this.unavailable(client, ref, "the hub's broker did not confirm the write; retry later");
      return;
    }
    this.stats.appended++;
    client.sendControl({ type: "appended", data: { room, seq }, ref });
  }

  private unavailable(client: Client, ref: MessageId | undefined, text: string): void {
    this.stats.unavailable++;
    this.refuse(client, ErrorCode.UNAVAILABLE, text, ref);
  }

  private refuse(client: Client, code: ErrorCode, text: string, ref: MessageId | undefined) {
    client.sendControl({ type: "error", data: { code, message: text, ref }, ref });
  }
}
