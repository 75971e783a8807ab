// A held mail in the agent's thread: a reply by mail whose sender the trusted
// receiving server could not verify, kept as an internal note. It says who it
// claims to be from and why it was not believed; "Accept as <name>'s reply"
// posts its words and files as the requester's own reply (the customer then
// sees it, and it reopens the ticket as their reply would). Once accepted, it
// says so instead.

import { useState } from "preact/hooks";

import type { Message } from "../../api/types.js";

type Held = NonNullable<Message["held"]>;

interface Props {
  held: Held;
  /** Accepts the held mail; absent where the viewer cannot act (a closed ticket). */
  accept?: () => Promise<unknown>;
}

export function sender(held: Held): string {
  return held.name ? `${held.name} <${held.email}>` : held.email;
}

export function HeldMail({ held, accept }: Props) {
  const [busy, setBusy] = useState(false);
  const who = held.name || held.email;
  return (
    <div class="held">
      <p>
        <strong>Held mail.</strong> It claims to be from {sender(held)}, but the receiving mail server could not
        verify that ({held.reason}). It was not added as their reply: check with them before acting on it.
      </p>
      {held.accepted_as ? (
        <p class="held__done">Accepted as {who}'s reply.</p>
      ) : (
        accept && (
          <button
            type="button"
            class="button button--small"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await accept();
              } finally {
                setBusy(false);
              }
            }}
          >
            Accept as {who}'s reply
          </button>
        )
      )}
    </div>
  );
}
