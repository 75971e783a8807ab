// The field that names the ticket to merge into: a combobox (ARIA 1.2, list
// autocomplete) whose suggestions are the same tenant's tickets. A key
// ("acme-42", or just "42") is looked up as it is; other words search the
// subjects (GET /admin/v1/tickets?tenant=&q=; closed tickets left out, as
// ticketd merges into none). Down and Up move through the suggestions, Enter
// takes one, Escape closes the list (a second Escape, the dialog).

import { useEffect, useRef, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { TicketSummary } from "../../api/types.js";
import { describeSignedInError } from "../../errors.js";
import { statusWord } from "../../format.js";
import { TextField } from "../Field.js";

const SEARCH_DELAY_MS = 250;
const SUGGESTIONS = 8;

/** The key `text` names in `tenant` ("42" and "acme-42" are acme-42), or null. */
export function keyIn(text: string, tenant: string): string | null {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return `${tenant}-${Number(t)}`;
  const m = /^(.+)-(\d+)$/.exec(t);
  return m && m[1] === tenant.toLowerCase() ? `${tenant}-${Number(m[2])}` : null;
}

async function suggest(text: string, tenant: string, exclude: string): Promise<TicketSummary[]> {
  const found: TicketSummary[] = [];
  const key = keyIn(text, tenant);
  if (key) {
    try {
      const { data } = await api.GET("/admin/v1/tickets/{id}", { params: { path: { id: key } } });
      if (data && data.tenant === tenant) found.push(data);
    } catch (e) {
      if (describeSignedInError(e).status !== 404) throw e; // no such ticket: the subjects may still match
    }
  }
  const { data } = await api.GET("/admin/v1/tickets", {
    params: { query: { tenant, q: text.trim(), limit: SUGGESTIONS, sort: "-updated" } },
  });
  for (const t of data?.items ?? []) {
    if (t.status !== "closed" && !found.some((f) => f.id === t.id)) found.push(t);
  }
  return found.filter((t) => t.id !== exclude).slice(0, SUGGESTIONS);
}

interface Props {
  id: string;
  label: string;
  /** The ticket being merged: its tenant's tickets are offered, not itself. */
  source: TicketSummary;
  value: string;
  onInput(text: string): void;
  /** A suggestion taken (its key is now the value). */
  onPick(ticket: TicketSummary): void;
  error?: string | undefined;
}

export function MergeTargetField({ id, label, source, value, onInput, onPick, error }: Props) {
  const [options, setOptions] = useState<TicketSummary[]>([]);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const [found, setFound] = useState<number | null>(null); // null: not searched
  const asked = useRef(0); // only the latest search's answer counts
  const picked = useRef<string | null>(null);

  useEffect(() => {
    const text = value.trim();
    if (!text || text === picked.current) {
      setOptions([]);
      setExpanded(false);
      setStatus("");
      setFound(null);
      return;
    }
    const n = ++asked.current;
    const timer = setTimeout(() => {
      suggest(text, source.tenant, source.id).then(
        (tickets) => {
          if (n !== asked.current) return;
          setOptions(tickets);
          setActive(-1);
          setExpanded(tickets.length > 0);
          setFound(tickets.length);
          setStatus(
            tickets.length === 0
              ? `No open ${source.tenant} ticket matches “${text}”.`
              : `${tickets.length} ${tickets.length === 1 ? "ticket matches" : "tickets match"}: Down to choose.`,
          );
        },
        (e: unknown) => {
          if (n !== asked.current) return;
          setStatus(describeSignedInError(e).summary);
          setFound(0); // shown, as "no match" is
        },
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, source.tenant, source.id]);

  const pick = (t: TicketSummary) => {
    picked.current = t.key;
    setExpanded(false);
    setActive(-1);
    onPick(t);
  };

  const optionId = (i: number) => `${id}-option-${i}`;
  return (
    <div class="combobox">
      <TextField
        id={id}
        label={label}
        hint={`Its key (${source.tenant}-42) or words from its subject.`}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-listbox`}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        autocomplete="off"
        spellcheck={false}
        value={value}
        error={error}
        onInput={(e) => {
          picked.current = null;
          onInput(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && options.length > 0) {
            e.preventDefault();
            setExpanded(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === "ArrowUp" && expanded) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter" && expanded && active >= 0) {
            const t = options[active];
            if (t) {
              e.preventDefault(); // takes the suggestion; the next Enter merges
              pick(t);
            }
          } else if (e.key === "Escape" && expanded) {
            e.preventDefault(); // the list closes, not the dialog
            setExpanded(false);
            setActive(-1);
          }
        }}
        onBlur={() => setExpanded(false)}
      />
      <ul id={`${id}-listbox`} role="listbox" aria-label={`Tickets of ${source.tenant}`} class="combobox__list" hidden={!expanded}>
        {options.map((t, i) => (
          <li
            key={t.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            class={i === active ? "combobox__option combobox__option--active" : "combobox__option"}
            // Keeps the focus in the field (a click would blur it first).
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(t)}
          >
            <span class="combobox__key">{t.key}</span> <span>{t.subject}</span>{" "}
            <span class="combobox__status">({statusWord(t.status, "staff")})</span>
          </li>
        ))}
      </ul>
      {/* Said to a screen reader as the list changes; shown when nothing matches. */}
      <p class={found === 0 ? "field__hint" : "visually-hidden"} role="status">
        {status}
      </p>
    </div>
  );
}
