import { roomPatternMatches } from "@pulseboard/protocol";

/**
 * Which rooms a connection may read. From a token's `rooms` claim (exact names or prefixes
 * ending in `*`); a token without the claim may read the default rooms only; open mode
 * (HUB_AUTH=none) reads everything.
 */
export class RoomAccess {
  private constructor(private readonly patterns: readonly string[]) {}

  private static readonly EVERYTHING = new RoomAccess(["*"]);

  /** Shared: open mode hands the same grant to every connection. */
  static everything(): RoomAccess {
    return RoomAccess.EVERYTHING;
  }

  static nothing(): RoomAccess {
    return new RoomAccess([]);
  }

  static of(patterns: readonly string[]): RoomAccess {
    return new RoomAccess(patterns);
  }

  canRead(room: string): boolean {
    return this.patterns.some((pattern) => roomPatternMatches(pattern, room));
  }

  /** Splits rooms into those this access grants and those it does not. */
  partition(rooms: readonly string[]): { granted: string[]; denied: string[] } {
    const granted: string[] = [];
    const denied: string[] = [];
    for (const room of rooms) (this.canRead(room) ? granted : denied).push(room);
    return { granted, denied };
  }
}
