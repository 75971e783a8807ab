// A ticket's escalation: the level it is at, and "Escalate", which takes it
// one level up. ticketd wants a reason for each step (1 to 500 characters,
// not blank; it is kept in the ticket's history), so the button opens a
// small form for it first. Escape or "Cancel" closes the form and gives the
// focus back to the button.

import { useEffect, useRef, useState } from "preact/hooks";

import type { Ticket } from "../../api/types.js";
import type { ShownError } from "../../errors.js";
import { TextArea } from "../Field.js";
import { Notice } from "../Notice.js";
import type { Outcome } from "./useAgentTicket.js";

export const REASON_ID = "escalate-reason";
export const REASON_LABEL = "Reason for escalating";
const MAX_REASON = 500; // code points, as ticketd counts them

interface Props {
  ticket: Ticket;
  /** The screen's last refusal: its `reason` is shown next to the field. */
  error: ShownError | null;
  /** Opens the form and puts the focus in it (the `e` shortcut); bumped to ask again. */
  openRequest: number;
  escalate(reason: string): Promise<Outcome>;
}

export function levelWords(level: number): string {
  return level === 0 ? "Not escalated" : `Level ${level}`;
}

export function EscalateButton({ ticket, error, openRequest, escalate }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const next = ticket.escalation_level + 1;

  const show = () => {
    if (ticket.status === "closed") return; // ticketd refuses every change to a closed ticket
    setOpen(true);
    setDone(null);
    // Once the form is there.
    setTimeout(() => document.getElementById(REASON_ID)?.focus(), 0);
  };
  useEffect(() => {
    if (openRequest > 0) show();
  }, [openRequest]);

  const close = () => {
    setOpen(false);
    setProblem(null);
    button.current?.focus();
  };

  const submit = async () => {
    const length = [...reason.trim()].length;
    if (length === 0) return setProblem("Give a reason for escalating");
    if ([...reason].length > MAX_REASON) return setProblem(`At most ${MAX_REASON} characters`);
    setProblem(null);
    const outcome = await escalate(reason);
    if (outcome.ok) {
      setDone(outcome.ticket.escalation_level);
      setReason("");
      setOpen(false);
      button.current?.focus();
    }
  };

  return (
    <section class="side-section" aria-labelledby="escalation-heading">
      <h3 id="escalation-heading">Escalation</h3>
      <p class="escalation">
        <span id="escalation-level" class={ticket.escalation_level > 0 ? "tag tag--escalated" : "escalation__none"}>
          {levelWords(ticket.escalation_level)}
        </span>
        {ticket.status !== "closed" && (
          <button
            ref={button}
            type="button"
            class="button"
            aria-expanded={open}
            aria-controls="escalate-form"
            aria-describedby="escalation-level"
            onClick={() => (open ? close() : show())}
          >
            Escalate
          </button>
        )}
      </p>
      {done !== null && <Notice>Escalated to level {done}.</Notice>}
      {open && (
        <form
          id="escalate-form"
          class="escalate-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              close();
            }
          }}
        >
          <TextArea
            id={REASON_ID}
            label={REASON_LABEL}
            hint={`Takes the ticket to level ${next}. The reason is kept in its history.`}
            rows={3}
            value={reason}
            error={problem ?? error?.fields["reason"]}
            onInput={(e) => {
              setReason(e.currentTarget.value);
              setProblem(null);
            }}
          />
          <div class="actions">
            <button type="submit" class="button button--primary">
              Escalate to level {next}
            </button>
            <button type="button" class="button button--quiet" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
