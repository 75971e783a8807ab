// A ticket's properties as an agent changes them: each change is a command
// of its own (status, priority, category, assignment), sent at once. The
// assignee is typed, taken ("Assign to me") or picked from the agents'
// workload (ticket/WorkloadPicker.tsx).

import { useEffect, useState } from "preact/hooks";

import { CATEGORIES, PRIORITIES, TICKET_STATUSES, isOneOf } from "../api/enums.js";
import type { Category, Me, Priority, Ticket, TicketStatus } from "../api/types.js";
import type { ShownError } from "../errors.js";
import { categoryWord, priorityWord, statusWord } from "../format.js";
import { SelectField, TextField } from "./Field.js";
import { WorkloadPicker } from "./ticket/WorkloadPicker.js";

export const STATUS_ID = "prop-status";

const STATUS_OPTIONS = TICKET_STATUSES.map((s) => ({ value: s, label: statusWord(s, "staff") }));
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: priorityWord(p) }));
const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: categoryWord(c) }));

export interface PropertyChanges {
  status(status: TicketStatus): void;
  priority(priority: Priority): void;
  category(category: Category): void;
  /** null unassigns. */
  assign(assignee: string | null): void;
  assignToMe(): void;
}

interface Props {
  ticket: Ticket;
  me: Me;
  error: ShownError | null;
  change: PropertyChanges;
}

// The controls stay enabled while a command runs (disabling one would take
// the keyboard focus away from it); the screen runs one command at a time.
export function TicketProperties({ ticket, me, error, change }: Props) {
  const [assignee, setAssignee] = useState(ticket.assignee ?? "");
  useEffect(() => setAssignee(ticket.assignee ?? ""), [ticket.assignee]);
  const commitAssignee = () => {
    const wanted = assignee.trim() || null;
    if (wanted !== ticket.assignee) change.assign(wanted);
  };
  return (
    <form
      class="properties"
      onSubmit={(e) => {
        e.preventDefault();
        commitAssignee();
      }}
    >
      <SelectField
        id={STATUS_ID}
        label="Status"
        options={STATUS_OPTIONS}
        value={ticket.status}
        error={error?.fields["status"]}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isOneOf(TICKET_STATUSES, v) && v !== ticket.status) change.status(v);
        }}
      />
      <SelectField
        id="prop-priority"
        label="Priority"
        options={PRIORITY_OPTIONS}
        value={ticket.priority}
        error={error?.fields["priority"]}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isOneOf(PRIORITIES, v) && v !== ticket.priority) change.priority(v);
        }}
      />
      <SelectField
        id="prop-category"
        label="Category"
        options={CATEGORY_OPTIONS}
        value={ticket.category}
        error={error?.fields["category"]}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isOneOf(CATEGORIES, v) && v !== ticket.category) change.category(v);
        }}
      />
      <div class="assignee">
        <TextField
          id="prop-assignee"
          label="Assignee"
          hint="An agent's id; empty for nobody. Enter applies."
          spellcheck={false}
          autocomplete="off"
          value={assignee}
          error={error?.fields["assignee"]}
          onInput={(e) => setAssignee(e.currentTarget.value)}
          onChange={commitAssignee}
        />
        <button type="button" class="button" onClick={change.assignToMe}>
          Assign to me
        </button>
        <WorkloadPicker ticket={ticket} me={me} assign={(agent) => change.assign(agent)} />
      </div>
    </form>
  );
}
