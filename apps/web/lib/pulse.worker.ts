/**
 * The dashboards' SharedWorker: holds the browser's one socket to the hub for every tab of
 * this app (see `createSharedConnection` in @pulseboard/client). Started from
 * lib/shared-worker.ts.
 */
import { serveSharedConnections } from "@pulseboard/client/worker";

serveSharedConnections();
