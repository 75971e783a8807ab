// A ticket's tags as an agent types them ("billing, VIP urgent"): split,
// lowered and checked by ticketd's own rules (domain/validation.h: A-Z are
// lowered, then 1 to 64 characters from a-z, 0-9, _ and -; at most 50 tags
// on a ticket), so a mistake is named before anything is sent. Pure.

export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS_PER_TICKET = 50;
/** The rule in words, as ticketd words its 422. */
export const TAG_RULE = `1 to ${MAX_TAG_LENGTH} characters from a-z, 0-9, _ and -`;

const TAG = new RegExp(`^[a-z0-9_-]{1,${MAX_TAG_LENGTH}}$`);

/** The tag ticketd would store for `raw`: only A-Z are lowered, as ticketd does. */
export function normaliseTag(raw: string): string {
  return raw.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export interface ParsedTags {
  /** Valid tags, normalised, each once, in the order typed. */
  tags: string[];
  /** What was typed where a tag should be and is not one (as typed). */
  invalid: string[];
}

/**
 * Splits typed text at commas and white space (no tag can hold either, so
 * "a, b c" is three tags), normalises each piece and sorts out the bad ones.
 */
export function parseTagInput(text: string): ParsedTags {
  const tags: string[] = [];
  const invalid: string[] = [];
  for (const piece of text.split(/[\s,]+/)) {
    if (piece === "") continue;
    const tag = normaliseTag(piece);
    if (!isValidTag(tag)) {
      if (!invalid.includes(piece)) invalid.push(piece);
    } else if (!tags.includes(tag)) {
      tags.push(tag);
    }
  }
  return { tags, invalid };
}

export type TagPlan = { ok: true; add: string[] } | { ok: false; message: string };

/** What to send to add the typed `text` to a ticket that has `current`, or why nothing can be. */
export function planTagAdd(current: readonly string[], text: string): TagPlan {
  const { tags, invalid } = parseTagInput(text);
  if (invalid.length > 0) {
    const named = invalid.map((t) => `“${t}”`).join(", ");
    return { ok: false, message: `${named}: a tag is ${TAG_RULE}` };
  }
  if (tags.length === 0) return { ok: false, message: "Type a tag first" };
  const add = tags.filter((t) => !current.includes(t));
  if (add.length === 0) {
    return { ok: false, message: tags.length === 1 ? "The ticket has this tag already" : "The ticket has these tags already" };
  }
  if (current.length + add.length > MAX_TAGS_PER_TICKET) {
    const room = MAX_TAGS_PER_TICKET - current.length;
    return {
      ok: false,
      message: `A ticket has at most ${MAX_TAGS_PER_TICKET} tags; this one has room for ${room} more`,
    };
  }
  return { ok: true, add };
}

export interface SentTags {
  add: readonly string[];
  remove: readonly string[];
}

/**
 * The tag messages of a refused change (422 errors named "tags.add[1]",
 * "tags.remove[0]", "tags.add"), each naming the tag it is about, in one
 * sentence; undefined when none of the fields are about tags.
 */
export function tagFieldError(fields: Record<string, string>, sent: SentTags): string | undefined {
  const messages: string[] = [];
  for (const [field, message] of Object.entries(fields)) {
    const m = /^tags\.(add|remove)(?:\[(\d+)\])?$/.exec(field);
    if (!m) continue;
    const list = m[1] === "add" ? sent.add : sent.remove;
    const tag = m[2] === undefined ? undefined : list[Number(m[2])];
    messages.push(tag === undefined ? message : `“${tag}”: ${message}`);
  }
  return messages.length > 0 ? messages.join("; ") : undefined;
}

/** Whether a problem's field name (errors[].field) is about tags. */
export function isTagField(field: string): boolean {
  return /^tags\.(add|remove)(\[\d+\])?$/.test(field);
}
