// The header's theme switch. Its name says what pressing it does ("Dark
// theme" while the light one shows); aria-pressed says whether the dark
// theme is on.

import { chooseTheme, useTheme } from "../theme.js";

export function ThemeToggle() {
  const theme = useTheme();
  const dark = theme === "dark";
  return (
    <button
      type="button"
      class="button button--quiet"
      aria-pressed={dark ? "true" : "false"}
      onClick={() => chooseTheme(dark ? "light" : "dark")}
    >
      {dark ? "Light theme" : "Dark theme"}
    </button>
  );
}
