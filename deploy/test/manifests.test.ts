import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "@pulseboard/testkit";
import { describe, expect, it } from "vitest";

/**
 * No container engine runs here, so the Dockerfile, compose file and Kubernetes manifests are
 * never built or applied in CI. What can be checked without one is checked here: the images
 * copy only what deploy/build.sh makes, and every stop deadline is longer than the hub's drain.
 */

const read = (path: string) => readFileSync(join(REPO_DIR, "deploy", path), "utf8");

/**
 * The hub exits at the latest HUB_SHUTDOWN_MS + the broker's close (3 s) + 1 s after SIGTERM
 * (apps/hub/src/main.ts); a stop deadline must leave it that long.
 */
const DRAIN_BEYOND_SHUTDOWN_S = 4;

/** The lines of one stage of the Dockerfile (from its FROM to the next). */
function stage(dockerfile: string, name: string): string[] {
  const lines = dockerfile.split("\n");
  const start = lines.findIndex((line) => new RegExp(`^FROM .* AS ${name}$`).test(line));
  expect(start, `stage ${name}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && line.startsWith("FROM "));
  return lines.slice(start, end === -1 ? undefined : end);
}

function number(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  expect(match, String(pattern)).not.toBeNull();
  return Number(match?.[1]);
}

describe("deploy artefacts that no engine runs here", () => {
  const dockerfile = read("Dockerfile");

  it("build the bundles with deploy/build.sh and copy nothing else into the images", () => {
    expect(stage(dockerfile, "bundles")).toContain(
      "RUN pnpm install --frozen-lockfile && bash deploy/build.sh /out",
    );
    const runtime = stage(dockerfile, "runtime");
    expect(runtime[0]).toBe("FROM node:20-bookworm-slim AS runtime");
    expect(runtime).toContain("USER node");
    expect(runtime).toContain("STOPSIGNAL SIGTERM");
    expect(runtime.filter((line) => /^(COPY|ADD|RUN)\b/.test(line))).toEqual([]);
    for (const target of ["hub", "web"]) {
      const lines = stage(dockerfile, target);
      expect(lines[0]).toBe(`FROM runtime AS ${target}`);
      const copies = lines.filter((line) => /^(COPY|ADD|RUN|USER)\b/.test(line));
      expect(copies).toEqual([`COPY --from=bundles /out/${target}/ ./`]);
      expect(lines.some((line) => line.startsWith("HEALTHCHECK "))).toBe(true);
    }
  });

  it("give the hub longer to stop than its drain takes, in Kubernetes and in compose", () => {
    const config = read("k8s/config.yaml");
    const shutdownS = number(config, /HUB_SHUTDOWN_MS: "(\d+)"/) / 1000;
    const hub = read("k8s/hub.yaml");
    const grace = number(hub, /terminationGracePeriodSeconds: (\d+)/);
    const preStopMs = number(hub, /setTimeout\(\(\) => \{\}, (\d+)\)/);
    expect(grace).toBeGreaterThan(preStopMs / 1000 + shutdownS + DRAIN_BEYOND_SHUTDOWN_S);
    expect(hub).toMatch(/readinessProbe:\n\s+#[^\n]*\n\s+httpGet: \{ path: \/readyz/);
    expect(hub).toContain("kind: PodDisruptionBudget");

    const compose = read("compose.yaml");
    const composeShutdownS = number(compose, /HUB_SHUTDOWN_MS: "(\d+)"/) / 1000;
    const stopGrace = number(compose, /stop_grace_period: (\d+)s/);
    expect(stopGrace).toBeGreaterThan(composeShutdownS + DRAIN_BEYOND_SHUTDOWN_S);
  });
});
