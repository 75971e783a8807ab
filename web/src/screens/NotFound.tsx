// Any path the console has no screen for.

import { usePageTitle } from "../hooks.js";

export function NotFound() {
  usePageTitle("Page not found");
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <a href="/">Home</a>
      </p>
    </>
  );
}
