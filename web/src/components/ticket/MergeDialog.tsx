// "Merge into…": merges this ticket into another of its tenant
// (POST /admin/v1/tickets/{id}/merge, with If-Match), in a modal <dialog>.
// It says what a merge does before it is done, as ticketd does it: this
// ticket is closed and marked as merged (a closed ticket takes no further
// change); all its messages, internal notes too, are copied into the other
// ticket's conversation in time order; its tags, assignee, priority and
// escalation stay where they are. Then the console goes to the other ticket.
// Refusals (409: closed, another tenant; 422: no such ticket, itself) are
// shown in the dialog. Escape or "Cancel" closes it; the focus goes back to
// the button that opened it.

import { useEffect, useRef, useState } from "preact/hooks";

import type { Ticket, TicketSummary } from "../../api/types.js";
import { fieldErrors, type ShownError } from "../../errors.js";
import { setFlash } from "../../flash.js";
import { navigate, ticketPath } from "../../router.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { MergeTargetField, keyIn } from "./MergeTargetField.js";
import type { Outcome } from "./useAgentTicket.js";

export const TARGET_ID = "merge-target";
const TARGET_LABEL = "Ticket to merge into";

interface Props {
  ticket: Ticket;
  merge(into: string): Promise<Outcome>;
}

export function MergeDialog({ ticket, merge }: Props) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<TicketSummary | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const closed = () => {
    setOpen(false);
    setError(null);
    opener.current?.focus();
  };

  // What is sent: the suggestion taken, else a key as typed (another
  // tenant's too: ticketd says why not). Other words only search.
  const typed = text.trim();
  const target = picked?.key ?? keyIn(typed, ticket.tenant) ?? (/^[\w-]+-\d+$/.test(typed) ? typed : "");

  const submit = async () => {
    if (!target) {
      const why = typed ? "Choose one of the suggestions, or type a ticket's key" : "Name the ticket to merge into";
      return setError(fieldErrors({ into: why }));
    }
    setBusy(true);
    const outcome = await merge(target);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setFlash(`${ticket.key} was merged into this ticket: its messages are now part of this conversation.`);
    dialog.current?.close();
    navigate(ticketPath(outcome.ticket.key, false));
  };

  const otherRequester = picked !== null && picked.requester.email.toLowerCase() !== ticket.requester.email.toLowerCase();
  return (
    <section class="side-section" aria-labelledby="merge-heading">
      <h3 id="merge-heading">Merge</h3>
      {ticket.status === "closed" ? (
        <p class="side-section__empty">A closed ticket cannot be merged.</p>
      ) : (
        <button ref={opener} type="button" class="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
          Merge into…
        </button>
      )}
      <dialog ref={dialog} class="dialog dialog--wide" aria-labelledby="merge-dialog-heading" onClose={closed}>
        <h2 id="merge-dialog-heading">Merge {ticket.key} into another ticket</h2>
        <ErrorSummary error={error} fields={{ into: [TARGET_ID, TARGET_LABEL] }} />
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <MergeTargetField
            id={TARGET_ID}
            label={TARGET_LABEL}
            source={ticket}
            value={text}
            error={error?.fields["into"]}
            onInput={(value) => {
              setText(value);
              setPicked(null);
            }}
            onPick={(t) => {
              setText(t.key);
              setPicked(t);
            }}
          />
          {target && (
            <div class="merge-confirm">
              <h3>What merging does</h3>
              <ul>
                <li>
                  {ticket.key} is closed and marked as merged into {target}. A closed ticket takes no further
                  change: a merge cannot be undone.
                </li>
                <li>
                  All its messages ({ticket.messages.length}), internal notes too, are copied into {target}'s
                  conversation, in time order.
                </li>
                <li>
                  Its tags, assignee, priority and escalation stay on {ticket.key}; {target} keeps its own.
                </li>
                {otherRequester && (
                  <li class="merge-confirm__warning">
                    {target} has another requester ({picked.requester.email}): they will see this ticket's public
                    replies there.
                  </li>
                )}
              </ul>
            </div>
          )}
          <div class="actions">
            <button type="submit" class="button button--primary" disabled={busy}>
              {target ? `Merge ${ticket.key} into ${target}` : "Merge"}
            </button>
            <button type="button" class="button button--quiet" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
