// "Rate this help": 1 to 5 and an optional comment, once a ticket is
// resolved or closed (POST /v1/tickets/{id}/satisfaction).

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Ticket } from "../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { FieldError, TextArea } from "./Field.js";

export function RatingForm({ ticket, onRated }: { ticket: Ticket; onRated: (ticket: Ticket) => void }) {
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (rating === null) return setError(fieldErrors({ rating: "Choose a rating from 1 to 5" }));
    setBusy(true);
    try {
      const { data } = await api.POST("/v1/tickets/{id}/satisfaction", {
        params: { path: { id: ticket.id } },
        body: comment.trim() ? { rating, comment: comment.trim() } : { rating },
      });
      if (data) onRated(data);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  const ratingError = error?.fields["rating"];
  return (
    <form class="form rating" noValidate onSubmit={submit}>
      <ErrorSummary
        error={error}
        fields={{ rating: ["rating-1", "Rating"], comment: ["rating-comment", "Comment"] }}
      />
      <fieldset
        class={ratingError ? "field field--error" : "field"}
        aria-describedby={["rating-hint", ratingError ? "rating-error" : ""].filter(Boolean).join(" ")}
      >
        <legend>Rate this help</legend>
        <p class="field__hint" id="rating-hint">
          1 is poor, 5 is excellent.
        </p>
        <FieldError id="rating-error" error={ratingError} />
        <div class="radios">
          {[1, 2, 3, 4, 5].map((n) => (
            <div class="radio" key={n}>
              <input
                type="radio"
                id={`rating-${n}`}
                name="rating"
                value={String(n)}
                checked={rating === n}
                onChange={() => setRating(n)}
              />
              <label for={`rating-${n}`}>{n}</label>
            </div>
          ))}
        </div>
        <TextArea
          id="rating-comment"
          label="Comment"
          hint="Optional: what went well, or what we could do better."
          rows={3}
          value={comment}
          error={error?.fields["comment"]}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Send rating
          </button>
        </div>
      </fieldset>
    </form>
  );
}
