import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectStore } from "../src/connect-store.js";
import { createConnection } from "../src/connection.js";
import { defaultFlushScheduler, type FlushScheduler } from "../src/flush-scheduler.js";
import { createPulseStore } from "../src/store.js";
import { ackData, alertData, event, playbackData, statsData } from "./support/events.js";
import { FakeSocket } from "./support/fake-socket.js";

/** A scheduler the test runs by hand, counting how many flushes were asked for. */
function manualScheduler() {
  let pending: (() => void) | undefined;
  let requests = 0;
  const schedule: FlushScheduler = (flush) => {
    requests++;
    pending = flush;
    return () => {
      pending = undefined;
    };
  };
  return {
    schedule,
    requests: () => requests,
    run() {
      const flush = pending;
      pending = undefined;
      flush?.();
    },
  };
}

function setup(schedule?: FlushScheduler) {
  FakeSocket.reset();
  const connection = createConnection({
    url: "ws://hub.test/ws",
    rooms: ["global"],
    WebSocket: FakeSocket,
    network: null,
  });
  const store = createPulseStore();
  const stop = connectStore(store, connection, { schedule });
  let updates = 0;
  store.subscribe(() => updates++);
  return { connection, store, stop, updates: () => updates };
}

async function openSocket(): Promise<FakeSocket> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const socket = FakeSocket.last;
  socket.serverOpen();
  socket.serverWelcome({ seq: 0 });
  return socket;
}

const burst = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => event("playback", playbackData(from + i), from + i));

describe("batching", () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it("applies a burst of 1,000 events in one store update", async () => {
    const scheduler = manualScheduler();
    const { store, updates, connection, stop: s } = setup(scheduler.schedule);
    stop = () => {
      s();
      connection.close();
    };
    const socket = await openSocket();
    const before = updates();
    socket.serverSend(...burst(1000));
    expect(updates()).toBe(before);
    expect(scheduler.requests()).toBe(1);
    scheduler.run();
    expect(updates()).toBe(before + 1);
    const room = store.getState().rooms.global;
    expect(room?.playbacks).toHaveLength(200);
    expect(room?.playbacks[0]?.seq).toBe(1000);
    expect(room?.rate.perMinute).toBe(1000);
  });

  it("in Node flushes once per setTimeout(0) by default", async () => {
    const { store, updates, connection, stop: s } = setup();
    stop = () => {
      s();
      connection.close();
    };
    const socket = await openSocket();
    const before = updates();
    socket.serverSend(...burst(1000));
    socket.serverSend(event("stats_update", statsData(1000), 1001));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(updates()).toBe(before + 1);
    expect(store.getState().rooms.global?.stats?.seq).toBe(1001);
  });

  it("keeps resets in order with the events around them", async () => {
    const scheduler = manualScheduler();
    const { store, connection, stop: s } = setup(scheduler.schedule);
    stop = () => {
      s();
      connection.close();
    };
    const socket = await openSocket();
    socket.serverSend(
      event("playback", playbackData(1), 1),
      { type: "reset", data: { rooms: ["global"], reason: "retention" } },
      event("stats_update", statsData(3), 2),
    );
    scheduler.run();
    const room = store.getState().rooms.global;
    expect(room?.playbacks).toEqual([]);
    expect(room?.stats?.data.total_count).toBe(3);
  });

  it("mirrors the connection state at once and applies what is buffered when stopped", async () => {
    const scheduler = manualScheduler();
    const { store, connection, stop: s } = setup(scheduler.schedule);
    expect(store.getState().connection.status).toBe("connecting");
    const socket = await openSocket();
    expect(store.getState().connection).toEqual({ status: "open", connectionId: "c1" });
    socket.serverSend(event("playback", playbackData(1), 1));
    s();
    expect(store.getState().rooms.global?.playbacks).toHaveLength(1);
    connection.close();
    expect(store.getState().connection.status).toBe("open");
  });

  it("shows an alert acknowledged when an alert_acknowledged for it arrives", async () => {
    const scheduler = manualScheduler();
    const { store, connection, stop: s } = setup(scheduler.schedule);
    stop = () => {
      s();
      connection.close();
    };
    const socket = await openSocket();
    socket.serverSend(event("detection_alert", alertData(42), 1));
    socket.serverSend(event("alert_acknowledged", ackData(42), 2));
    scheduler.run();
    expect(store.getState().rooms.global?.alerts[0]).toMatchObject({
      acknowledged: true,
      acknowledgement: { seq: 2, data: { by: { name: "Teal Otter" } } },
    });
  });
});

describe("defaultFlushScheduler in a browser", () => {
  let frames: (() => void)[] = [];
  beforeEach(() => {
    frames = [];
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => frames.push(callback));
    vi.stubGlobal("cancelAnimationFrame", () => {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("flushes on the next animation frame, once", () => {
    const flush = vi.fn();
    defaultFlushScheduler()(flush);
    expect(flush).not.toHaveBeenCalled();
    for (const frame of frames) frame();
    vi.advanceTimersByTime(1000);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it("falls back to a timer when no frame comes (hidden tab)", () => {
    const flush = vi.fn();
    defaultFlushScheduler()(flush);
    vi.advanceTimersByTime(250);
    expect(flush).toHaveBeenCalledTimes(1);
    for (const frame of frames) frame();
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
