/**
 * @pulseboard/testkit: what the tests and benchmarks of several packages share. It starts the
 * apps as processes from the workspace and imports none of them: a package tests against a hub
 * process (`startTestHubProcess`, inspected and broken through the hub's testing API); only the
 * hub's own tests run one inside the test process (`@pulseboard/hub/testing`).
 */
export {
  buildHub,
  buildWebIfNeeded,
  log,
  webBuildIsCurrent,
  webSourceFingerprint,
} from "./builds.js";
export { CHROMIUM_ARGS, CHROMIUM_VIEWPORT, chromiumPath } from "./chromium.js";
export {
  type HubBundleSettings,
  type HubProcess,
  spawnHub,
  startHubBundle,
} from "./hub.js";
export {
  type NatsClusterHandle,
  type NatsServerHandle,
  type NatsServerOptions,
  natsServerBinary,
  startLoggedNatsServer,
  startNatsCluster,
  startNatsServer,
} from "./nats-server.js";
export { HUB_BUNDLE, HUB_DIR, REPO_DIR, WEB_DIR } from "./paths.js";
export { freePort, freePorts, isListening } from "./ports.js";
export {
  baseEnv,
  isAlive,
  isOurs,
  logTail,
  type NodeServerOptions,
  type SpawnOptions,
  type StartedProcess,
  signalGroup,
  spawnLogged,
  startNodeServer,
  stopIfNotReady,
  stopProcess,
  waitForHttpOk,
} from "./processes.js";
export { startTestHubProcess, type TestHubProcess } from "./test-hub.js";
export { delay, waitFor, waitUntil } from "./wait.js";
export { startWeb } from "./web.js";
