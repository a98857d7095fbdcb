import type { ThemePreference } from "@pulseboard/ui";

export const THEME_STORAGE_KEY = "pulseboard-theme";

/** "light"/"dark" set `data-theme`; "system" removes it so `prefers-color-scheme` decides. */
export function applyTheme(root: HTMLElement, theme: ThemePreference): void {
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/**
 * Runs before the page paints (see app/layout.tsx), so a stored theme applies without a flash
 * of the other one. Kept tiny and self-contained: it is inlined as a string.
 */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
