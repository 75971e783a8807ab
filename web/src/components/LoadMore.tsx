// "Load more" under a list read a page at a time (paging.ts): there while
// the API has a next page, off while a page is being read.

import type { PagedList } from "../paging.js";

export function LoadMore({ list }: { list: Pick<PagedList<unknown>, "more" | "loading" | "loadMore"> }) {
  if (!list.more) return null;
  return (
    <div class="actions">
      <button type="button" class="button" disabled={list.loading !== null} onClick={list.loadMore}>
        Load more
      </button>
    </div>
  );
}
