// A message body as people write it ("Markdown-ish"), read into a tree of
// blocks: the grammar of ticketd's mail (api/notifications/mail_markup.cc,
// markup_html), so the console and the mail show the same structure.
// Blank lines separate paragraphs, a single newline is a line break, lines
// starting "- " or "* " make a bulleted list and "1. " a numbered one,
// "> " lines a quote whose inside is read the same way (3 levels at most),
// and http:// and https:// URLs become links (no other scheme). Pure: the
// tree holds the text as typed, and components/MessageBody.tsx makes
// elements of it (never HTML). tests/markup/cases.json holds both renderers
// to the same answers.

/** Words within a block: text as typed, a link, or a line break. */
export type Inline = { type: "text"; text: string } | { type: "link"; url: string } | { type: "br" };

export type Block =
  | { type: "paragraph"; content: Inline[] }
  | { type: "list"; ordered: false; items: Inline[][] }
  /** `start` when the first item's number is not "1" (leading zeros dropped). */
  | { type: "list"; ordered: true; start: number | null; items: Inline[][] }
  | { type: "quote"; blocks: Block[] };

export const MAX_QUOTE_DEPTH = 3;

type Kind = "blank" | "text" | "bullet" | "numbered" | "quote";

interface Line {
  kind: Kind;
  /** The words after the marker (a text line: all of it). */
  rest: string;
  /** A numbered item's digits as typed. */
  number: string;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** ASCII letters and digits only, as C's isalnum in the "C" locale. */
function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function classify(line: string): Line {
  let first = 0;
  while (first < line.length && (line[first] === " " || line[first] === "\t")) ++first;
  if (first === line.length) return { kind: "blank", rest: "", number: "" };
  if (line.startsWith("> ") || line === ">") {
    return { kind: "quote", rest: line.slice(line.length > 1 ? 2 : 1), number: "" };
  }
  if (line.startsWith(">>")) return { kind: "quote", rest: line.slice(1), number: "" };
  if (line.startsWith("- ") || line.startsWith("* ")) {
    return { kind: "bullet", rest: line.slice(2), number: "" };
  }
  let digits = 0;
  while (digits < line.length && digits < 9 && isDigit(line.charCodeAt(digits))) ++digits;
  if (digits > 0 && line.startsWith(". ", digits)) {
    return { kind: "numbered", rest: line.slice(digits + 2), number: line.slice(0, digits) };
  }
  return { kind: "text", rest: line, number: "" };
}

/** The lines of `text`: CRLF and a lone CR are newlines too. */
function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, "\n").split("\n");
}

/** Whether `s` has `prefix` (lower case ASCII) at `at`, ignoring ASCII case. */
function startsWithCaseless(s: string, at: number, prefix: string): boolean {
  if (s.length - at < prefix.length) return false;
  for (let k = 0; k < prefix.length; ++k) {
    let c = s.charCodeAt(at + k);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

/** Unicode's white space beyond ASCII: no-break, typographic and ideographic spaces. */
function isUnicodeSpace(c: number): boolean {
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** . , ; : ! ? and their ideographic and full-width forms. */
const TRAILING_PUNCTUATION = ".,;:!?\u3002\u3001\uff0e\uff0c\uff1b\uff1a\uff01\uff1f";

/**
 * How long the URL starting at `at` in `s` is (0: no URL there): http:// or
 * https:// and at least one character, up to white space (ASCII or Unicode)
 * or a character that cannot be in a bare URL, without trailing punctuation
 * (ASCII or wide) or an unbalanced closing bracket.
 */
function urlLength(s: string, at: number): number {
  let scheme: number;
  if (startsWithCaseless(s, at, "https://")) scheme = 8;
  else if (startsWithCaseless(s, at, "http://")) scheme = 7;
  else return 0;
  let end = scheme;
  while (at + end < s.length) {
    const c = s.charCodeAt(at + end);
    // white space and control characters, < > " ' `
    const stop = c <= 0x20 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27 || c === 0x60;
    if (stop || isUnicodeSpace(c)) break;
    ++end;
  }
  while (end > scheme) {
    const c = s[at + end - 1]!;
    if (TRAILING_PUNCTUATION.includes(c)) {
      --end;
      continue;
    }
    if (c === ")" || c === "]") {
      const open = c === ")" ? "(" : "[";
      let opens = 0;
      let closes = 0;
      for (let k = at; k < at + end; ++k) {
        if (s[k] === open) ++opens;
        else if (s[k] === c) ++closes;
      }
      if (closes > opens) {
        --end;
        continue;
      }
    }
    break;
  }
  return end > scheme ? end : 0;
}

/** One line's words: text, and URLs as links. */
function inlineInto(out: Inline[], s: string): void {
  let plain = 0;
  for (let i = 0; i < s.length; ++i) {
    if (s[i] !== "h" && s[i] !== "H") continue;
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) continue;
    const n = urlLength(s, i);
    if (n === 0) continue;
    if (i > plain) out.push({ type: "text", text: s.slice(plain, i) });
    out.push({ type: "link", url: s.slice(i, i + n) });
    i += n - 1;
    plain = i + 1;
  }
  if (plain < s.length) out.push({ type: "text", text: s.slice(plain) });
}

function parseLines(lines: readonly string[], depth: number): Block[] {
  const blocks: Block[] = [];
  const kinds = lines.map(classify);
  let i = 0;
  while (i < lines.length) {
    const line = kinds[i]!;
    if (line.kind === "blank") {
      ++i;
      continue;
    }
    if (line.kind === "quote" && depth < MAX_QUOTE_DEPTH) {
      const inside: string[] = [];
      while (i < lines.length && kinds[i]!.kind === "quote") inside.push(kinds[i++]!.rest);
      blocks.push({ type: "quote", blocks: parseLines(inside, depth + 1) });
      continue;
    }
    if (line.kind === "bullet" || line.kind === "numbered") {
      const items: Inline[][] = [];
      while (i < lines.length && kinds[i]!.kind === line.kind) {
        const item: Inline[] = [];
        inlineInto(item, kinds[i]!.rest);
        ++i;
        // Indented lines below an item continue it.
        while (i < lines.length && kinds[i]!.kind === "text" && /^[ \t]/.test(lines[i]!)) {
          item.push({ type: "br" });
          inlineInto(item, lines[i]!.replace(/^[ \t]+/, ""));
          ++i;
        }
        items.push(item);
      }
      if (line.kind === "bullet") {
        blocks.push({ type: "list", ordered: false, items });
      } else {
        blocks.push({ type: "list", ordered: true, start: line.number === "1" ? null : Number(line.number), items });
      }
      continue;
    }
    // A paragraph: text lines up to a blank line or another kind of block
    // (a quote too deep to nest is shown as text).
    const content: Inline[] = [];
    let first = true;
    while (i < lines.length) {
      const kind = kinds[i]!.kind;
      if (kind !== "text" && !(kind === "quote" && depth >= MAX_QUOTE_DEPTH)) break;
      if (!first) content.push({ type: "br" });
      inlineInto(content, lines[i]!);
      first = false;
      ++i;
    }
    blocks.push({ type: "paragraph", content });
  }
  return blocks;
}

/** `text` (a message body as typed, LF or CRLF) as blocks; "" has none. */
export function parseMarkup(text: string): Block[] {
  return parseLines(splitLines(text), 0);
}

/** Whether `url` may be a link's href: http or https only. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
