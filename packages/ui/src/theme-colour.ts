/**
 * A theme colour as canvas can take it. The `--pb-*` variables hold light-dark() pairs, which
 * only an element's colour scheme resolves (a canvas has none), so the variable is applied to
 * a hidden probe inside `element` and the browser's computed colour read back.
 */
export function themeColour(element: HTMLElement, variable: string, fallback: string): string {
  const probe = element.ownerDocument.createElement("span");
  probe.hidden = true;
  probe.style.color = `var(${variable}, ${fallback})`;
  element.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour === "" ? fallback : colour;
}
