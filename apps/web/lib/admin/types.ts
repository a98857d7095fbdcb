import type { ConnectionView, HubStatus, PresenceMember } from "@pulseboard/protocol";

/** What the hub's operator API answers (apps/hub/README.md "Operator API"), as the page reads it. */

export type HubFigures = HubStatus & { hub: string };

interface Gathered {
  /** Hubs that answered, the one asked first. */
  hubs: string[];
  /** Hubs known to the cluster that did not answer in time. */
  missing: string[];
}

export interface HubsAnswer extends Gathered {
  status: HubFigures[];
}

export interface RoomRow {
  room: string;
  total: number;
  hubs: Record<string, number>;
  /** Added by the hubs' rooms listing where they measure it. */
  events_per_second?: number;
  deliveries_per_second?: number;
}

export interface RoomsAnswer extends Gathered {
  rooms: RoomRow[];
}

export type ConnectionRow = ConnectionView & { hub: string };

export interface ConnectionsAnswer extends Gathered {
  connections: ConnectionRow[];
}

export interface PresenceAnswer {
  room: string;
  members: PresenceMember[];
}
