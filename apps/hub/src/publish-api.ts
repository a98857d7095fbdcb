import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_PUBLISH_BODY_BYTES } from "@pulseboard/protocol";
import type { Broker } from "./broker/broker.js";
import { PUBLISH_RETRY_AFTER_S } from "./defaults.js";
import { sendJson } from "./http-responses.js";
import { readPublishBody } from "./ingest/publish-body.js";
import type { Logger } from "./logger.js";

export interface PublishApiOptions {
  /** Bearer token producers must present; unset disables the endpoint (404). */
  token: string | undefined;
  broker: Broker;
  logger: Logger;
  onPublished?: (count: number) => void;
}

/**
 * `POST /api/v1/publish`: one event or an array, all validated before any is published
 * (all or nothing), answered with the sequence numbers the broker assigned and the indexes of
 * items that repeated an earlier item's idempotency key (stored once, under the first seq).
 */
export function createPublishHandler(options: PublishApiOptions) {
  const expected = options.token === undefined ? undefined : digest(options.token);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (expected === undefined) {
      sendJson(res, 404, { error: "not_found", message: "publishing over HTTP is disabled" });
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      sendJson(res, 405, { error: "method_not_allowed", message: "use POST" });
      return;
    }
    if (!isAuthorized(req, expected)) {
      res.setHeader("www-authenticate", 'Bearer realm="pulseboard-publish"');
      sendJson(res, 401, { error: "unauthorized", message: "a valid Bearer token is required" });
      return;
    }
    // Fail fast while the broker is away: waiting for a publish timeout would hold the
    // producer for seconds, and a publish the NATS client buffered meanwhile could still be
    // stored after it was answered 503.
    if (!options.broker.ready) {
      unavailable(res, "the broker is not connected; retry later");
      return;
    }
    const body = await readBody(req, MAX_PUBLISH_BODY_BYTES);
    if (body === "too_large") {
      res.setHeader("connection", "close");
      sendJson(res, 413, {
        error: "too_large",
        message: `body exceeds ${MAX_PUBLISH_BODY_BYTES} bytes`,
      });
      return;
    }
    const read = readPublishBody(body.toString("utf8"), req.headers["idempotency-key"]);
    if (!read.ok) {
      sendJson(res, 400, read.error);
      return;
    }
    const events = read.events;
    try {
      const { seqs, duplicates } = await options.broker.publish(events);
      options.onPublished?.(events.length - duplicates.length);
      sendJson(res, 200, { seqs, duplicates });
    } catch (error) {
      options.logger.error({ err: error }, "publish failed");
      unavailable(res, "the broker did not accept the events");
    }
  };
}

/** 503 with a hint of when to try again (the broker reconnects within seconds). */
function unavailable(res: ServerResponse, message: string): void {
  res.setHeader("retry-after", String(PUBLISH_RETRY_AFTER_S));
  sendJson(res, 503, { error: "unavailable", message });
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** Compares digests so neither the token's content nor its length leaks through timing. */
function isAuthorized(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (match?.[1] === undefined) return false;
  return timingSafeEqual(digest(match[1].trim()), expected);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve("too_large");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}
