// Which events a new webhook gets: every one ("*"), or those ticked, as
// checkboxes grouped like the event types themselves (tickets, SLA,
// accounts, ...). Types ticketd never sends to a webhook are not offered.

import type { EventType } from "../../api/types.js";
import { eventGroups } from "./rules.js";
import { FieldError } from "../Field.js";

const GROUPS = eventGroups();

interface Props {
  every: boolean;
  chosen: ReadonlySet<EventType>;
  error?: string | undefined;
  onEvery: (every: boolean) => void;
  onToggle: (type: EventType, on: boolean) => void;
}

export function EventPicker({ every, chosen, error, onEvery, onToggle }: Props) {
  return (
    <fieldset class={error ? "field field--error" : "field"} aria-describedby={error ? "webhook-events-error" : undefined}>
      <legend id="webhook-events">Events</legend>
      <FieldError id="webhook-events-error" error={error} />
      <div class="event-choice">
        <input
          type="radio"
          id="webhook-events-every"
          name="webhook-events"
          checked={every}
          onChange={() => onEvery(true)}
        />
        <label for="webhook-events-every">Every event</label>
        <p class="field__hint">Tickets, SLA, tenants, accounts and sign-ins; API token events only when chosen.</p>
      </div>
      <div class="event-choice">
        <input
          type="radio"
          id="webhook-events-some"
          name="webhook-events"
          checked={!every}
          onChange={() => onEvery(false)}
        />
        <label for="webhook-events-some">Only the events I choose</label>
      </div>
      {!every && (
        <div class="event-groups">
          {GROUPS.map(({ group, types }) => (
            <fieldset key={group} class="event-group">
              <legend>{group}</legend>
              <ul>
                {types.map((type) => (
                  <li key={type} class="event-check">
                    <input
                      type="checkbox"
                      id={`event-${type}`}
                      checked={chosen.has(type)}
                      onChange={(e) => onToggle(type, e.currentTarget.checked)}
                    />
                    <label for={`event-${type}`}>{type}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
        </div>
      )}
    </fieldset>
  );
}
