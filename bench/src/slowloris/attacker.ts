import { connect, type Socket } from "node:net";

/**
 * One attacking process of the slowloris probe: holds up to `sockets` TCP connections to the
 * hub that start an upgrade request and never finish its headers, trickling one more header
 * line every few seconds as slowloris does, and dialling again whenever the hub closes one.
 * Runs as a child process so that each attacker has its own file-descriptor limit.
 */

export interface AttackerOptions {
  port: number;
  sockets: number;
  /** Attacker addresses are 127.0.<block>.<1..254>: many sources, so per-address caps alone cannot help. */
  block: number;
  /** Most new dials per second, so the ramp does not exhaust local ports at once. */
  dialsPerSecond: number;
}

export interface AttackerReport {
  open: number;
  dialled: number;
  /** Closed or reset by the hub (a 408, the pending cap, or the header timeout). */
  closedByHub: number;
  /** Of those, with an HTTP 408 answer first. */
  answered408: number;
  dialErrors: number;
}

const TRICKLE_MS = 3_000;

export function runAttacker(
  options: AttackerOptions,
  report: (r: AttackerReport) => void,
): () => void {
  const state: AttackerReport = {
    open: 0,
    dialled: 0,
    closedByHub: 0,
    answered408: 0,
    dialErrors: 0,
  };
  const live = new Set<Socket>();
  let stopped = false;
  let next = 0;

  const dial = () => {
    if (stopped || live.size >= options.sockets) return;
    const localAddress = `127.0.${options.block}.${(next++ % 254) + 1}`;
    const socket = connect({ port: options.port, host: "127.0.0.1", localAddress });
    state.dialled++;
    live.add(socket);
    let opened = false;
    let answer = "";
    socket.setNoDelay(true);
    socket.on("connect", () => {
      opened = true;
      state.open++;
      socket.write(`GET /ws?rooms=global HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\n`);
    });
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
    });
    socket.on("error", () => {
      if (!opened) state.dialErrors++;
    });
    socket.on("close", () => {
      live.delete(socket);
      if (opened) {
        state.open--;
        if (!stopped) state.closedByHub++;
        if (answer.startsWith("HTTP/1.1 408")) state.answered408++;
      }
    });
  };

  const dialer = setInterval(() => {
    for (let i = 0; i < options.dialsPerSecond / 20; i++) dial();
  }, 50);
  const trickle = setInterval(() => {
    for (const socket of live) if (!socket.destroyed) socket.write("X-Slow: 1\r\n");
  }, TRICKLE_MS);
  const reporter = setInterval(() => report({ ...state }), 1_000);

  return () => {
    stopped = true;
    clearInterval(dialer);
    clearInterval(trickle);
    clearInterval(reporter);
    for (const socket of live) socket.destroy();
    report({ ...state });
  };
}

/** Entry point when forked: options in argv, reports over IPC, stops on "stop". */
if (process.send !== undefined && process.argv[2] === "--attacker") {
  const options = JSON.parse(process.argv[3] ?? "{}") as AttackerOptions;
  // The parent may be gone already when the last report goes out.
  process.on("error", () => {});
  const stop = runAttacker(options, (r) => {
    if (process.connected) process.send?.({ type: "report", report: r });
  });
  process.on("message", (message) => {
    if (message === "stop") {
      stop();
      setTimeout(() => process.exit(0), 200);
    }
  });
  process.on("disconnect", () => {
    stop();
    process.exit(0);
  });
}
