import type { Client } from "../client.js";
import { denyEntrySchema } from "./deny-list.js";
import { connectionFilterSchema, describeRooms, disconnect, listConnections } from "./local-ops.js";
import type { Revocations } from "./revocations.js";

/**
 * The operations every hub answers over the cluster bus (cluster-bus.ts), by name. Arguments
 * come from the bus and are validated here; an unknown operation answers `null`.
 */
export function createOperationHandler(
  clients: () => Iterable<Client>,
  revocations: Pick<Revocations, "apply">,
  roomRate: (room: string) => number,
  /** This hub's figures (hub-status.ts); asynchronous: it reads the stream's position. */
  status: () => Promise<unknown>,
) {
  return (op: string, args: unknown): unknown => {
    switch (op) {
      case "connections":
        return listConnections(clients(), connectionFilterSchema.parse(args ?? {}));
      case "rooms":
        return describeRooms(clients(), roomRate);
      case "disconnect":
        return { closed: disconnect(clients(), connectionFilterSchema.parse(args ?? {})) };
      case "status":
        return status();
      case "revoke":
        return { closed: revocations.apply(denyEntrySchema.parse(args)) };
      default:
        return null;
    }
  };
}
