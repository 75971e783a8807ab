// Reads that see the console's own changes: after a command, the read views
// may be a moment behind the log. min_position (the highest X-Log-Position
// this client has seen) makes ticketd answer once they have caught up.

import { api } from "./client.js";

export function ownWrites(): { min_position?: number } {
  const position = api.logPosition();
  return position > 0 ? { min_position: position } : {};
}
