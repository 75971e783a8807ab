// Light and dark: the system's preference (prefers-color-scheme) until the
// person picks one with the header's toggle, which is remembered in
// localStorage. The choice is a class on <html> (theme-light or theme-dark)
// that the stylesheet reads; no class means "follow the system".

import { useEffect, useState } from "preact/hooks";

export type Theme = "light" | "dark";

const KEY = "ticketd.theme";
const listeners = new Set<() => void>();
let chosen: Theme | null = null; // this page's choice, should storage be disabled

function stored(): Theme | null {
  if (chosen) return chosen;
  try {
    const value = window.localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** The theme shown now. */
export function currentTheme(): Theme {
  return stored() ?? systemTheme();
}

/** Puts the remembered choice on <html>; call before the first render. */
export function applyTheme(): void {
  const root = document.documentElement;
  const theme = stored();
  root.classList.toggle("theme-light", theme === "light");
  root.classList.toggle("theme-dark", theme === "dark");
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", notify);
}

export function chooseTheme(theme: Theme): void {
  chosen = theme;
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // storage disabled: the choice lasts until the page is left
  }
  document.documentElement.classList.toggle("theme-light", theme === "light");
  document.documentElement.classList.toggle("theme-dark", theme === "dark");
  notify();
}

function notify(): void {
  for (const listener of listeners) listener();
}

export function useTheme(): Theme {
  const [theme, setTheme] = useState(currentTheme);
  useEffect(() => {
    const update = () => setTheme(currentTheme());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return theme;
}
