// A message for the next screen ("Your reply opened a follow-up ticket"):
// set just before navigating, shown once by the screen that comes next.

let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

/** The message, once: the next call answers null. */
export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
