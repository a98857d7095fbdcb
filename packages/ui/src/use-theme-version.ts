import { useEffect, useState } from "react";

/**
 * A number that changes whenever the colour theme may have changed: the `data-theme` attribute
 * of <html>, or the system's light/dark preference. Canvas drawings, which cannot follow CSS
 * variables by themselves, re-read their colours when it changes.
 */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (typeof document === "undefined") return;
    const bump = () => setVersion((v) => v + 1);
    const observer =
      typeof MutationObserver === "function" ? new MutationObserver(bump) : undefined;
    observer?.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
    const query =
      typeof window.matchMedia === "function"
        ? window.matchMedia("(prefers-color-scheme: dark)")
        : undefined;
    query?.addEventListener("change", bump);
    return () => {
      observer?.disconnect();
      query?.removeEventListener("change", bump);
    };
  }, []);
  return version;
}
