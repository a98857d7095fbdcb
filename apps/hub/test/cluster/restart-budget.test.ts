import { describe, expect, it } from "vitest";
import { RestartBudget } from "../../src/cluster/restart-budget.js";

describe("RestartBudget", () => {
  it("allows `max` restarts in a window, then refuses until the oldest leaves it", () => {
    const budget = new RestartBudget(2, 1_000);
    expect(budget.take(0)).toBe(true);
    expect(budget.take(500)).toBe(true);
    expect(budget.take(900)).toBe(false);
    expect(budget.take(1_000)).toBe(true);
    expect(budget.take(1_200)).toBe(false);
    expect(budget.take(1_500)).toBe(true);
  });
});
