import { existsSync } from "node:fs";
import { log } from "@pulseboard/testkit";
import { readState, STATE_ENV } from "./support/stack-state";
import { stopStack } from "./support/teardown";

/** Stops what the global setup (and any test that restarted a hub) started. */
export default async function globalTeardown(): Promise<void> {
  const path = process.env[STATE_ENV];
  const state = path !== undefined && existsSync(path) ? readState(path) : undefined;
  await stopStack(state);
  if (state !== undefined) log("stack stopped");
}
