// The customer's tickets: key, subject (a link to the ticket), status in
// the customer's words, last update. On a phone the key moves under the
// subject (styles/tables.css), so four columns fit 375 px.

import type { TicketSummary } from "../api/types.js";
import { ticketPath } from "../router.js";
import { LocalTime } from "./LocalTime.js";
import { StatusTag } from "./StatusTag.js";

export function MyTicketsTable({ tickets }: { tickets: readonly TicketSummary[] }) {
  return (
    <div class="table-wrap">
      <table class="table my-tickets" aria-label="My tickets">
        <thead>
          <tr>
            <th scope="col" class="key">
              Key
            </th>
            <th scope="col">Subject</th>
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr key={t.id}>
              <td class="key">{t.key}</td>
              <td>
                <a href={ticketPath(t.key, true)}>{t.subject}</a>
                <span class="key key--inline">{t.key}</span>
              </td>
              <td>
                <StatusTag status={t.status} audience="customer" />
              </td>
              <td>
                <LocalTime iso={t.updated_at} short />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
