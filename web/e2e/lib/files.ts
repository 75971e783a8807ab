// Files for the attachment tests, made here: a real PNG (so ticketd's
// content detection says image/png and the browser can draw it), and the
// drop and paste gestures a person makes with files, which Playwright has no
// call for: a DataTransfer made in the page, handed to the events.

import { deflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A width x height RGB PNG: diagonal stripes in two colours, so a thumbnail shows something. */
export function stripedPng(width: number, height: number,
                           a: [number, number, number] = [29, 78, 216],
                           b: [number, number, number] = [251, 191, 36]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + 3 * width); // filter byte 0: none
    for (let x = 0; x < width; x++) {
      const [r, g, bl] = Math.floor((x + y) / 8) % 2 === 0 ? a : b;
      row[1 + 3 * x] = r;
      row[2 + 3 * x] = g;
      row[3 + 3 * x] = bl;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface PageFile {
  name: string;
  type: string;
  /** The content, base64 (it crosses into the page as a string). */
  base64: string;
}

export function pageFile(name: string, type: string, content: Buffer | string): PageFile {
  return { name, type, base64: Buffer.from(content).toString('base64') };
}

/** Files dragged from the desktop and dropped on `target`: dragenter, dragover, drop. */
export async function dropFiles(page: Page, target: Locator, files: PageFile[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list: PageFile[]) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await target.dispatchEvent(type, { dataTransfer });
  }
  await dataTransfer.dispose();
}

/** An image pasted into `target` (a screenshot from the clipboard: a file and no text). */
export async function pasteImage(target: Locator, file: PageFile): Promise<void> {
  await target.evaluate((el, f: PageFile) => {
    const dt = new DataTransfer();
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], f.name, { type: f.type }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, file);
}
