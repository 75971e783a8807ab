// Small hooks the screens share.

import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

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

/**
 * Keyboard focus for a list of removable items (chips with a remove button):
 * after a removal the pressed button is gone, so once the list shows the
 * change (`shown` changes) the focus goes to the button now at the removed
 * item's place, else to the element `fallbackId` (the field that adds).
 * Returns the list's ref and what to call with the removed item's index.
 */
export function useFocusAfterRemoval(
  fallbackId: string,
  shown: unknown,
): [RefObject<HTMLUListElement>, (index: number) => void] {
  const list = useRef<HTMLUListElement>(null);
  const removed = useRef<number | null>(null);
  useEffect(() => {
    const index = removed.current;
    if (index === null) return;
    removed.current = null;
    const buttons = list.current?.querySelectorAll("button");
    const next = buttons && buttons.length > 0 ? buttons[Math.min(index, buttons.length - 1)] : undefined;
    (next ?? document.getElementById(fallbackId))?.focus();
  }, [shown]);
  return [list, (index: number) => (removed.current = index)];
}
