// The list of keyboard shortcuts ("?"), in a modal <dialog>: Escape or
// "Close" ends it, and focus goes back where it was.

import { useEffect, useRef } from "preact/hooks";

import { SHORTCUTS } from "../shortcuts.js";

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="shortcuts-heading" onClose={onClose}>
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <p class="field__hint">Not while typing in a field.</p>
      <dl class="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.keys}>
            <dt>
              {s.keys.split(" ").map((k, i) => (
                <span key={i}>
                  {i > 0 && " then "}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <button type="button" class="button" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
