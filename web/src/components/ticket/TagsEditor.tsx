// A ticket's tags, edited in place: each tag a chip with its own remove
// button, and a field that adds what is typed (Enter or a comma). Typed tags
// are checked by ticketd's rules first (tags.ts); what ticketd still refuses
// (a 422 naming "tags.add[1]", say) is named next to the field too.

import { useState } from "preact/hooks";
import { useFocusAfterRemoval } from "../../hooks.js";

import type { Ticket } from "../../api/types.js";
import type { ShownError } from "../../errors.js";
import { planTagAdd, tagFieldError, TAG_RULE, type SentTags } from "../../tags.js";
import { TextField } from "../Field.js";
import type { Outcome } from "./useAgentTicket.js";

export const TAG_INPUT_ID = "tag-input";
export const TAG_INPUT_LABEL = "Add tags";

interface Props {
  ticket: Ticket;
  /** The screen's last refusal: its tag fields are shown here. */
  error: ShownError | null;
  changeTags(change: { add?: string[]; remove?: string[] }): Promise<Outcome>;
}

export function TagsEditor({ ticket, error, changeTags }: Props) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null); // the console's own check
  const [sent, setSent] = useState<SentTags>({ add: [], remove: [] });
  // After a removal: the next tag's button, or the field.
  const [list, removedAt] = useFocusAfterRemoval(TAG_INPUT_ID, ticket.tags.join(","));

  const add = async () => {
    const plan = planTagAdd(ticket.tags, text);
    if (!plan.ok) return setProblem(plan.message);
    setProblem(null);
    setSent({ add: plan.add, remove: [] });
    const outcome = await changeTags({ add: plan.add });
    if (outcome.ok) setText("");
  };

  const remove = async (tag: string, index: number) => {
    setProblem(null);
    setSent({ add: [], remove: [tag] });
    const outcome = await changeTags({ remove: [tag] });
    if (outcome.ok) removedAt(index);
  };

  const fieldError = problem ?? (error ? tagFieldError(error.fields, sent) : undefined);
  return (
    <section class="side-section" aria-labelledby="tags-heading">
      <h3 id="tags-heading">Tags</h3>
      {ticket.tags.length === 0 ? (
        <p class="side-section__empty">No tags yet.</p>
      ) : (
        <ul class="chips" aria-labelledby="tags-heading" ref={list}>
          {ticket.tags.map((tag, i) => (
            <li key={tag} class="chip">
              <span class="chip__text">{tag}</span>
              <button
                type="button"
                class="chip__remove"
                aria-label={`Remove tag ${tag}`}
                title={`Remove tag ${tag}`}
                onClick={() => void remove(tag, i)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="tags-add"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextField
          id={TAG_INPUT_ID}
          label={TAG_INPUT_LABEL}
          hint={`Enter or a comma adds; several at once too. A tag is ${TAG_RULE}.`}
          autocomplete="off"
          spellcheck={false}
          value={text}
          error={fieldError}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            // A comma ends a tag as Enter does (the form's submit).
            if (e.key === ",") {
              e.preventDefault();
              void add();
            }
          }}
        />
        <button type="submit" class="button">
          Add
        </button>
      </form>
    </section>
  );
}
