/**
 * The control channel between the orchestrator and its child processes (peers and load
 * workers): Node's fork IPC, request/reply by id. This file is the child's side.
 */

export interface RpcRequest {
  rpc: number;
  type: string;
  payload?: unknown;
}

export interface RpcReply {
  rpc: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** First message a child sends once it can take requests. */
export interface ReadyMessage {
  ready: true;
  info: unknown;
}

export type RpcHandlers = Record<string, (payload: unknown) => unknown>;

function send(message: RpcReply | ReadyMessage): void {
  process.send?.(message);
}

/** Serves requests from the parent; exits when the parent goes away (no orphans). */
export function serveRpc(handlers: RpcHandlers): void {
  if (process.send === undefined) {
    throw new Error("this file is a child process entry: start it through the orchestrator");
  }
  process.on("disconnect", () => process.exit(0));
  process.on("message", (raw: unknown) => {
    const request = raw as RpcRequest;
    if (typeof request?.rpc !== "number") return;
    const handler = handlers[request.type];
    if (handler === undefined) {
      send({ rpc: request.rpc, ok: false, error: `unknown request ${request.type}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request.payload))
      .then(
        (result) => send({ rpc: request.rpc, ok: true, result }),
        (error: unknown) =>
          send({
            rpc: request.rpc,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
}

export function announceReady(info: unknown): void {
  send({ ready: true, info });
}
