/**
 * Whether a JSON value nests objects and arrays deeper than `max` levels (`{}` and `[]` are
 * depth 1). Iterative with an explicit stack, so it cannot overflow on the values it exists to
 * refuse, and it stops at the first branch that goes too deep.
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > max) return true;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value);
    for (const child of children) {
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth });
    }
  }
  return false;
}
