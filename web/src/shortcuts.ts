// Keyboard shortcuts of the staff screens: single keys ("j", "?") and
// two-key sequences ("g q"). They never fire while the person is typing in a
// field or holds Ctrl, Alt or Meta, so they cannot steal a keystroke.

import { useEffect, useRef } from "preact/hooks";

/** Every shortcut, as the "Keyboard shortcuts" dialog lists them. */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: "j", does: "Next ticket in the queue" },
  { keys: "k", does: "Previous ticket in the queue" },
  { keys: "Enter", does: "Open the selected ticket" },
  { keys: "r", does: "Write a reply" },
  { keys: "n", does: "Write an internal note" },
  { keys: "a", does: "Assign the ticket to me" },
  { keys: "s", does: "Change the ticket's status" },
  { keys: "t", does: "Add tags to the ticket" },
  { keys: "e", does: "Escalate the ticket (asks for a reason)" },
  { keys: "h", does: "Show the ticket's history" },
  { keys: "g q", does: "Go to the queue" },
  { keys: "?", does: "Show these shortcuts" },
];

/** How long the second key of a sequence may wait for. */
export const SEQUENCE_MS = 1500;

/**
 * Matches keys against bindings such as "j" or "g q". `press` answers the
 * binding a key completes, or null: a key that starts a sequence waits for
 * the next one (at most SEQUENCE_MS), a key that completes nothing is dropped.
 */
export function keySequenceMatcher(bindings: readonly string[], sequenceMs = SEQUENCE_MS) {
  const sequences = bindings.map((b) => b.split(" "));
  let pending: string[] = [];
  let pendingSince = 0;
  return {
    press(key: string, now: number): string | null {
      if (pending.length > 0 && now - pendingSince > sequenceMs) pending = [];
      for (const attempt of pending.length > 0 ? [[...pending, key], [key]] : [[key]]) {
        const complete = sequences.find((s) => s.length === attempt.length && s.every((k, i) => k === attempt[i]));
        if (complete) {
          pending = [];
          return complete.join(" ");
        }
        const started = sequences.some((s) => s.length > attempt.length && attempt.every((k, i) => s[i] === k));
        if (started) {
          pending = attempt;
          pendingSince = now;
          return null;
        }
      }
      pending = [];
      return null;
    },
  };
}

/** Whether keys typed at `target` are text (or a choice) the person is entering. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof Element === "undefined" || !(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "submit", "reset", "checkbox", "radio"].includes(type);
}

/**
 * Runs `bindings[key]` for the shortcuts pressed while the component is
 * shown. A handler that returns false lets the key do what it would
 * otherwise (Enter on a focused link, say).
 */
export function useShortcuts(bindings: Record<string, () => boolean | void>): void {
  const current = useRef(bindings);
  current.current = bindings;
  const keys = Object.keys(bindings).sort().join(",");
  useEffect(() => {
    const matcher = keySequenceMatcher(keys.split(","));
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (isTypingTarget(event.target) || document.querySelector("dialog[open]")) return;
      const binding = matcher.press(event.key, event.timeStamp);
      const handler = binding === null ? undefined : current.current[binding];
      if (handler && handler() !== false) event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [keys]);
}
