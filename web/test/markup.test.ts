// Message bodies (src/markup.ts, components/MessageBody.tsx) against the
// cases the mail's renderer answers too (tests/markup/cases.json, checked
// in C++ by tests/api/notifications/markup_cases_test.cc): each input's
// tree, and the elements MessageBody makes of it, written as HTML here
// must be the case's html (markup_html without its inline styles).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";

import type { ComponentChild, VNode } from "preact";

import { markupElements } from "../src/components/MessageBody.js";
import { parseMarkup, type Block, type Inline } from "../src/markup.js";

interface Case {
  name: string;
  input: string;
  html: string;
}

/**
 * The shared cases. The tests run compiled in another directory (a build
 * tree's test-js/, or a temporary one) with web/node_modules linked in, so
 * web/ is where preact resolves from.
 */
function loadCases(): Case[] {
  const preact = createRequire(import.meta.url).resolve("preact/package.json");
  const web = dirname(dirname(dirname(preact)));
  const path = join(web, "..", "tests", "markup", "cases.json");
  return JSON.parse(readFileSync(path, "utf8")) as Case[];
}

const cases = loadCases();

/** As the mail escapes text: & < > " ' as entities. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function inlineHtml(content: readonly Inline[]): string {
  return content
    .map((node) => {
      switch (node.type) {
        case "text":
          return escape(node.text);
        case "br":
          return "<br>";
        case "link":
          return `<a href="${escape(node.url)}">${escape(node.url)}</a>`;
      }
    })
    .join("");
}

/** The tree as markup_html writes it, without styles. */
function treeHtml(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return `<p>${inlineHtml(block.content)}</p>`;
        case "quote":
          return `<blockquote>${treeHtml(block.blocks)}</blockquote>`;
        case "list": {
          const items = block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join("");
          if (!block.ordered) return `<ul>${items}</ul>`;
          const start = block.start === null ? "" : ` start="${block.start}"`;
          return `<ol${start}>${items}</ol>`;
        }
      }
    })
    .join("");
}

const LINK_PROPS = { href: "", rel: "noopener noreferrer nofollow", target: "_blank" };

/**
 * Preact's elements as HTML, checking on the way that they are only the
 * elements and attributes markup makes: no HTML is ever set, every link
 * has the console's rel and target (written as markup_html writes an <a>).
 */
function vnodeHtml(child: ComponentChild): string {
  if (child === null || child === undefined || typeof child === "boolean") return "";
  if (Array.isArray(child)) return child.map(vnodeHtml).join("");
  if (typeof child === "string" || typeof child === "number") return escape(String(child));
  const node = child as VNode<Record<string, unknown>>;
  assert.equal(typeof node.type, "string", "only elements, no components");
  const tag = node.type as string;
  const { children, ...props } = node.props;
  assert.ok(["p", "br", "ul", "ol", "li", "blockquote", "a"].includes(tag), `element <${tag}>`);
  assert.ok(!("dangerouslySetInnerHTML" in props), "no HTML set");
  let attributes = "";
  if (tag === "a") {
    assert.deepEqual(Object.keys(props).sort(), Object.keys(LINK_PROPS).sort(), "a link's attributes");
    assert.equal(props["rel"], LINK_PROPS.rel);
    assert.equal(props["target"], LINK_PROPS.target);
    assert.match(String(props["href"]), /^https?:\/\//i, "only http and https");
    attributes = ` href="${escape(String(props["href"]))}"`;
  } else if (tag === "ol" && props["start"] !== undefined) {
    attributes = ` start="${String(props["start"])}"`;
  } else {
    assert.deepEqual(
      Object.keys(props).filter((k) => props[k] !== undefined),
      [],
      `<${tag}> has no attributes`,
    );
  }
  if (tag === "br") return "<br>";
  return `<${tag}${attributes}>${vnodeHtml(children as ComponentChild)}</${tag}>`;
}

test("the shared case file has enough cases, each named once", () => {
  assert.ok(cases.length >= 25, `${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const c of cases) {
  test(`tree: ${c.name}`, () => {
    assert.equal(treeHtml(parseMarkup(c.input)), c.html);
  });
  test(`elements: ${c.name}`, () => {
    assert.equal(vnodeHtml(markupElements(parseMarkup(c.input))), c.html);
  });
}

test("text is never a tag: a script stays words in a paragraph", () => {
  assert.deepEqual(parseMarkup("<script>alert(1)</script>"), [
    { type: "paragraph", content: [{ type: "text", text: "<script>alert(1)</script>" }] },
  ]);
});

test("the tree of a reply with a list, a link and a quote", () => {
  assert.deepEqual(parseMarkup("Hi,\n- one\n- two\n\nSee https://x.test/a.\n> earlier"), [
    { type: "paragraph", content: [{ type: "text", text: "Hi," }] },
    {
      type: "list",
      ordered: false,
      items: [[{ type: "text", text: "one" }], [{ type: "text", text: "two" }]],
    },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "See " },
        { type: "link", url: "https://x.test/a" },
        { type: "text", text: "." },
      ],
    },
    { type: "quote", blocks: [{ type: "paragraph", content: [{ type: "text", text: "earlier" }] }] },
  ]);
});

test("a numbered list keeps its first number as start", () => {
  const [list] = parseMarkup("3. c\n4. d");
  assert.deepEqual(list, {
    type: "list",
    ordered: true,
    start: 3,
    items: [[{ type: "text", text: "c" }], [{ type: "text", text: "d" }]],
  });
});
