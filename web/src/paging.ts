// A list read a page at a time (the API's cursor): the first page when the
// filters change, the next one on "Load more", and a refresh that reads
// again, in one request, as many items as are shown. One request at a time:
// a newer one makes the answer of an older one be ignored.

import { useEffect, useRef, useState } from "preact/hooks";

import { describeSignedInError, type ShownError } from "./errors.js";

export const PAGE_SIZE = 50;
const MAX_PAGE = 500; // the API's largest page

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type FetchPage<T> = (page: { cursor?: string; limit?: number }) => Promise<Page<T>>;

export interface PagedList<T> {
  items: T[];
  /** A next page exists. */
  more: boolean;
  /** null when idle; "first" while the list is (re)built from nothing. */
  loading: "first" | "more" | "refresh" | null;
  error: ShownError | null;
  loadMore(): void;
  refresh(): void;
}

/** `fetchPage` reads one page; `key` names the filters (a change starts over). */
export function usePagedList<T>(fetchPage: FetchPage<T>, key: string): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState<PagedList<T>["loading"]>("first");
  const [error, setError] = useState<ShownError | null>(null);
  const latest = useRef(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;
  const shown = useRef(0);
  shown.current = items.length;

  const run = (kind: "first" | "more" | "refresh", page: { cursor?: string; limit?: number }) => {
    const id = ++latest.current;
    setLoading(kind);
    fetcher
      .current(page)
      .then((answer) => {
        if (id !== latest.current) return;
        setItems((before) => (kind === "more" ? [...before, ...answer.items] : answer.items));
        setNext(answer.next_cursor);
        setError(null);
      })
      .catch((e: unknown) => {
        if (id === latest.current) setError(describeSignedInError(e));
      })
      .finally(() => {
        if (id === latest.current) setLoading(null);
      });
  };

  useEffect(() => {
    setItems([]);
    setNext(null);
    run("first", {});
  }, [key]);

  return {
    items,
    more: next !== null,
    loading,
    error,
    loadMore() {
      if (next !== null && loading === null) run("more", { cursor: next });
    },
    refresh() {
      if (loading === "first" || loading === "more") return;
      run("refresh", { limit: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown.current)) });
    },
  };
}
