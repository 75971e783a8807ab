// A polite message (role="status"): something worked, or a hint.

import type { ComponentChildren } from "preact";

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}
