// A ticket's status in words, coloured by kind (the words carry the meaning).

import type { TicketStatus } from "../api/types.js";
import { statusWord, type Audience } from "../format.js";

export function StatusTag({ status, audience }: { status: TicketStatus; audience: Audience }) {
  return <span class={`tag status--${status}`}>{statusWord(status, audience)}</span>;
}
