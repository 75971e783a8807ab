// "Download CSV" for one table: the file is made in the browser from the
// figures already on the page (a Blob, an object URL and a link with
// `download`), so it needs no request and nothing the CSP refuses.

import { saveBlob } from "../../download.js";

/** A byte order mark first: spreadsheets then read the file as UTF-8. */
const BOM = "\uFEFF";

export function downloadCsv(fileName: string, csv: string): void {
  saveBlob(new Blob([BOM, csv], { type: "text/csv;charset=utf-8" }), fileName);
}

interface Props {
  /** What the table is, for the button's accessible name ("Download CSV of tickets per day"). */
  what: string;
  fileName: string;
  /** Made when pressed. */
  csv: () => string;
}

export function CsvButton({ what, fileName, csv }: Props) {
  return (
    <button type="button" class="button button--quiet csv-button" onClick={() => downloadCsv(fileName, csv())}>
      Download CSV<span class="visually-hidden"> of {what}</span>
    </button>
  );
}
