// Small hooks the screens share.

import { useEffect, useState } from "preact/hooks";

/** The time now (ms since the epoch), renewed every `ms`: countdowns stay true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The tab's title: "<page> · ticketd". */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · ticketd` : "ticketd";
  }, [title]);
}

/** A random Idempotency-Key, renewed with `renew` once its request succeeded. */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(newKey);
  return [key, () => setKey(newKey())];
}

function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
