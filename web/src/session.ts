// Who is signed in. A person signs in with a password or a link and holds
// the HttpOnly session cookie (the console never sees it); the bootstrap
// admin, or anyone with an API token, signs in with the token, which is kept
// for this tab only (sessionStorage) and sent as a bearer token.
//
// GET /auth/me says who the credential is. It is asked only when there may
// be one (a token in this tab, or a sign-in remembered in localStorage), so
// a signed-out visit makes no request that fails.

import { useEffect, useState } from "preact/hooks";

import { ApiProblem, api } from "./api/client.js";
import type { Me } from "./api/types.js";

export type Session =
  | { state: "loading" }
  /** `byUser`: the person signed out (rather than never having signed in, or expiring). */
  | { state: "signed-out"; byUser?: boolean }
  | { state: "signed-in"; me: Me; viaToken: boolean };

const TOKEN_KEY = "ticketd.token";
const COOKIE_HINT_KEY = "ticketd.signed-in";

let session: Session = { state: "loading" };
const listeners = new Set<() => void>();

function set(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

export function currentSession(): Session {
  return session;
}

export function useSession(): Session {
  const [value, setValue] = useState(session);
  useEffect(() => {
    const update = () => setValue(session);
    listeners.add(update);
    update();
    return () => {
      listeners.delete(update);
    };
  }, []);
  return value;
}

function storage(kind: "local" | "session"): Storage | null {
  try {
    return kind === "local" ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // storage disabled
  }
}

/** At start: who the tab's token or session cookie is, if any. */
export async function restoreSession(): Promise<void> {
  const token = storage("session")?.getItem(TOKEN_KEY) ?? null;
  if (token) api.setBearerToken(token);
  if (!token && storage("local")?.getItem(COOKIE_HINT_KEY) !== "1") {
    set({ state: "signed-out" });
    return;
  }
  try {
    await refreshSession();
  } catch (e) {
    // 401: the token or the session is over. Anything else (ticketd not
    // reachable, say) keeps the token for the next attempt.
    if (e instanceof ApiProblem && e.status === 401) forget();
    else set({ state: "signed-out" });
  }
}

/** Asks GET /auth/me again (after a sign-in, say); rejects when it fails. */
export async function refreshSession(): Promise<Me> {
  const { data } = await api.GET("/auth/me");
  if (!data) throw new Error("GET /auth/me answered no body");
  const viaToken = api.bearerToken() !== null;
  if (!viaToken) storage("local")?.setItem(COOKIE_HINT_KEY, "1");
  set({ state: "signed-in", me: data, viaToken });
  return data;
}

/** Signs in with an API token: kept for this tab if ticketd knows it. */
export async function signInWithToken(token: string): Promise<Me> {
  api.setBearerToken(token);
  try {
    const me = await refreshSession();
    storage("session")?.setItem(TOKEN_KEY, token);
    return me;
  } catch (e) {
    api.setBearerToken(null);
    throw e;
  }
}

/** Ends the session (or forgets the token) and shows the sign-in page. */
export async function signOut(): Promise<void> {
  try {
    if (api.bearerToken() === null) await api.POST("/auth/sign-out");
  } catch (e) {
    // Already over on the server (401): signed out all the same.
    if (!(e instanceof ApiProblem && e.status === 401)) throw e;
  } finally {
    forget(true);
  }
}

/** A call answered 401: the session ended (expired, revoked) or the token did. */
export function sessionEnded(): void {
  forget();
}

function forget(byUser = false): void {
  api.setBearerToken(null);
  api.setCsrfToken(null);
  storage("session")?.removeItem(TOKEN_KEY);
  storage("local")?.removeItem(COOKIE_HINT_KEY);
  set({ state: "signed-out", byUser });
}
