"use client";

import { parseTheme, type ThemePreference, ThemeSelect } from "@pulseboard/ui";
import { useEffect, useState } from "react";
import { applyTheme, THEME_STORAGE_KEY } from "../lib/theme";

/** The theme picker in the header; the choice is kept in localStorage. */
export function ThemeControl() {
  const [theme, setTheme] = useState<ThemePreference>("system");
  useEffect(() => {
    setTheme(parseTheme(readStored()));
  }, []);
  const change = (next: ThemePreference) => {
    setTheme(next);
    applyTheme(document.documentElement, next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this page only.
    }
  };
  return <ThemeSelect value={theme} onChange={change} />;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}
