// Replaces the current entry of the history with `to` (no screen of its own).

import { useEffect } from "preact/hooks";

import { navigate } from "../router.js";

export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
