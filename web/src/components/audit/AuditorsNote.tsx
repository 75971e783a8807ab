// For auditors: what the two checks on this page prove and what they do not,
// and how to check a checkpoint without trusting this server (README.md,
// "For auditors").

import { PUBLIC_KEY_FILE } from "./SigningKey.js";

export function AuditorsNote() {
  return (
    <div class="reading auditors-note">
      <p>
        Every record in ticketd's log carries a hash of itself and of the record before it, so each hash commits to
        the whole history up to it. <strong>Verifying the log</strong> walks every record from position 1 and
        recomputes that chain (and the indexes): it finds an edited byte, a record deleted, inserted or moved.
      </p>
      <p>
        A forger who rewrites history and then recomputes every hash after it would still pass that walk. That is what
        the <strong>signed checkpoints</strong> are for: from time to time ticketd signs the position and hash of the
        newest record with its private key. If the log at a checkpoint's position no longer has the signed hash,
        history before it was rewritten or lost. A checkpoint proves nothing about records written after it: use a
        newer one.
      </p>
      <p>
        This page is what the running server reports about itself. To check without trusting it, copy a checkpoint
        file (<code>DATA/checkpoints/POSITION.json</code>) and the public key somewhere the operators cannot write,
        then, on a copy of the data directory:
      </p>
      <pre class="command">
        <code>ticketctl --data ./copy verify --checkpoint FILE --public-key {PUBLIC_KEY_FILE}</code>
      </pre>
      <p>
        It checks the signature and recomputes the chain from position 1 to the checkpoint, and exits 0 when both
        hold, 1 when anything is wrong.
      </p>
    </div>
  );
}
