// "Are you sure?" before something that cannot be undone (revoking a token,
// signing out everywhere, deleting a webhook): a modal <dialog>, so the
// keyboard stays in it, Escape or "Cancel" backs out and the focus goes back
// to the button that opened it. The webhook screens use it too.

import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

interface Props {
  /** null: closed. Otherwise the question, as the dialog's heading. */
  title: string | null;
  children?: ComponentChildren;
  /** The confirming button's words: "Revoke token". */
  confirm: string;
  /** A destructive action gets the danger colour. */
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirm, danger = true, busy = false, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (title !== null && !d.open) d.showModal();
    if (title === null && d.open) d.close();
  }, [title]);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="confirm-heading" onClose={onCancel}>
      {title !== null && (
        <>
          <h2 id="confirm-heading">{title}</h2>
          {children}
          <div class="actions">
            <button
              type="button"
              class={danger ? "button button--danger" : "button button--primary"}
              disabled={busy}
              onClick={onConfirm}
            >
              {confirm}
            </button>
            {/* The safe choice has the focus: Enter alone does not confirm. */}
            <button type="button" class="button button--quiet" autofocus onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
