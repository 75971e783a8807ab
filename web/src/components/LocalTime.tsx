// An instant in the viewer's own zone, with the full instant on hover.
// `short` (lists): only as much as tells it apart from today.

import { formatDateTime, formatInstant, formatShortDateTime } from "../format.js";

export function LocalTime({ iso, short = false }: { iso: string; short?: boolean }) {
  return (
    <time dateTime={iso} title={formatInstant(iso)}>
      {short ? formatShortDateTime(iso, Date.now()) : formatDateTime(iso)}
    </time>
  );
}
