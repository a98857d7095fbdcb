import { useId } from "react";

export type ThemePreference = "system" | "light" | "dark";

export interface ThemeSelectProps {
  value: ThemePreference;
  onChange: (value: ThemePreference) => void;
}

const OPTIONS: { value: ThemePreference; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/**
 * Light / dark / follow the system. Presentational: the caller applies the choice, normally as
 * `data-theme` on <html> ("system" removes the attribute so `prefers-color-scheme` decides).
 */
export function ThemeSelect({ value, onChange }: ThemeSelectProps) {
  const id = useId();
  return (
    <div className="pb-theme">
      <label htmlFor={id} className="pb-theme__label">
        Theme
      </label>
      <select
        id={id}
        className="pb-select"
        value={value}
        onChange={(event) => onChange(parseTheme(event.target.value))}
      >
        {OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function parseTheme(value: unknown): ThemePreference {
  return value === "light" || value === "dark" ? value : "system";
}
