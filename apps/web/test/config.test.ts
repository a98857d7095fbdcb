import { emptyRoom } from "@pulseboard/client";
import { describe, expect, it } from "vitest";
import { DEFAULT_HUB_URL, hubHealthUrl, hubUrlFrom } from "../lib/hub-url";
import { roomHasData, syncRows } from "../lib/room-data";
import { dashboardRoom } from "../lib/rooms";

describe("hubUrlFrom", () => {
  it("reads NEXT_PUBLIC_HUB_URL with a local default", () => {
    expect(hubUrlFrom({})).toEqual({ ok: true, url: DEFAULT_HUB_URL });
    expect(hubUrlFrom({ NEXT_PUBLIC_HUB_URL: "  " })).toEqual({ ok: true, url: DEFAULT_HUB_URL });
    expect(hubUrlFrom({ NEXT_PUBLIC_HUB_URL: "wss://hub.example/ws" })).toEqual({
      ok: true,
      url: "wss://hub.example/ws",
    });
  });

  it("names the variable when the value is unusable", () => {
    for (const value of ["hub:8080", "not a url", "ftp://hub/ws"]) {
      const result = hubUrlFrom({ NEXT_PUBLIC_HUB_URL: value });
      expect(result.ok, value).toBe(false);
      expect(!result.ok && result.message, value).toMatch(/^NEXT_PUBLIC_HUB_URL /);
    }
  });

  it("derives the hub's health URL", () => {
    expect(hubHealthUrl("ws://127.0.0.1:8080/ws?x=1")).toBe("http://127.0.0.1:8080/healthz");
    expect(hubHealthUrl("wss://hub.example/api/v1/ws")).toBe("https://hub.example/healthz");
  });
});

describe("dashboardRoom", () => {
  it("maps ids to rooms and rejects what cannot be a room", () => {
    expect(dashboardRoom("42")).toBe("dashboard:42");
    expect(dashboardRoom("team_a-1")).toBe("dashboard:team_a-1");
    expect(dashboardRoom("a.b")).toBeUndefined();
    expect(dashboardRoom("x".repeat(60))).toBeUndefined();
    expect(dashboardRoom("")).toBeUndefined();
  });
});

describe("room data", () => {
  it("counts a room as empty until something arrives", () => {
    expect(roomHasData(undefined)).toBe(false);
    expect(roomHasData(emptyRoom)).toBe(false);
    expect(
      roomHasData({
        ...emptyRoom,
        stats: {
          data: { timestamp: "2026-11-21T23:00:00Z", total_count: 1, unique_users: 1 },
          seq: 1,
          ts: "2026-11-21T23:00:00Z",
          receivedAt: 0,
        },
      }),
    ).toBe(true);
  });

  it("lists running syncs newest first, then finished ones", () => {
    const sync = (id: string, seq: number, status: "running" | "completed") => ({
      data: { correlation_id: id, operation: "library_sync", status, progress: 0.5 },
      seq,
      ts: "2026-11-21T23:00:00Z",
      receivedAt: 0,
    });
    const rows = syncRows({
      ...emptyRoom,
      syncs: { a: sync("a", 1, "running"), b: sync("b", 3, "running") },
      finishedSyncs: [sync("c", 2, "completed")],
    });
    expect(rows.map((row) => row.data.correlation_id)).toEqual(["b", "a", "c"]);
  });
});
