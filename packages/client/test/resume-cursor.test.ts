import { describe, expect, it } from "vitest";
import { ResumeCursor } from "../src/resume-cursor.js";

const ev = (seq: number, room = "global") => ({ room, seq });

/** A cursor that finished a fresh connection's catch-up at `seq`. */
function settled(seq = 10, epoch = "e1"): ResumeCursor {
  const cursor = new ResumeCursor();
  cursor.startConnection(["global"], false);
  cursor.onWelcome(epoch, ["global"]);
  cursor.onSubscribed(["global"], seq, true);
  return cursor;
}

describe("ResumeCursor", () => {
  it("starts without a resume point, then resumes from the catch-up's seq", () => {
    const cursor = new ResumeCursor();
    expect(cursor.resumePoint()).toBeUndefined();
    cursor.startConnection(["global"], false);
    cursor.onWelcome("e1", ["global"]);
    // Snapshot events are taken whatever their seq.
    expect(cursor.accept(ev(3))).toBe(true);
    cursor.onSubscribed(["global"], 10, true);
    expect(cursor.resumePoint()).toEqual({ since: 10, epoch: "e1" });
  });

  it("hands each seq on once and drops anything at or below the last processed", () => {
    const cursor = settled(10);
    expect([11, 11, 9, 12, 10, 13].map((seq) => cursor.accept(ev(seq)))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(cursor.seq).toBe(13);
  });

  it("remembers snapshot seqs above the floor so a later replay does not repeat them", () => {
    const cursor = settled(10);
    cursor.beginSnapshot(["new-room"]);
    expect(cursor.accept(ev(15, "new-room"))).toBe(true);
    expect(cursor.accept(ev(4, "new-room"))).toBe(true);
    cursor.onSubscribed(["new-room"], 20, false);
    // The position does not jump to 20: live events of other rooms may still be queued.
    expect(cursor.resumePoint()).toEqual({ since: 10, epoch: "e1" });
    expect(cursor.accept(ev(12))).toBe(true);
    // Replayed after a reconnect from since=12: 15 was seen in the snapshot.
    expect(cursor.accept(ev(15, "new-room"))).toBe(false);
    expect(cursor.accept(ev(16, "new-room"))).toBe(true);
  });

  it("forgets the position when the epoch changes", () => {
    const cursor = settled(500, "e1");
    cursor.startConnection(["global"], true);
    cursor.onWelcome("e2", ["global"]);
    cursor.onReset(["global"], "epoch");
    expect(cursor.accept(ev(1))).toBe(true);
    cursor.onSubscribed(["global"], 3, true);
    expect(cursor.resumePoint()).toEqual({ since: 3, epoch: "e2" });
    expect(cursor.accept(ev(4))).toBe(true);
  });

  it("takes a reset room's snapshot even below the floor, and keeps the floor on retention", () => {
    const cursor = settled(100);
    cursor.startConnection(["global"], true);
    cursor.onWelcome("e1", ["global"]);
    cursor.onReset(["global"], "retention");
    expect(cursor.accept(ev(40))).toBe(true);
    cursor.onSubscribed(["global"], 150, true);
    expect(cursor.accept(ev(120))).toBe(false);
    expect(cursor.accept(ev(151))).toBe(true);
  });

  it("starts over when the stream is behind the client (reset: ahead)", () => {
    const cursor = settled(100);
    cursor.startConnection(["global"], true);
    cursor.onWelcome("e1", ["global"]);
    cursor.onReset(["global"], "ahead");
    cursor.onSubscribed(["global"], 20, true);
    expect(cursor.resumePoint()).toEqual({ since: 20, epoch: "e1" });
    expect(cursor.accept(ev(21))).toBe(true);
  });
});
