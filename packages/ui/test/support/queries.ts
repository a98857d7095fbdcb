import { screen } from "@testing-library/react";

/** The list item holding `text`: one row of a feed, a sync list or the alerts panel. */
export function rowOf(text: string): HTMLElement {
  const row = screen.getByText(text).closest("li");
  if (!(row instanceof HTMLElement)) throw new Error(`no list item holds ${text}`);
  return row;
}
