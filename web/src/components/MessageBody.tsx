// A message's words as the mail shows them: paragraphs, line breaks, lists,
// quotes and links read by markup.ts (the mail's grammar), made into
// elements here. Text stays text (Preact escapes it; no HTML is ever
// parsed), and a link is only ever http or https, opened in a new tab
// without the console as its opener or referrer.

import type { ComponentChild, JSX } from "preact";
import { useMemo } from "preact/hooks";

import { isWebUrl, parseMarkup, type Block, type Inline } from "../markup.js";

function inline(content: readonly Inline[]): ComponentChild[] {
  return content.map((node, i) => {
    switch (node.type) {
      case "br":
        return <br key={i} />;
      case "link":
        return isWebUrl(node.url) ? (
          <a key={i} href={node.url} rel="noopener noreferrer nofollow" target="_blank">
            {node.url}
          </a>
        ) : (
          node.url
        );
      case "text":
        return node.text;
    }
  });
}

/** The elements of `list`, as MessageBody shows them. */
export function markupElements(list: readonly Block[]): JSX.Element[] {
  return list.map((block, i) => {
    switch (block.type) {
      case "paragraph":
        return <p key={i}>{inline(block.content)}</p>;
      case "quote":
        return <blockquote key={i}>{markupElements(block.blocks)}</blockquote>;
      case "list": {
        const items = block.items.map((item, k) => <li key={k}>{inline(item)}</li>);
        return block.ordered ? (
          <ol key={i} start={block.start ?? undefined}>
            {items}
          </ol>
        ) : (
          <ul key={i}>{items}</ul>
        );
      }
    }
  });
}

interface Props {
  text: string;
}

/** `text` as blocks in a `div.message__body`. */
export function MessageBody({ text }: Props) {
  const parsed = useMemo(() => parseMarkup(text), [text]);
  return <div class="message__body markup">{markupElements(parsed)}</div>;
}
