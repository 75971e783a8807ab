// A hash in a table or a list of facts: its first digits to tell it apart,
// and the whole value one keypress away in a <details> (a title attribute
// would reach neither a keyboard nor a touch screen), where it can be
// selected and copied.

import { shortHash } from "../../audit.js";

interface Props {
  hash: string;
  /** What it is the hash of, for a screen reader: "position 42". */
  of?: string | undefined;
}

export function HashValue({ hash, of }: Props) {
  return (
    <details class="hash">
      <summary>
        <code>{shortHash(hash)}</code>
        <span class="visually-hidden">: show the whole hash{of ? ` of ${of}` : ""}</span>
      </summary>
      <code class="hash__full">{hash}</code>
    </details>
  );
}
