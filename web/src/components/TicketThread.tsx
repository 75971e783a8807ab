// A ticket's conversation, oldest first: each message an <article> with its
// author and time. Bodies are read as the mail reads them (paragraphs,
// lists, quotes, links: MessageBody) and made into elements, never HTML.
// Internal notes, which only staff see, carry a visible label and look
// different, so a note is never mistaken for a reply the customer got; so
// do its files. A message may be files alone, without text. A held mail
// (staff only) says why it was held and, where `acceptHeld` is given, offers
// to accept it as the requester's reply. A message that came by mail keeps
// the history it quoted, folded away, and (for staff) the mail as it came.

import type { Message } from "../api/types.js";
import { roleWord, type Audience } from "../format.js";
import { formatBytes } from "../attachments.js";
import { AttachmentList, DownloadLink } from "./attachments/AttachmentList.js";
import { LocalTime } from "./LocalTime.js";
import { MessageBody } from "./MessageBody.js";
import { HeldMail } from "./ticket/HeldMail.js";

function authorRole(role: string, audience: Audience): string | null {
  if (audience === "staff") return roleWord(role);
  return role === "customer" || role === "customer_admin" ? null : role === "system" ? "Automatic" : "Support";
}

interface Props {
  messages: readonly Message[];
  audience: Audience;
  /** Accepts the held mail with this id (the agent's screen, on a ticket still open). */
  acceptHeld?: (messageId: string) => Promise<unknown>;
}

export function TicketThread({ messages, audience, acceptHeld }: Props) {
  return (
    <section class="thread" aria-labelledby="thread-heading">
      <h2 id="thread-heading">Conversation</h2>
      {messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ol class="thread__list">
          {messages.map((m) => {
            const role = authorRole(m.author.role, audience);
            return (
              <li key={m.id}>
                <article class={m.internal ? "message message--internal" : "message"}>
                  <header class="message__header">
                    <span class="message__author">{m.author.name || m.author.id}</span>
                    {role && <span class="message__role">{role}</span>}
                    {m.internal && <strong class="tag tag--internal">Internal note</strong>}
                    {m.accepted_from && <span class="message__role">accepted from a held mail</span>}
                    <LocalTime iso={m.created_at} />
                  </header>
                  {m.held && <HeldMail held={m.held} accept={acceptHeld && (() => acceptHeld(m.id))} />}
                  {m.body && <MessageBody text={m.body} />}
                  {m.quoted && (
                    <details class="message__quoted">
                      <summary>Show the quoted text</summary>
                      <MessageBody text={m.quoted} />
                    </details>
                  )}
                  <AttachmentList attachments={m.attachments} internal={m.internal} />
                  {m.original && (
                    <p class="message__original">
                      <DownloadLink url={m.original.url} name={`${m.id}.eml`}>
                        The mail as it came
                      </DownloadLink>{" "}
                      ({formatBytes(m.original.size)})
                    </p>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
